"""Pre-flight checks: the artifact exists and an ECR tag is pinned to its digest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from registrar.preflight import parse_ecr_image
from tests.helpers import run_action
from tools.emulator import describe_everything, push_image, upload_object

MODEL = "s3://example-bucket/fer/model.tar.gz"
REPOSITORY = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fer-inference"
IMAGE = f"{REPOSITORY}:1.4.0"


def inputs(endpoint: str, **overrides: str) -> dict[str, str]:
    return {
        "model-package-group-name": "fer-models",
        "model-data-url": MODEL,
        "image-uri": IMAGE,
        "preflight": "auto",
        "endpoint-url": endpoint,
        **overrides,
    }


def describe(sagemaker: Any, arn: str) -> dict[str, Any]:
    return dict(sagemaker.describe_model_package(ModelPackageName=arn))


def errors(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("::error")]


def test_preflight_pins_image_digest(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    upload_object(endpoint, MODEL, b"model bytes")
    digest = push_image(endpoint, IMAGE, "build 1")
    result, outputs = run_action(inputs(endpoint), workspace)
    package = describe(sagemaker, outputs["model-package-arn"])
    container = package["InferenceSpecification"]["Containers"][0]
    metadata = package["CustomerMetadataProperties"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert container["Image"] == f"{REPOSITORY}@{digest}"
    assert metadata["image-tag"] == "1.4.0"
    assert metadata["image-digest"] == digest
    assert metadata["model-data-size"] == "11"
    assert len(metadata["model-data-etag"]) == 32


def test_preflight_without_pinning(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    upload_object(endpoint, MODEL, b"model bytes")
    push_image(endpoint, IMAGE)
    result, outputs = run_action(
        inputs(endpoint, **{"pin-image-digest": "false"}), workspace
    )
    package = describe(sagemaker, outputs["model-package-arn"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert package["InferenceSpecification"]["Containers"][0]["Image"] == IMAGE


def test_moved_tag_keeps_digests_apart(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    upload_object(endpoint, MODEL, b"model bytes")
    first_digest = push_image(endpoint, IMAGE, "build 1")
    _, first = run_action(inputs(endpoint), workspace)
    second_digest = push_image(endpoint, IMAGE, "build 2")
    _, second = run_action(inputs(endpoint), workspace)
    images = [
        describe(sagemaker, outputs["model-package-arn"])["InferenceSpecification"][
            "Containers"
        ][0]["Image"]
        for outputs in (first, second)
    ]
    assert first_digest != second_digest
    assert second["created"] == "true"
    assert images == [f"{REPOSITORY}@{first_digest}", f"{REPOSITORY}@{second_digest}"]


def test_missing_object_fails_before_write(endpoint: str, workspace: Path) -> None:
    push_image(endpoint, IMAGE)
    upload_object(endpoint, "s3://example-bucket/other.tar.gz", b"x")
    result, _ = run_action(inputs(endpoint), workspace)
    found = errors(result.stdout)
    assert result.returncode == 1
    assert len(found) == 1
    assert f"model-data-url: {MODEL} does not exist" in found[0]
    assert describe_everything(endpoint)["groups"] == []


def test_missing_image_tag_fails_before_write(endpoint: str, workspace: Path) -> None:
    upload_object(endpoint, MODEL, b"model bytes")
    push_image(endpoint, f"{REPOSITORY}:1.3.0")
    result, _ = run_action(inputs(endpoint), workspace)
    found = errors(result.stdout)
    assert result.returncode == 1
    assert len(found) == 1
    assert f"image-uri: {IMAGE} was not found in Amazon ECR" in found[0]
    assert describe_everything(endpoint)["groups"] == []


def test_image_outside_ecr_warns(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    upload_object(endpoint, MODEL, b"model bytes")
    image = "registry.example.com/team/fer:1.4.0"
    result, outputs = run_action(inputs(endpoint, **{"image-uri": image}), workspace)
    warnings = [line for line in result.stdout.splitlines() if "::warning" in line]
    package = describe(sagemaker, outputs["model-package-arn"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(warnings) == 1
    assert "is not in Amazon ECR" in warnings[0]
    assert package["InferenceSpecification"]["Containers"][0]["Image"] == image


def test_preflight_off_registers_as_given(endpoint: str, workspace: Path) -> None:
    result, outputs = run_action(inputs(endpoint, preflight="false"), workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs["created"] == "true"


def test_dry_run_skips_preflight_by_default(endpoint: str, workspace: Path) -> None:
    result, _ = run_action(inputs(endpoint, **{"dry-run": "true"}), workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "::group::Pre-flight checks" not in result.stdout


def test_dry_run_preflight_on_request(endpoint: str, workspace: Path) -> None:
    result, _ = run_action(
        inputs(endpoint, **{"dry-run": "true", "preflight": "true"}), workspace
    )
    assert result.returncode == 1
    assert "does not exist" in errors(result.stdout)[0]


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        (IMAGE, ("123456789012", "us-east-1", "fer-inference", "1.4.0", None)),
        (
            "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-inference:2.1-cpu",
            ("763104351884", "eu-west-1", "pytorch-inference", "2.1-cpu", None),
        ),
        (
            f"{REPOSITORY}@sha256:{'a' * 64}",
            ("123456789012", "us-east-1", "fer-inference", None, f"sha256:{'a' * 64}"),
        ),
        (
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/fer",
            ("123456789012", "us-east-1", "team/fer", "latest", None),
        ),
    ],
)
def test_parse_ecr_image(uri: str, expected: tuple[Any, ...]) -> None:
    image = parse_ecr_image(uri)
    assert image is not None
    assert (
        image.registry_id,
        image.region,
        image.repository,
        image.tag,
        image.digest,
    ) == expected


def test_parse_image_outside_ecr() -> None:
    assert parse_ecr_image("ghcr.io/org/model:1") is None


def test_image_in_other_account_warns(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    upload_object(endpoint, MODEL, b"model bytes")
    image = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1-cpu"
    result, outputs = run_action(inputs(endpoint, **{"image-uri": image}), workspace)
    warnings = [line for line in result.stdout.splitlines() if "::warning" in line]
    package = describe(sagemaker, outputs["model-package-arn"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(warnings) == 1
    assert "registered as given" in warnings[0]
    assert package["InferenceSpecification"]["Containers"][0]["Image"] == image


def test_missing_repository_in_own_account_fails(
    endpoint: str, workspace: Path
) -> None:
    upload_object(endpoint, MODEL, b"model bytes")
    result, _ = run_action(inputs(endpoint), workspace)
    assert result.returncode == 1
    assert "was not found in Amazon ECR" in errors(result.stdout)[0]


def test_missing_metrics_bucket_fails_before_write(
    endpoint: str, workspace: Path
) -> None:
    upload_object(endpoint, MODEL, b"model bytes")
    push_image(endpoint, IMAGE)
    (workspace / "metrics.json").write_text('{"accuracy": 0.9}')
    result, _ = run_action(
        inputs(
            endpoint,
            **{
                "metrics-file": "metrics.json",
                "metrics-s3-prefix": "s3://no-such-bucket/metrics/",
            },
        ),
        workspace,
    )
    found = errors(result.stdout)
    assert result.returncode == 1
    assert len(found) == 1
    assert "bucket 'no-such-bucket' does not exist" in found[0]
    assert describe_everything(endpoint)["groups"] == []
