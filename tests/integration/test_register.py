"""End to end: entrypoint.py as the runner runs it, against a moto server."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO_ROOT, run_action
from tools.emulator import pack_model, push_image, upload_object

EXAMPLE = REPO_ROOT / "examples" / "fer-mobilenetv2"
GROUP = "fer-models"
MODEL_DATA_URL = "s3://example-bucket/fer/model.tar.gz"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:1.9.1-cpu-py38"


@pytest.fixture
def fer_workspace(endpoint: str, workspace: Path) -> Path:
    """Return a workspace holding the FER+ example's metrics and card files.

    The emulator gets the model archive and the image, so that the pre-flight
    checks run as they do by default.
    """
    upload_object(endpoint, MODEL_DATA_URL, pack_model(EXAMPLE / "model"))
    push_image(endpoint, IMAGE)
    (workspace / "evaluation").mkdir()
    (workspace / ".github").mkdir()
    shutil.copy(EXAMPLE / "metrics.json", workspace / "evaluation" / "metrics.json")
    shutil.copy(EXAMPLE / "model-card.yml", workspace / ".github" / "model-card.yml")
    return workspace


def fer_inputs(endpoint: str, **overrides: str) -> dict[str, str]:
    inputs = {
        "model-package-group-name": GROUP,
        "model-data-url": MODEL_DATA_URL,
        "image-uri": IMAGE,
        "preflight": "auto",
        "content-types": "application/x-image",
        "metrics-file": "evaluation/metrics.json",
        "model-card-file": ".github/model-card.yml",
        "tags": "team=ml-platform",
        "endpoint-url": endpoint,
    }
    inputs.update(overrides)
    return inputs


def card_content(sagemaker: Any, name: str) -> dict[str, Any]:
    card = sagemaker.describe_model_card(ModelCardName=name)
    return dict(json.loads(card["Content"]))


def test_register_links_card_to_package(
    sagemaker: Any, endpoint: str, fer_workspace: Path
) -> None:
    result, outputs = run_action(fer_inputs(endpoint), fer_workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    content = card_content(sagemaker, outputs["model-card-name"])
    details = content["model_package_details"]
    assert details["model_package_arn"] == outputs["model-package-arn"]
    assert details["model_package_version"] == int(outputs["model-package-version"])


def test_register_card_metrics_equal_file(
    sagemaker: Any, endpoint: str, fer_workspace: Path
) -> None:
    result, outputs = run_action(fer_inputs(endpoint), fer_workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    expected = json.loads((EXAMPLE / "metrics.json").read_text())
    evaluations = card_content(sagemaker, outputs["model-card-name"])[
        "evaluation_details"
    ]
    values = {
        metric["name"]: metric["value"]
        for evaluation in evaluations
        for group in evaluation["metric_groups"]
        for metric in group["metric_data"]
    }
    assert values == expected


def test_register_writes_every_output(
    sagemaker: Any, endpoint: str, fer_workspace: Path
) -> None:
    result, outputs = run_action(fer_inputs(endpoint), fer_workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    package = sagemaker.describe_model_package(
        ModelPackageName=outputs["model-package-arn"]
    )
    group = sagemaker.describe_model_package_group(ModelPackageGroupName=GROUP)
    card = sagemaker.describe_model_card(ModelCardName=outputs["model-card-name"])
    assert outputs["model-package-version"] == str(package["ModelPackageVersion"])
    assert outputs["model-package-group-arn"] == group["ModelPackageGroupArn"]
    assert outputs["model-card-arn"] == card["ModelCardArn"]
    assert outputs["model-card-version"] == str(card["ModelCardVersion"])


def test_register_package_request_fields(
    sagemaker: Any, endpoint: str, fer_workspace: Path
) -> None:
    inputs = fer_inputs(
        endpoint,
        **{
            "model-package-description": "first line\nsecond line",
            "customer-metadata": "dataset=FER-plus",
            "realtime-instance-types": "ml.m5.large",
        },
    )
    result, outputs = run_action(inputs, fer_workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    package = sagemaker.describe_model_package(
        ModelPackageName=outputs["model-package-arn"]
    )
    specification = package["InferenceSpecification"]
    metadata = package["CustomerMetadataProperties"]
    assert package["ModelPackageDescription"] == "first line second line"
    assert package["ModelApprovalStatus"] == "PendingManualApproval"
    assert specification["SupportedContentTypes"] == ["application/x-image"]
    assert specification["SupportedRealtimeInferenceInstanceTypes"] == ["ml.m5.large"]
    assert "SupportedTransformInstanceTypes" not in specification
    assert metadata["dataset"] == "FER-plus"
    assert metadata["github-sha"] == package["MetadataProperties"]["CommitId"]
    assert package["MetadataProperties"]["Repository"] == (
        "https://github.com/example-org/fer-models"
    )


def test_register_writes_step_summary(
    sagemaker: Any, endpoint: str, fer_workspace: Path
) -> None:
    result, outputs = run_action(fer_inputs(endpoint), fer_workspace)
    summary = (fer_workspace.parent / "step_summary.md").read_text()
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs["model-package-arn"] in summary
    assert "| metrics | accuracy | 0.896 |" in summary


def test_register_writes_nothing_to_workspace(
    sagemaker: Any, endpoint: str, fer_workspace: Path
) -> None:
    before = sorted(path.name for path in fer_workspace.rglob("*"))
    result, _ = run_action(fer_inputs(endpoint), fer_workspace)
    after = sorted(path.name for path in fer_workspace.rglob("*"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert after == before


def test_register_existing_group_is_reused(
    sagemaker: Any, endpoint: str, fer_workspace: Path
) -> None:
    sagemaker.create_model_package_group(
        ModelPackageGroupName=GROUP, ModelPackageGroupDescription="kept"
    )
    result, _ = run_action(fer_inputs(endpoint), fer_workspace)
    group = sagemaker.describe_model_package_group(ModelPackageGroupName=GROUP)
    assert result.returncode == 0, result.stdout + result.stderr
    assert group["ModelPackageGroupDescription"] == "kept"


def test_register_underscore_input_names(
    sagemaker: Any, endpoint: str, fer_workspace: Path
) -> None:
    inputs = {
        name.replace("-", "_"): value for name, value in fer_inputs(endpoint).items()
    }
    result, outputs = run_action(inputs, fer_workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs["model-package-version"] == "1"


def test_register_injected_text_stays_inert(
    sagemaker: Any, endpoint: str, fer_workspace: Path
) -> None:
    injected = "::set-output name=created::forged\n::add-mask::x\nx<<EOF\ny=z\nEOF"
    (fer_workspace / "injected.yml").write_text(
        "model_overview:\n  model_description: '::set-output name=x::y'\n"
    )
    inputs = fer_inputs(
        endpoint,
        **{
            "model-package-description": injected.replace("\n", " "),
            "model-description": injected,
            "model-card-file": "injected.yml",
        },
    )
    result, outputs = run_action(inputs, fer_workspace)
    commands = {
        line.split("::")[1].split(" ")[0]
        for line in result.stdout.splitlines()
        if line.lstrip().startswith("::")
    }
    assert result.returncode == 0, result.stdout + result.stderr
    assert set(outputs) == {
        "model-package-arn",
        "model-package-version",
        "model-package-group-arn",
        "model-card-arn",
        "model-card-name",
        "model-card-version",
        "created",
        "metrics-json",
        "gate-passed",
        "gate-report",
    }
    assert outputs["created"] == "true"
    assert commands <= {"group", "endgroup", "warning", "debug"}


def test_register_never_prints_credentials(
    sagemaker: Any, endpoint: str, fer_workspace: Path
) -> None:
    secret = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY"
    result, _ = run_action(
        fer_inputs(endpoint),
        fer_workspace,
        AWS_SECRET_ACCESS_KEY=secret,
        AWS_SESSION_TOKEN=secret + "token",
        RUNNER_DEBUG="1",
    )
    summary = (fer_workspace.parent / "step_summary.md").read_text()
    assert result.returncode == 0, result.stdout + result.stderr
    assert secret not in result.stdout + result.stderr
    assert secret not in summary


def test_register_summary_links_console(
    sagemaker: Any, endpoint: str, fer_workspace: Path
) -> None:
    run_action(fer_inputs(endpoint), fer_workspace)
    summary = (fer_workspace.parent / "step_summary.md").read_text()
    assert "https://us-east-1.console.aws.amazon.com/sagemaker/home" in summary
    assert "model-cards/fer-models-v1" in summary
