"""Request builders: pure functions from inputs to SageMaker requests."""

from __future__ import annotations

from typing import Any

import pytest

from registrar.config import parse_inputs
from registrar.errors import InputError
from registrar.inputs import GitHubContext
from registrar.model_card import (
    build_model_card_content,
    build_model_package_details,
    derive_card_name,
)
from registrar.model_package import (
    build_create_model_package_group_request,
    build_create_model_package_request,
)

REQUIRED = {
    "model-package-group-name": "fer-models",
    "model-data-url": "s3://example-bucket/fer/model.tar.gz",
    "image-uri": "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:1.9",
}
GITHUB = GitHubContext(
    repository="example-org/fer",
    sha="4f9c2b7d8e1a6c3b5d7f9e2a4c6b8d0e1f3a5c7b",
    ref="refs/tags/v1.0#rc",
    run_id="42",
    run_attempt="2",
)


def package_request(**overrides: str) -> dict[str, Any]:
    inputs = parse_inputs({**REQUIRED, **overrides})
    return build_create_model_package_request(inputs, GITHUB)


def test_package_request_never_has_tags() -> None:
    assert "Tags" not in package_request(tags="team=ml")


def test_package_request_leaves_out_empty_lists() -> None:
    specification = package_request()["InferenceSpecification"]
    assert "SupportedRealtimeInferenceInstanceTypes" not in specification
    assert "SupportedTransformInstanceTypes" not in specification


def test_package_request_sends_explicit_approval_status() -> None:
    assert package_request()["ModelApprovalStatus"] == "PendingManualApproval"


def test_package_request_metadata_properties() -> None:
    assert package_request()["MetadataProperties"] == {
        "CommitId": GITHUB.sha,
        "Repository": "https://github.com/example-org/fer",
        "GeneratedBy": "https://github.com/example-org/fer/actions/runs/42/attempts/2",
    }


def test_package_request_provenance_fits_metadata_pattern() -> None:
    metadata = package_request()["CustomerMetadataProperties"]
    assert metadata["github-ref"] == "refs/tags/v1.0_rc"


def test_package_request_user_metadata_wins() -> None:
    metadata = package_request(**{"customer-metadata": "github-sha=override"})[
        "CustomerMetadataProperties"
    ]
    assert metadata["github-sha"] == "override"


def test_package_request_metadata_limit_counts_provenance() -> None:
    lines = "\n".join(f"key{i}=v" for i in range(48))
    with pytest.raises(InputError, match="48 keys plus 4 .* max 50"):
        package_request(**{"customer-metadata": lines})


def test_package_request_uses_group_arn_as_given() -> None:
    arn = "arn:aws:sagemaker:us-east-1:111122223333:model-package-group/shared"
    request = package_request(**{"model-package-group-name": arn})
    assert request["ModelPackageGroupName"] == arn


def test_group_request_uses_plain_name() -> None:
    arn = "arn:aws:sagemaker:us-east-1:111122223333:model-package-group/shared"
    inputs = parse_inputs({**REQUIRED, "model-package-group-name": arn})
    request = build_create_model_package_group_request(inputs)
    assert request == {"ModelPackageGroupName": "shared"}


def test_group_request_tags() -> None:
    inputs = parse_inputs({**REQUIRED, "tags": "team=ml"})
    request = build_create_model_package_group_request(inputs)
    assert request["Tags"] == [{"Key": "team", "Value": "ml"}]


@pytest.mark.parametrize(
    ("group", "version", "expected"),
    [
        ("fer-models", 3, "fer-models-v3"),
        ("g" * 63, 12, "g" * 59 + "-v12"),
        ("a" * 58 + "-----b", 1, "a" * 58 + "-v1"),
    ],
)
def test_derive_card_name(group: str, version: int, expected: str) -> None:
    assert derive_card_name(group, version) == expected


DESCRIBED_PACKAGE = {
    "ModelPackageArn": "arn:aws:sagemaker:us-east-1:111122223333:model-package/Fer/7",
    "ModelPackageGroupName": "Fer",
    "ModelPackageVersion": 7,
    "ModelPackageStatus": "Completed",
    "ModelApprovalStatus": "PendingManualApproval",
    "InferenceSpecification": {
        "Containers": [{"Image": "registry/repo:1", "ModelDataUrl": "s3://b/m.tar.gz"}]
    },
}


def test_package_details_come_from_service_response() -> None:
    details = build_model_package_details(DESCRIBED_PACKAGE)
    assert details["model_package_arn"] == DESCRIBED_PACKAGE["ModelPackageArn"]
    assert details["model_package_group_name"] == "Fer"
    assert details["model_package_version"] == 7
    assert details["inference_specification"] == {
        "containers": [
            {"image": "registry/repo:1", "model_data_url": "s3://b/m.tar.gz"}
        ]
    }


def test_card_inputs_override_file() -> None:
    inputs = parse_inputs({**REQUIRED, "model-owner": "platform", "risk-rating": "Low"})
    card_file = {
        "model_overview": {"model_owner": "someone", "model_creator": "team"},
        "intended_uses": {"risk_rating": "High", "purpose_of_model": "x"},
    }
    content = build_model_card_content(
        inputs, card_file=card_file, evaluations=[], package_details=None
    )
    assert content["model_overview"]["model_owner"] == "platform"
    assert content["model_overview"]["model_creator"] == "team"
    assert content["intended_uses"] == {"risk_rating": "Low", "purpose_of_model": "x"}


def test_card_file_package_details_replaced() -> None:
    inputs = parse_inputs(REQUIRED)
    card_file = {"model_package_details": {"model_package_group_name": "other-group"}}
    details = build_model_package_details(DESCRIBED_PACKAGE)
    content = build_model_card_content(
        inputs, card_file=card_file, evaluations=[], package_details=details
    )
    assert content["model_package_details"]["model_package_group_name"] == "Fer"


def test_card_content_does_not_change_file() -> None:
    inputs = parse_inputs({**REQUIRED, "model-owner": "platform"})
    card_file: dict[str, Any] = {"model_overview": {"model_owner": "someone"}}
    build_model_card_content(
        inputs, card_file=card_file, evaluations=[], package_details=None
    )
    assert card_file == {"model_overview": {"model_owner": "someone"}}
