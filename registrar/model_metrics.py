"""Attach evaluation reports to the package as ModelMetrics (S3 objects, by digest).

ModelMetrics can only point at S3 objects, so each report is uploaded unchanged
under `metrics-s3-prefix`. The object key contains the SHA-256 of the bytes, so
a re-run finds the same object instead of writing a second copy.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/json"

# ModelMetrics slot of each report kind: (section, member).
SLOTS = {
    "quality": ("ModelQuality", "Statistics"),
    "bias": ("Bias", "Report"),
    "explainability": ("Explainability", "Report"),
}


@dataclass(frozen=True)
class MetricsUpload:
    """One report to upload: where it goes and what it holds."""

    source: str
    bucket: str
    key: str
    body: bytes
    digest: str  # "sha256:<hex>" of body, as ModelMetrics' ContentDigest wants it
    kind: str

    @property
    def uri(self) -> str:
        """Return the object's S3 URI."""
        return f"s3://{self.bucket}/{self.key}"


def plan_uploads(prefix: str, evaluations: list[Any]) -> list[MetricsUpload]:
    """Return one upload per report kind; warn about reports that share a slot."""
    bucket, _, base = prefix[len("s3://") :].partition("/")
    uploads: dict[str, MetricsUpload] = {}
    for evaluation in evaluations:
        kind = evaluation.report_kind
        if kind in uploads:
            logger.warning(
                "ModelMetrics takes one %s report; %s is in the model card but not "
                "attached to the package (%s is)",
                kind,
                evaluation.source,
                uploads[kind].source,
                extra={"file": evaluation.source},
            )
            continue
        hex_digest = hashlib.sha256(evaluation.raw).hexdigest()
        name = PurePosixPath(evaluation.source.replace("\\", "/")).name
        key = "/".join(part for part in (base.strip("/"), hex_digest, name) if part)
        uploads[kind] = MetricsUpload(
            source=evaluation.source,
            bucket=bucket,
            key=key,
            body=evaluation.raw,
            digest=f"sha256:{hex_digest}",
            kind=kind,
        )
    return list(uploads.values())


def build_model_metrics(uploads: list[MetricsUpload]) -> dict[str, Any]:
    """Return the CreateModelPackage ModelMetrics member for the uploads."""
    metrics: dict[str, Any] = {}
    for upload in uploads:
        section, member = SLOTS[upload.kind]
        metrics.setdefault(section, {})[member] = {
            "ContentType": CONTENT_TYPE,
            "S3Uri": upload.uri,
            "ContentDigest": upload.digest,
        }
    return metrics
