"""Record the requests a boto3 client sends, as the service receives them.

The spy reads the serialised JSON body, so it records what botocore adds too
(such as an automatic ClientToken).
"""

from __future__ import annotations

import json
from typing import Any


class RequestSpy:
    """Collects (operation, params) for every call made through attached clients."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def attach_to(self, client: Any) -> Any:
        """Record the calls of `client` from now on; return the client."""
        client.meta.events.register("before-call.*.*", self._record)
        return client

    def _record(self, model: Any, params: dict[str, Any], **_: Any) -> None:
        body = params.get("body") or b"{}"
        try:
            request = json.loads(body)
        except (ValueError, TypeError):
            request = {}
        self.calls.append((model.name, request if isinstance(request, dict) else {}))

    def operations(self) -> list[str]:
        """Return the operation names in call order."""
        return [name for name, _ in self.calls]

    def requests(self, operation: str) -> list[dict[str, Any]]:
        """Return the request bodies sent for `operation`, in call order."""
        return [body for name, body in self.calls if name == operation]
