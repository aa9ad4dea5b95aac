"""The idempotency key that lets a re-run find the version an earlier run made."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

# Customer metadata key that records the key on the package. Letters, digits and
# underscores only, so that it is also a valid SageMaker Search property path.
IDEMPOTENCY_METADATA_KEY = "registrar_idempotency_key"


def compute_idempotency_key(
    *,
    group: str,
    model_data_url: str,
    image_uri: str,
    commit_sha: str | None,
    card_content: dict[str, Any],
) -> str:
    """Return a UUID-shaped key derived from what defines the registration.

    The card content carries the metrics and the card text, so a changed report
    or card is a new registration. The key fits ClientToken (at most 36
    letters, digits and hyphens), which boto3 otherwise fills with a random
    UUID per call. A new process would then create a second version.
    """
    identity = {
        "group": group,
        "model_data_url": model_data_url,
        "image_uri": image_uri,
        "commit_sha": commit_sha or "",
        "card_sha256": hashlib.sha256(
            json.dumps(card_content, sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest(),
    }
    digest = hashlib.sha256(
        json.dumps(identity, sort_keys=True, separators=(",", ":")).encode()
    ).digest()
    return str(uuid.UUID(bytes=digest[:16], version=5))
