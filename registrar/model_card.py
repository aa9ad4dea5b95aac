"""Build model card content and the CreateModelCard request (no I/O)."""

from __future__ import annotations

import copy
import re
from typing import Any

from . import limits
from .config import ActionInputs
from .model_package import build_tags


def derive_card_name(group_name: str, version: int) -> str:
    """Return the default card name for a package version: `<group>-v<version>`.

    One card per package version keeps each card linked to exactly one version,
    which is how the SageMaker Python SDK links cards too. Characters outside the
    entity name pattern become hyphens, and the group part is cut so that the
    name stays within 63 characters.
    """
    suffix = f"-v{version}"
    base = re.sub(r"[^a-zA-Z0-9-]+", "-", group_name).strip("-") or "model"
    base = base[: limits.ENTITY_NAME_MAX - len(suffix)].rstrip("-")
    return base + suffix


def build_model_package_details(package: dict[str, Any]) -> dict[str, Any]:
    """Return `model_package_details` from a DescribeModelPackage response.

    Every value is what the service returned, never what the inputs requested, so
    the card cannot name a group or version other than the one registered.
    """
    containers = package.get("InferenceSpecification", {}).get("Containers", [])
    details: dict[str, Any] = {
        "model_package_arn": package["ModelPackageArn"],
        "model_package_name": package.get("ModelPackageName"),
        "model_package_group_name": package.get("ModelPackageGroupName"),
        "model_package_version": package.get("ModelPackageVersion"),
        "model_package_description": package.get("ModelPackageDescription"),
        "model_package_status": package.get("ModelPackageStatus"),
        "model_approval_status": package.get("ModelApprovalStatus"),
        "approval_description": package.get("ApprovalDescription"),
    }
    if containers:
        details["inference_specification"] = {
            "containers": [_card_container(container) for container in containers]
        }
    return {key: value for key, value in details.items() if value not in (None, "")}


def _card_container(container: dict[str, Any]) -> dict[str, Any]:
    fields = {
        "image": container.get("Image"),
        "model_data_url": container.get("ModelDataUrl"),
        "nearest_model_name": container.get("NearestModelName"),
    }
    return {key: value for key, value in fields.items() if value}


def build_model_card_content(
    inputs: ActionInputs,
    *,
    card_file: dict[str, Any] | None,
    evaluations: list[dict[str, Any]],
    package_details: dict[str, Any] | None,
) -> dict[str, Any]:
    """Merge the card file, the card inputs, the metrics and the package details.

    Inputs override the file's fields; the evaluations from `metrics-file`
    replace the file's `evaluation_details`, and `model_package_details` is
    always the registrar's. `package_details` is None for the embedded card,
    whose schema has no such section.
    """
    content = copy.deepcopy(card_file) if card_file else {}
    _apply_overview(content, inputs)
    _apply_intended_uses(content, inputs)
    if evaluations:
        content["evaluation_details"] = evaluations
    content.pop("model_package_details", None)
    if package_details is not None:
        content["model_package_details"] = package_details
    return content


# The card embedded in a model package allows only these model_overview fields.
EMBEDDED_OVERVIEW_FIELDS = ("model_creator", "model_artifact")


def build_embedded_card_content(content: dict[str, Any]) -> dict[str, Any]:
    """Return card content in the simplified schema of a package-embedded card.

    That schema has no model_package_details (the card is part of the package)
    and keeps only model_creator and model_artifact in model_overview.
    """
    embedded = {
        key: value for key, value in content.items() if key != "model_package_details"
    }
    overview = {
        key: value
        for key, value in content.get("model_overview", {}).items()
        if key in EMBEDDED_OVERVIEW_FIELDS
    }
    if overview:
        embedded["model_overview"] = overview
    else:
        embedded.pop("model_overview", None)
    return embedded


def replaced_card_sections(
    card_file: dict[str, Any], has_evaluations: bool
) -> list[str]:
    """Return the card file sections that the registrar replaces with its own."""
    replaced = ["model_package_details"] if "model_package_details" in card_file else []
    if has_evaluations and card_file.get("evaluation_details"):
        replaced.append("evaluation_details")
    return replaced


def _apply_overview(content: dict[str, Any], inputs: ActionInputs) -> None:
    overview = content.setdefault("model_overview", {})
    overrides = {
        "model_description": inputs.model_description,
        "model_owner": inputs.model_owner,
        "problem_type": inputs.problem_type,
        "algorithm_type": inputs.algorithm_type,
    }
    overview.update({key: value for key, value in overrides.items() if value})
    overview.setdefault("model_name", inputs.group_name)
    overview["model_artifact"] = [inputs.model_data_url]
    overview["inference_environment"] = {"container_image": [inputs.image_uri]}


def _apply_intended_uses(content: dict[str, Any], inputs: ActionInputs) -> None:
    overrides = {
        "intended_uses": inputs.intended_uses,
        "risk_rating": inputs.risk_rating,
    }
    values = {key: value for key, value in overrides.items() if value}
    if values:
        content.setdefault("intended_uses", {}).update(values)


def build_create_model_card_request(
    name: str, content: str, status: str, tags: dict[str, str]
) -> dict[str, Any]:
    """Return the CreateModelCard request; `content` is the serialised JSON text."""
    request: dict[str, Any] = {
        "ModelCardName": name,
        "Content": content,
        "ModelCardStatus": status,
    }
    if tags:
        request["Tags"] = build_tags(tags)
    return request
