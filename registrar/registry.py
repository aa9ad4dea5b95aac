"""Model Registry steps: make sure the group exists, then register a version."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from .errors import SageMakerError
from .sagemaker import (
    PENDING_STATUSES,
    WaitTimeoutError,
    call,
    error_code,
    error_message,
    is_missing,
    to_sagemaker_error,
    wait_until,
)

if TYPE_CHECKING:
    from botocore.exceptions import ClientError
    from types_boto3_sagemaker import SageMakerClient

logger = logging.getLogger(__name__)

GROUP_WAIT_SECONDS = 60.0


def describe_group(client: SageMakerClient, group: str) -> dict[str, Any] | None:
    """Return DescribeModelPackageGroup for `group` (name or ARN), None if missing."""
    from botocore.exceptions import ClientError

    try:
        return dict(client.describe_model_package_group(ModelPackageGroupName=group))
    except ClientError as err:
        if is_missing(err, "does not exist"):
            return None
        raise _group_error(err, group, "DescribeModelPackageGroup") from err


def _describe_existing_group(client: SageMakerClient, group: str) -> dict[str, Any]:
    described = describe_group(client, group)
    if described is None:
        raise SageMakerError(f"model package group '{group}' disappeared while waiting")
    return described


def _group_error(err: ClientError, group: str, operation: str) -> SageMakerError:
    return to_sagemaker_error(err, operation, f"model package group '{group}'")


def ensure_group(
    client: SageMakerClient,
    request: dict[str, Any],
    *,
    group: str,
    create: bool,
    described: dict[str, Any] | None | bool = True,
) -> tuple[dict[str, Any], bool]:
    """Return the group's description and whether this run created the group.

    `described` is the caller's DescribeModelPackageGroup result when it has
    one (None for a missing group), and True to describe the group here.
    With `create` false (the group was given by ARN, possibly in another
    account) the group is only described, to prove access. A concurrent run may
    create the group between our describe and create. SageMaker then returns
    a ValidationException whose message states that the group already exists, and that
    counts as success.
    """
    if described is True:
        described = describe_group(client, group)
    created = False
    if described is None:
        if not create:
            raise SageMakerError(
                f"model package group '{group}' was not found or is not readable. "
                "For a group in another account, the group's resource policy must "
                "allow this account sagemaker:DescribeModelPackageGroup and "
                "sagemaker:CreateModelPackage"
            )
        created = _create_group(client, request)
        described = describe_group(client, group)
        if not isinstance(described, dict):
            raise SageMakerError(
                f"model package group '{group}' was created but cannot be described"
            )
    if not isinstance(described, dict):
        raise SageMakerError(f"model package group '{group}' cannot be described")
    if described.get("ModelPackageGroupStatus") in PENDING_STATUSES:
        # Group creation is asynchronous: versions can only go into a Completed group.
        described = wait_until(
            lambda: _describe_existing_group(client, group),
            "ModelPackageGroupStatus",
            timeout_seconds=GROUP_WAIT_SECONDS,
            resource=f"model package group '{group}'",
        )
    status = described.get("ModelPackageGroupStatus")
    if status not in (None, "Completed"):
        raise SageMakerError(
            f"model package group '{group}' is {status}; it must be Completed to "
            "register versions into it"
        )
    return described, created


def _create_group(client: SageMakerClient, request: dict[str, Any]) -> bool:
    from botocore.exceptions import ClientError

    name = request["ModelPackageGroupName"]
    try:
        client.create_model_package_group(**request)
    except ClientError as err:
        if error_code(err) == "ValidationException" and "already exists" in (
            error_message(err)
        ):
            logger.info("Model package group %s was created by another run", name)
            return False
        raise _group_error(err, name, "CreateModelPackageGroup") from err
    logger.info("Created model package group %s", name)
    return True


def create_model_package(client: SageMakerClient, request: dict[str, Any]) -> str:
    """Create the model package version and return its ARN."""
    response = call(
        "CreateModelPackage",
        f"model package group '{request['ModelPackageGroupName']}'",
        client.create_model_package,
        request,
    )
    arn = str(response["ModelPackageArn"])
    logger.info("Created model package %s", arn)
    return arn


def wait_for_model_package(
    client: SageMakerClient, arn: str, *, timeout_seconds: float
) -> dict[str, Any]:
    """Wait until the package is Completed and return its description.

    Raises SageMakerError with the failure reasons when it ends Failed.
    """
    try:
        package = wait_until(
            lambda: call(
                "DescribeModelPackage",
                f"model package '{arn}'",
                client.describe_model_package,
                {"ModelPackageName": arn},
            ),
            "ModelPackageStatus",
            timeout_seconds=timeout_seconds,
            resource=f"model package {arn}",
        )
    except WaitTimeoutError as err:
        raise SageMakerError(
            f"{err}. The package exists: {arn}. Run the workflow again (with "
            "if-exists: reuse) to wait for it and finish its model card, or raise "
            "wait-timeout-seconds"
        ) from err
    if package.get("ModelPackageStatus") == "Failed":
        raise SageMakerError(f"model package {arn} failed: {_failure_reasons(package)}")
    return package


def _failure_reasons(package: dict[str, Any]) -> str:
    details = package.get("ModelPackageStatusDetails", {})
    reasons = [
        f"{item.get('Name')}: {item.get('FailureReason') or item.get('Status')}"
        for key in ("ValidationStatuses", "ImageScanStatuses")
        for item in details.get(key, [])
        if item.get("Status") == "Failed"
    ]
    return "; ".join(reasons) or "no reason given in ModelPackageStatusDetails"


# How many of the newest versions the fallback lookup describes before it
# concludes that no earlier run registered this model.
# NOTE: only used where Search is unavailable; an older match is missed.
FALLBACK_SCAN_LIMIT = 100


def find_model_package(
    client: SageMakerClient, group: str, metadata_key: str, value: str
) -> dict[str, Any] | None:
    """Return the newest package in `group` whose customer metadata has the value.

    SageMaker Search filters on the metadata property, so the cost does not
    grow with the group. Where Search is unavailable (an emulator, or a role
    without sagemaker:Search), the newest versions are described one by one.
    """
    from botocore.exceptions import ClientError

    if not group.startswith("arn:"):
        try:
            return _search_model_package(client, group, metadata_key, value)
        except ClientError as err:
            logger.info(
                "Search for an earlier registration failed (%s: %s); checking the "
                "newest versions one by one instead",
                error_code(err),
                error_message(err),
            )
    return _scan_model_packages(client, group, metadata_key, value)


def _search_model_package(
    client: SageMakerClient, group: str, metadata_key: str, value: str
) -> dict[str, Any] | None:
    response = client.search(
        Resource="ModelPackage",
        SearchExpression={
            "Filters": [
                {"Name": "ModelPackageGroupName", "Operator": "Equals", "Value": group},
                {
                    "Name": f"CustomerMetadataProperties.{metadata_key}",
                    "Operator": "Equals",
                    "Value": value,
                },
            ]
        },
        SortBy="CreationTime",
        SortOrder="Descending",
        MaxResults=1,
    )
    results = response.get("Results", [])
    if not results:
        return None
    return dict(results[0].get("ModelPackage", {})) or None


def _scan_model_packages(
    client: SageMakerClient, group: str, metadata_key: str, value: str
) -> dict[str, Any] | None:
    from botocore.exceptions import ClientError

    try:
        return _scan_pages(client, group, metadata_key, value)
    except ClientError as err:
        raise to_sagemaker_error(
            err,
            "ListModelPackages",
            f"model package group '{group}'",
            hint="The registrar needs sagemaker:Search, or else "
            "sagemaker:ListModelPackages, to find an earlier registration",
        ) from err


def _scan_pages(
    client: SageMakerClient, group: str, metadata_key: str, value: str
) -> dict[str, Any] | None:
    paginator = client.get_paginator("list_model_packages")
    pages = paginator.paginate(
        ModelPackageGroupName=group,
        ModelPackageType="Versioned",
        SortBy="CreationTime",
        SortOrder="Descending",
        PaginationConfig={"MaxItems": FALLBACK_SCAN_LIMIT, "PageSize": 20},
    )
    for page in pages:
        for summary in page["ModelPackageSummaryList"]:
            arn = summary["ModelPackageArn"]
            package = call(
                "DescribeModelPackage",
                f"model package '{arn}'",
                client.describe_model_package,
                {"ModelPackageName": arn},
            )
            if package.get("CustomerMetadataProperties", {}).get(metadata_key) == value:
                return package
    return None


def find_champion(client: SageMakerClient, group: str) -> dict[str, Any] | None:
    """Return the newest Approved version in `group`, described, or None."""
    from botocore.exceptions import ClientError

    try:
        response = client.list_model_packages(
            ModelPackageGroupName=group,
            ModelApprovalStatus="Approved",
            ModelPackageType="Versioned",
            SortBy="CreationTime",
            SortOrder="Descending",
            MaxResults=1,
        )
    except ClientError as err:
        if is_missing(err, "does not exist"):
            return None
        raise to_sagemaker_error(
            err, "ListModelPackages", f"model package group '{group}'"
        ) from err
    summaries = response.get("ModelPackageSummaryList", [])
    if not summaries:
        return None
    arn = summaries[0]["ModelPackageArn"]
    return call(
        "DescribeModelPackage",
        f"model package '{arn}'",
        client.describe_model_package,
        {"ModelPackageName": arn},
    )


def set_approval(
    client: SageMakerClient, arn: str, status: str, description: str
) -> None:
    """Set a version's approval status and ApprovalDescription (max 1,024 chars)."""
    call(
        "UpdateModelPackage",
        f"model package '{arn}'",
        client.update_model_package,
        {
            "ModelPackageArn": arn,
            "ModelApprovalStatus": status,
            "ApprovalDescription": description,
        },
    )
