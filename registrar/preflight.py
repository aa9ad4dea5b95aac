"""Pre-flight checks: the artifact exists and the image tag resolves to a digest.

A registry entry is only as trustworthy as what it points to. The model data
URL is checked with S3 HeadObject. An Amazon ECR image tag is resolved to its
digest with ECR DescribeImages, so the registered version names the exact
image even if the tag is pushed again later.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .config import ActionInputs
from .errors import InputError
from .sagemaker import ClientSettings, error_code, error_message, to_sagemaker_error

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

logger = logging.getLogger(__name__)

# Every customer metadata key the checks may add, with stand-in values.
PREFLIGHT_METADATA = {
    "model-data-size": "0",
    "model-data-etag": "0",
    "image-digest": "0",
    "image-tag": "0",
}

_ECR_HOST = re.compile(
    r"^(?P<account>[0-9]{12})\.dkr\.ecr(-fips)?\.(?P<region>[a-z0-9-]+)"
    r"\.amazonaws\.com(\.cn)?$"
)
_MISSING_OBJECT_CODES = frozenset({"404", "NoSuchKey", "NotFound", "NoSuchBucket"})
_DENIED_CODES = frozenset({"403", "AccessDenied", "AccessDeniedException"})


@dataclass(frozen=True)
class EcrImage:
    """An image reference in Amazon ECR, split into the DescribeImages fields."""

    registry_id: str
    region: str
    repository: str
    tag: str | None
    digest: str | None

    @property
    def repository_uri(self) -> str:
        """Return the image's URI without tag or digest."""
        return (
            f"{self.registry_id}.dkr.ecr.{self.region}.amazonaws.com/{self.repository}"
        )


@dataclass(frozen=True)
class PreflightResult:
    """Result of the checks: inputs to register with and metadata to record."""

    inputs: ActionInputs
    metadata: dict[str, str]


def parse_ecr_image(image_uri: str) -> EcrImage | None:
    """Return the ECR parts of `image_uri`, or None for an image outside ECR."""
    host, _, rest = image_uri.partition("/")
    match = _ECR_HOST.match(host)
    if not match:
        return None
    digest = None
    if "@" in rest:
        rest, _, digest = rest.partition("@")
    repository, _, tag = rest.partition(":")
    return EcrImage(
        registry_id=match.group("account"),
        region=match.group("region"),
        repository=repository,
        tag=tag or (None if digest else "latest"),
        digest=digest,
    )


def check_model_data(client: S3Client, uri: str) -> dict[str, str]:
    """Return the artifact's size and ETag as metadata, or raise InputError."""
    from botocore.exceptions import ClientError

    bucket, _, key = uri.removeprefix("s3://").partition("/")
    try:
        head = client.head_object(Bucket=bucket, Key=key)
    except ClientError as err:
        code = error_code(err)
        if code in _MISSING_OBJECT_CODES:
            raise InputError(
                f"model-data-url: {uri} does not exist; upload the model archive "
                "first or fix the URI"
            ) from err
        if code in _DENIED_CODES:
            raise InputError(
                f"model-data-url: {uri} is not readable by this role; allow "
                "s3:GetObject on it, or set preflight: false"
            ) from err
        raise to_sagemaker_error(
            err, "HeadObject", uri, iam_action="s3:GetObject"
        ) from err
    return {
        "model-data-size": str(head["ContentLength"]),
        "model-data-etag": str(head["ETag"]).strip('"'),
    }


def check_metrics_bucket(client: S3Client, prefix: str) -> None:
    """Raise InputError unless the bucket of `metrics-s3-prefix` exists and is ours."""
    from botocore.exceptions import ClientError

    bucket = prefix.removeprefix("s3://").partition("/")[0]
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError as err:
        code = error_code(err)
        if code in _MISSING_OBJECT_CODES:
            raise InputError(
                f"metrics-s3-prefix: bucket '{bucket}' does not exist; create it or "
                "fix the prefix"
            ) from err
        if code in _DENIED_CODES:
            raise InputError(
                f"metrics-s3-prefix: bucket '{bucket}' is not accessible to this "
                "role; allow s3:ListBucket on it and s3:PutObject under the prefix"
            ) from err
        raise to_sagemaker_error(
            err, "HeadBucket", f"s3://{bucket}", iam_action="s3:ListBucket"
        ) from err


def resolve_image_digest(
    client: Any, image: EcrImage, uri: str, caller_account: Callable[[], str]
) -> str | None:
    """Return the image's digest, or None when ECR does not let this role look.

    A missing tag, or a missing repository in the caller's own account, is an
    InputError. A repository in another account, such as the AWS Deep Learning
    Containers registry, may not grant ecr:DescribeImages to the caller, and
    then ECR reports it as missing. That case and AccessDenied are warnings.
    `caller_account` is asked only then.
    """
    from botocore.exceptions import ClientError

    image_id = (
        {"imageDigest": image.digest} if image.digest else {"imageTag": image.tag}
    )
    try:
        response = client.describe_images(
            registryId=image.registry_id,
            repositoryName=image.repository,
            imageIds=[image_id],
        )
    except ClientError as err:
        code = error_code(err)
        foreign = (
            code == "RepositoryNotFoundException"
            and caller_account() != image.registry_id
        )
        if foreign or code in _DENIED_CODES:
            logger.warning(
                "Cannot check %s: ECR does not show this role the repository "
                "(%s); it is registered as given",
                uri,
                error_message(err),
            )
            return None
        if code in ("RepositoryNotFoundException", "ImageNotFoundException"):
            raise InputError(
                f"image-uri: {uri} was not found in Amazon ECR "
                f"({error_message(err)}); push the image first or fix the URI"
            ) from err
        raise to_sagemaker_error(
            err, "DescribeImages", uri, iam_action="ecr:DescribeImages"
        ) from err
    details = response.get("imageDetails", [])
    return str(details[0]["imageDigest"]) if details else None


def run_preflight(inputs: ActionInputs, settings: ClientSettings) -> PreflightResult:
    """Check the artifact and the image; return the inputs to register with.

    With `pin-image-digest`, an ECR image given by tag is registered as
    `repository@sha256:...`, and the tag is kept in the metadata.
    """
    from .sagemaker import make_ecr_client, make_s3_client

    s3 = make_s3_client(settings)
    metadata = check_model_data(s3, inputs.model_data_url)
    if inputs.metrics_s3_prefix:
        check_metrics_bucket(s3, inputs.metrics_s3_prefix)
    logger.info(
        "%s exists (%s bytes)", inputs.model_data_url, metadata["model-data-size"]
    )
    image = parse_ecr_image(inputs.image_uri)
    if image is None:
        logger.warning(
            "%s is not in Amazon ECR, so it cannot be checked or pinned to a "
            "digest; it is registered as given",
            inputs.image_uri,
        )
        return PreflightResult(inputs, metadata)
    ecr_settings = ClientSettings(
        region=image.region,
        endpoint_url=settings.endpoint_url,
        retry_mode=settings.retry_mode,
        max_attempts=settings.max_attempts,
    )
    digest = resolve_image_digest(
        make_ecr_client(ecr_settings),
        image,
        inputs.image_uri,
        lambda: caller_account(settings),
    )
    if digest is None:
        return PreflightResult(inputs, metadata)
    metadata["image-digest"] = digest
    if image.tag and not image.digest:
        metadata["image-tag"] = image.tag
        logger.info("%s is %s", inputs.image_uri, digest)
        if inputs.pin_image_digest:
            pinned = f"{image.repository_uri}@{digest}"
            return PreflightResult(
                inputs.model_copy(update={"image_uri": pinned}), metadata
            )
    return PreflightResult(inputs, metadata)


def caller_account(settings: ClientSettings) -> str:
    """Return the account id of the credentials (STS GetCallerIdentity)."""
    from .sagemaker import make_sts_client

    return str(make_sts_client(settings).get_caller_identity()["Account"])


def should_run(inputs: ActionInputs) -> bool:
    """Return whether the checks run: `auto` runs them except in a dry run."""
    if inputs.preflight == "auto":
        return not inputs.dry_run
    return inputs.preflight == "true"
