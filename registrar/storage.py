"""The S3 step: upload evaluation reports for ModelMetrics, once per content."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from .model_metrics import CONTENT_TYPE, MetricsUpload
from .sagemaker import error_code, to_sagemaker_error

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

logger = logging.getLogger(__name__)


def upload_reports(client: S3Client, uploads: list[MetricsUpload]) -> None:
    """Upload each report unless an object with its digest already exists."""
    for upload in uploads:
        if _exists(client, upload):
            logger.info("%s is already at %s", upload.source, upload.uri)
            continue
        _put(client, upload)
        logger.info("Uploaded %s to %s", upload.source, upload.uri)


def _exists(client: S3Client, upload: MetricsUpload) -> bool:
    from botocore.exceptions import ClientError

    try:
        client.head_object(Bucket=upload.bucket, Key=upload.key)
    except ClientError as err:
        if error_code(err) in ("404", "NoSuchKey", "NotFound"):
            return False
        raise to_sagemaker_error(
            err, "HeadObject", upload.uri, iam_action="s3:GetObject"
        ) from err
    return True


def _put(client: S3Client, upload: MetricsUpload) -> None:
    from botocore.exceptions import ClientError

    try:
        client.put_object(
            Bucket=upload.bucket,
            Key=upload.key,
            Body=upload.body,
            ContentType=CONTENT_TYPE,
        )
    except ClientError as err:
        raise to_sagemaker_error(
            err, "PutObject", upload.uri, iam_action="s3:PutObject"
        ) from err
