"""The AWS step: every boto3 call, and the mapping of AWS errors to SageMakerError.

boto3 is imported only here, and only when a client is made, so that dry runs
and input errors never pay for its import.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from . import __version__
from .errors import SageMakerError

if TYPE_CHECKING:
    from botocore.exceptions import ClientError
    from types_boto3_s3 import S3Client
    from types_boto3_sagemaker import SageMakerClient

logger = logging.getLogger(__name__)

# Error codes that mean the caller lacks an IAM permission.
ACCESS_DENIED_CODES = frozenset(
    {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"}
)
# Statuses that a group or package passes through before it is usable.
PENDING_STATUSES = frozenset({"Pending", "InProgress"})


class WaitTimeoutError(SageMakerError):
    """A resource stayed Pending or InProgress for longer than the time-out."""


@dataclass(frozen=True)
class ClientSettings:
    """How to reach SageMaker: region, endpoint and retry behaviour."""

    region: str
    endpoint_url: str | None = None
    retry_mode: Literal["standard", "adaptive"] = "standard"
    max_attempts: int = 5


def make_client(settings: ClientSettings) -> SageMakerClient:
    """Return a SageMaker client with explicit retries and the action's user agent."""
    client: SageMakerClient = _make_service_client("sagemaker", settings)
    return client


def make_s3_client(settings: ClientSettings) -> S3Client:
    """Return an S3 client with the same retries, endpoint and user agent."""
    client: S3Client = _make_service_client("s3", settings)
    return client


def make_ecr_client(settings: ClientSettings) -> Any:
    """Return an Amazon ECR client with the same retries, endpoint and user agent."""
    return _make_service_client("ecr", settings)


def make_sts_client(settings: ClientSettings) -> Any:
    """Return an AWS STS client with the same retries, endpoint and user agent."""
    return _make_service_client("sts", settings)


def _make_service_client(service: str, settings: ClientSettings) -> Any:
    """Return a boto3 client for `service`.

    The retry mode is set explicitly so that behaviour does not depend on the
    botocore release in the image (older releases default to legacy retries).
    """
    import boto3
    from botocore.config import Config

    config = Config(
        # total_max_attempts counts the first attempt; botocore's max_attempts
        # in a Config counts retries only.
        retries={
            "mode": settings.retry_mode,
            "total_max_attempts": settings.max_attempts,
        },
        user_agent_extra=f"sagemaker-model-registrar/{__version__}",
        connect_timeout=10,
        read_timeout=60,
    )
    return boto3.client(
        service,  # type: ignore[call-overload]
        region_name=settings.region,
        endpoint_url=settings.endpoint_url,
        config=config,
    )


def describe_client_failure(err: Exception) -> str | None:
    """Return a fix-oriented message for a botocore failure that is not an AWS
    error response (no credentials, no connection), or None for anything else.
    """
    if not type(err).__module__.startswith("botocore"):
        return None
    from botocore.exceptions import (
        ClientError,
        ConnectTimeoutError,
        EndpointConnectionError,
        NoCredentialsError,
        PartialCredentialsError,
    )

    if isinstance(err, ClientError):
        return None
    if isinstance(err, NoCredentialsError | PartialCredentialsError):
        return (
            f"no usable AWS credentials ({err}); run "
            "aws-actions/configure-aws-credentials before this step"
        )
    if isinstance(err, EndpointConnectionError | ConnectTimeoutError):
        return (
            f"could not connect to AWS ({err}); check endpoint-url, the region "
            "and the runner's network access"
        )
    return f"the AWS request failed: {type(err).__name__}: {err}"


def error_code(err: ClientError) -> str:
    """Return the AWS error code of a ClientError."""
    return str(err.response.get("Error", {}).get("Code", ""))


def error_message(err: ClientError) -> str:
    """Return the AWS error message of a ClientError."""
    return str(err.response.get("Error", {}).get("Message", ""))


def to_sagemaker_error(
    err: ClientError,
    operation: str,
    resource: str,
    hint: str | None = None,
    iam_action: str | None = None,
) -> SageMakerError:
    """Return one SageMakerError naming the operation, resource, code and fix.

    For AccessDenied the fix names the IAM action, `sagemaker:<operation>`
    unless `iam_action` names another.
    """
    code = error_code(err)
    request_id = err.response.get("ResponseMetadata", {}).get("RequestId")
    text = f"{operation} failed for {resource}: {code}: {error_message(err)}"
    if request_id:
        text += f" (request id {request_id})"
    if code in ACCESS_DENIED_CODES:
        text += (
            f". The role lacks {iam_action or 'sagemaker:' + operation}; allow it "
            "in the role's IAM policy for this resource"
        )
    elif hint:
        text += f". {hint}"
    return SageMakerError(text)


def call(
    operation: str,
    resource: str,
    function: Callable[..., Any],
    request: dict[str, Any],
    hint: str | None = None,
) -> dict[str, Any]:
    """Call one SageMaker operation; map a ClientError to SageMakerError."""
    from botocore.exceptions import ClientError

    logger.debug("%s request: %s", operation, request)
    try:
        response: dict[str, Any] = function(**request)
    except ClientError as err:
        raise to_sagemaker_error(err, operation, resource, hint) from err
    return response


def is_missing(err: ClientError, *texts: str) -> bool:
    """Return whether `err` reports that a resource does not exist.

    SageMaker reports a missing group as a ValidationException and a message
    that contains "does not exist", and a missing card as ResourceNotFound.
    """
    code = error_code(err)
    if code == "ResourceNotFound":
        return True
    message = error_message(err)
    return code == "ValidationException" and any(text in message for text in texts)


def wait_until(
    describe: Callable[[], dict[str, Any]],
    status_key: str,
    *,
    timeout_seconds: float,
    resource: str,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] | None = None,
) -> dict[str, Any]:
    """Poll `describe` with back-off until `status_key` leaves Pending/InProgress.

    Waits 2, 4, 8 ... seconds, capped at 30, and raises WaitTimeoutError when
    the time-out passes first. Returns the last response, whatever its status.
    """
    sleep = sleep or time.sleep
    clock = clock or time.monotonic
    deadline = clock() + timeout_seconds
    delay = 2.0
    while True:
        response = describe()
        status = response.get(status_key)
        if status not in PENDING_STATUSES:
            return response
        if clock() + delay > deadline:
            raise WaitTimeoutError(
                f"{resource} is still {status} after {timeout_seconds:g} seconds"
            )
        logger.info("%s is %s; checking again in %g s", resource, status, delay)
        sleep(delay)
        delay = min(delay * 2, 30.0)
