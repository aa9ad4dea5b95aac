"""Approve mode: approve or reject an existing version and record who decided.

Run from a job bound to a protected GitHub environment, the approval in AWS
follows a required reviewer in GitHub, and ApprovalDescription names the
GitHub actor and the workflow run.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from .cards import describe_model_card
from .config import ActionInputs
from .errors import InputError
from .inputs import GitHubContext
from .model_card import derive_card_name
from .sagemaker import call, is_missing, to_sagemaker_error

if TYPE_CHECKING:
    from types_boto3_sagemaker import SageMakerClient

logger = logging.getLogger(__name__)

APPROVAL_STATUS = {"approve": "Approved", "reject": "Rejected"}
# Card status for each decision when model-card-status is empty. A rejected
# version's card goes back to Draft rather than Archived, which would refuse
# the update if the version is approved later.
CARD_STATUS = {"approve": "Approved", "reject": "Draft"}


def find_version(client: SageMakerClient, inputs: ActionInputs) -> dict[str, Any]:
    """Return the described version that the inputs address, or raise InputError."""
    from botocore.exceptions import ClientError

    if inputs.model_package_arn:
        check_arn_matches_group(inputs)
    arn = inputs.model_package_arn or _version_arn(client, inputs)
    try:
        return dict(client.describe_model_package(ModelPackageName=arn))
    except ClientError as err:
        if is_missing(err, "does not exist", "not found", "Cannot find"):
            raise InputError(
                f"model-package-arn: model package {arn} does not exist; check the "
                "ARN or the version"
            ) from err
        raise to_sagemaker_error(err, "DescribeModelPackage", arn) from err


def check_arn_matches_group(inputs: ActionInputs) -> None:
    """Raise InputError when model-package-arn names another group than the input."""
    arn = inputs.model_package_arn or ""
    group = arn.rsplit("/", 2)[-2]
    if group != inputs.group_name:
        raise InputError(
            f"model-package-arn: '{arn}' is a version of group '{group}', not of "
            f"model-package-group-name '{inputs.group_name}'; fix one of them"
        )


def _version_arn(client: SageMakerClient, inputs: ActionInputs) -> str:
    group = inputs.model_package_group_name
    paginator = client.get_paginator("list_model_packages")
    requested = inputs.model_package_version
    pages = paginator.paginate(
        ModelPackageGroupName=group,
        ModelPackageType="Versioned",
        SortBy="CreationTime",
        SortOrder="Descending",
        PaginationConfig={"PageSize": 100},
    )
    for page in pages:
        for summary in page["ModelPackageSummaryList"]:
            if requested == "latest" or (
                str(summary.get("ModelPackageVersion")) == requested
            ):
                return str(summary["ModelPackageArn"])
        if requested == "latest":
            break
    raise InputError(
        f"model-package-version: group '{group}' has no version {requested}; "
        "check the version number"
    )


def build_approval_description(inputs: ActionInputs, github: GitHubContext) -> str:
    """Return who decided, where, and the note, within 1,024 characters."""
    verb = "Approved" if inputs.mode == "approve" else "Rejected"
    text = f"{verb} by {github.actor or 'an unknown actor'}"
    if github.run_url:
        text += f" in {github.run_url}"
    if inputs.approval_note:
        text += f": {inputs.approval_note}"
    return text[:1024]


def build_update_request(
    inputs: ActionInputs, github: GitHubContext, arn: str
) -> dict[str, Any]:
    """Return the UpdateModelPackage request for the decision."""
    request: dict[str, Any] = {
        "ModelPackageArn": arn,
        "ModelApprovalStatus": APPROVAL_STATUS[inputs.mode],
        "ApprovalDescription": build_approval_description(inputs, github),
    }
    if inputs.lifecycle_stage and inputs.lifecycle_stage_status:
        stage = {
            "Stage": inputs.lifecycle_stage,
            "StageStatus": inputs.lifecycle_stage_status,
        }
        if inputs.lifecycle_stage_description:
            stage["StageDescription"] = inputs.lifecycle_stage_description
        request["ModelLifeCycle"] = stage
    return request


def find_linked_card(
    client: SageMakerClient, inputs: ActionInputs, package: dict[str, Any]
) -> dict[str, Any] | None:
    """Return the version's card, or None; raise InputError for another's card.

    The card is `model-card-name`, else the per-version default name.
    """
    version = int(package["ModelPackageVersion"])
    group = str(package.get("ModelPackageGroupName") or inputs.group_name)
    name = inputs.model_card_name or derive_card_name(group, version)
    card = describe_model_card(client, name)
    if card is None:
        logger.warning("No model card named %s; only the version is updated", name)
        return None
    linked = json.loads(card.get("Content") or "{}").get("model_package_details", {})
    if linked.get("model_package_arn") not in (None, package["ModelPackageArn"]):
        raise InputError(
            f"model-card-name: model card '{name}' documents another version "
            f"({linked['model_package_arn']}); name the card of this version"
        )
    return card


def update_card_status(
    client: SageMakerClient, inputs: ActionInputs, card: dict[str, Any]
) -> dict[str, Any]:
    """Set the card's status to match the decision; return the card as it is now."""
    name = str(card["ModelCardName"])
    status = inputs.model_card_status or CARD_STATUS[inputs.mode]
    if card.get("ModelCardStatus") == status:
        return card
    call(
        "UpdateModelCard",
        f"model card '{name}'",
        client.update_model_card,
        {"ModelCardName": name, "ModelCardStatus": status},
    )
    logger.info("Model card %s is now %s", name, status)
    return describe_model_card(client, name) or {**card, "ModelCardStatus": status}


def run_approval(
    client: SageMakerClient, inputs: ActionInputs, github: GitHubContext
) -> dict[str, str]:
    """Approve or reject the addressed version; return the step outputs."""
    package = find_version(client, inputs)
    arn = str(package["ModelPackageArn"])
    # Checked before the version changes, so a wrong card name changes nothing.
    card = find_linked_card(client, inputs, package)
    request = build_update_request(inputs, github, arn)
    call(
        "UpdateModelPackage",
        f"model package '{arn}'",
        client.update_model_package,
        request,
    )
    logger.info("%s is now %s", arn, request["ModelApprovalStatus"])
    if card is not None:
        card = update_card_status(client, inputs, card)
    return {
        "model-package-arn": arn,
        "model-package-version": str(package["ModelPackageVersion"]),
        "approval-status": request["ModelApprovalStatus"],
        "model-card-name": str(card["ModelCardName"]) if card else "",
        "model-card-arn": str(card["ModelCardArn"]) if card else "",
        "model-card-version": str(card.get("ModelCardVersion", "")) if card else "",
    }
