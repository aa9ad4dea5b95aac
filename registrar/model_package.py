"""Build the CreateModelPackageGroup and CreateModelPackage requests (no I/O)."""

from __future__ import annotations

from typing import Any

from . import __version__, limits
from .config import ActionInputs
from .errors import InputError
from .inputs import GitHubContext

GENERATED_BY = f"sagemaker-model-registrar/{__version__}"


def build_tags(tags: dict[str, str]) -> list[dict[str, str]]:
    """Return `tags` in the Key/Value list form that SageMaker requests take."""
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def build_create_model_package_group_request(inputs: ActionInputs) -> dict[str, Any]:
    """Return the CreateModelPackageGroup request for the input group name."""
    request: dict[str, Any] = {"ModelPackageGroupName": inputs.group_name}
    if inputs.model_package_group_description:
        request["ModelPackageGroupDescription"] = inputs.model_package_group_description
    if inputs.tags:
        request["Tags"] = build_tags(inputs.tags)
    return request


def build_inference_specification(inputs: ActionInputs) -> dict[str, Any]:
    """Return the InferenceSpecification; empty optional lists are left out."""
    specification: dict[str, Any] = {
        "Containers": [
            {"Image": inputs.image_uri, "ModelDataUrl": inputs.model_data_url}
        ],
        "SupportedContentTypes": list(inputs.content_types),
        "SupportedResponseMIMETypes": list(inputs.response_types),
    }
    if inputs.realtime_instance_types:
        specification["SupportedRealtimeInferenceInstanceTypes"] = list(
            inputs.realtime_instance_types
        )
    if inputs.transform_instance_types:
        specification["SupportedTransformInstanceTypes"] = list(
            inputs.transform_instance_types
        )
    return specification


def build_provenance_metadata(github: GitHubContext) -> dict[str, str]:
    """Return customer metadata that records which repository and run made the model.

    Customer metadata allows fewer characters than a git ref may hold, so any
    other character becomes `_`; the exact values go in MetadataProperties.
    """
    values = {
        "github-repository": github.repository,
        "github-sha": github.sha,
        "github-ref": github.ref,
        "github-run-url": github.run_url,
    }
    return {key: _to_metadata_text(value) for key, value in values.items() if value}


def _to_metadata_text(value: str) -> str:
    text = "".join(char if limits.is_metadata_text(char) else "_" for char in value)
    return text[: limits.METADATA_VALUE_MAX]


def build_customer_metadata(
    inputs: ActionInputs, github: GitHubContext, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """Merge provenance, registrar-owned keys and `customer-metadata` (which wins)."""
    metadata = {**build_provenance_metadata(github), **(extra or {})}
    metadata.update(inputs.customer_metadata)
    if len(metadata) > limits.METADATA_MAX_ENTRIES:
        added = len(metadata) - len(inputs.customer_metadata)
        raise InputError(
            f"customer-metadata: {len(inputs.customer_metadata)} keys plus {added} "
            f"that the registrar records make {len(metadata)}, max "
            f"{limits.METADATA_MAX_ENTRIES}; remove some keys"
        )
    return metadata


def build_metadata_properties(github: GitHubContext) -> dict[str, str]:
    """Return MetadataProperties: commit, repository and the run that generated it."""
    properties = {
        "CommitId": github.sha,
        "Repository": github.repository_url,
        "GeneratedBy": github.run_url or GENERATED_BY,
    }
    return {key: value for key, value in properties.items() if value}


def build_create_model_package_request(
    inputs: ActionInputs,
    github: GitHubContext,
    *,
    client_token: str | None = None,
    extra_metadata: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Return the CreateModelPackage request for a new version in the group.

    A versioned package takes no Tags of its own (it carries its group's), so
    per-version facts go in CustomerMetadataProperties and MetadataProperties.
    """
    request: dict[str, Any] = {
        "ModelPackageGroupName": inputs.model_package_group_name,
        "InferenceSpecification": build_inference_specification(inputs),
        "ModelApprovalStatus": inputs.approval_status,
        "MetadataProperties": build_metadata_properties(github),
    }
    if inputs.model_package_description:
        request["ModelPackageDescription"] = inputs.model_package_description
    metadata = build_customer_metadata(inputs, github, extra_metadata)
    if metadata:
        request["CustomerMetadataProperties"] = metadata
    if client_token:
        request["ClientToken"] = client_token
    return request
