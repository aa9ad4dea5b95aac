"""Quality gates end to end: the metrics decide the approval status.

moto wipes a package's customer metadata on UpdateModelPackage, which
SageMaker does not, so the approval update is checked on the request sent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_in_process
from tests.spy import RequestSpy
from tools.emulator import describe_everything

GROUP = "fer-models"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fer:1"


@pytest.fixture
def metrics_workspace(workspace: Path) -> Path:
    (workspace / "metrics.json").write_text('{"accuracy": 0.896, "loss": 0.31}')
    return workspace


def register(
    endpoint: str, workspace: Path, monkeypatch: pytest.MonkeyPatch, **gates: str
) -> tuple[int, dict[str, str], str]:
    inputs = {
        "model-package-group-name": GROUP,
        "model-data-url": "s3://example-bucket/fer/model.tar.gz",
        "image-uri": IMAGE,
        "metrics-file": "metrics.json",
        "approval-status": "Approved",
        "endpoint-url": endpoint,
        **gates,
    }
    return run_in_process(inputs, workspace, monkeypatch)


def approval_update(spy: RequestSpy) -> dict[str, Any]:
    updates = spy.requests("UpdateModelPackage")
    assert len(updates) == 1
    return updates[0]


def add_version(
    sagemaker: Any, status: str, accuracy: float | None, model: str
) -> None:
    metadata = {"metric:accuracy": repr(accuracy)} if accuracy is not None else {}
    sagemaker.create_model_package(
        ModelPackageGroupName=GROUP,
        ModelApprovalStatus=status,
        InferenceSpecification={
            "Containers": [{"Image": IMAGE, "ModelDataUrl": f"s3://b/{model}.tar.gz"}],
            "SupportedContentTypes": ["application/json"],
            "SupportedResponseMIMETypes": ["application/json"],
        },
        **({"CustomerMetadataProperties": metadata} if metadata else {}),
    )


def add_champion_card(sagemaker: Any, metric: str, value: float) -> None:
    """Create version 1's card holding one metric, as a registration would."""
    metric_data = [{"name": metric, "type": "number", "value": value}]
    evaluation = {
        "name": "metrics",
        "metric_groups": [{"name": "metrics", "metric_data": metric_data}],
    }
    sagemaker.create_model_card(
        ModelCardName=f"{GROUP}-v1",
        Content=json.dumps({"evaluation_details": [evaluation]}),
        ModelCardStatus="Approved",
        Tags=[{"Key": "team", "Value": "ml"}],
    )


def test_gate_pass_applies_approval_status(
    sagemaker: Any,
    endpoint: str,
    metrics_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    spy: RequestSpy,
) -> None:
    code, outputs, _ = register(
        endpoint, metrics_workspace, monkeypatch, **{"approve-if": "accuracy >= 0.85"}
    )
    create = spy.requests("CreateModelPackage")[0]
    update = approval_update(spy)
    assert code == 0
    assert create["ModelApprovalStatus"] == "Approved"
    assert update["ModelApprovalStatus"] == "Approved"
    assert update["ApprovalDescription"].startswith("Quality gate passed.")
    assert "accuracy >= 0.85: 0.896 (pass)" in update["ApprovalDescription"]
    assert outputs["gate-passed"] == "true"
    assert json.loads(outputs["gate-report"])["checks"][0]["value"] == 0.896


@pytest.mark.parametrize(
    ("choice", "status"), [("pending", "PendingManualApproval"), ("reject", "Rejected")]
)
def test_gate_failure_status(
    sagemaker: Any,
    endpoint: str,
    metrics_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    spy: RequestSpy,
    choice: str,
    status: str,
) -> None:
    code, outputs, log = register(
        endpoint,
        metrics_workspace,
        monkeypatch,
        **{"approve-if": "accuracy >= 0.9, loss < 0.5", "on-gate-failure": choice},
    )
    assert code == 0
    assert spy.requests("CreateModelPackage")[0]["ModelApprovalStatus"] == status
    assert approval_update(spy)["ModelApprovalStatus"] == status
    assert outputs["gate-passed"] == "false"
    assert "::warning::Quality gate failed. accuracy >= 0.9: 0.896 (FAIL)" in log


def test_gate_failure_fail_registers_nothing(
    sagemaker: Any,
    endpoint: str,
    metrics_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, outputs, log = register(
        endpoint,
        metrics_workspace,
        monkeypatch,
        **{"approve-if": "accuracy >= 0.9", "on-gate-failure": "fail"},
    )
    errors = [line for line in log.splitlines() if line.startswith("::error")]
    assert code == 1
    assert len(errors) == 1
    assert "title=Quality gate failed" in errors[0]
    assert "model-package-arn" not in outputs
    assert describe_everything(endpoint) == {"groups": [], "packages": [], "cards": []}


def test_regression_against_newest_approved(
    sagemaker: Any,
    endpoint: str,
    metrics_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    spy: RequestSpy,
) -> None:
    sagemaker.create_model_package_group(ModelPackageGroupName=GROUP)
    add_version(sagemaker, "Approved", 0.80, "v1")
    add_version(sagemaker, "Rejected", 0.99, "v2")
    add_version(sagemaker, "Approved", 0.90, "v3")
    add_version(sagemaker, "PendingManualApproval", 0.95, "v4")
    code, outputs, _ = register(
        endpoint,
        metrics_workspace,
        monkeypatch,
        **{"must-not-regress": "accuracy:0.001"},
    )
    report = json.loads(outputs["gate-report"])
    assert code == 0
    assert report["champion"]["version"] == 3
    assert report["checks"][0]["passed"] is False
    assert outputs["gate-passed"] == "false"
    assert approval_update(spy)["ModelApprovalStatus"] == "PendingManualApproval"


def test_regression_within_tolerance_passes(
    sagemaker: Any,
    endpoint: str,
    metrics_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sagemaker.create_model_package_group(ModelPackageGroupName=GROUP)
    add_version(sagemaker, "Approved", 0.90, "v1")
    code, outputs, _ = register(
        endpoint,
        metrics_workspace,
        monkeypatch,
        **{"must-not-regress": "accuracy:0.01"},
    )
    assert code == 0
    assert outputs["gate-passed"] == "true"


def test_regression_reads_champion_card(
    sagemaker: Any,
    endpoint: str,
    metrics_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sagemaker.create_model_package_group(ModelPackageGroupName=GROUP)
    add_version(sagemaker, "Approved", None, "v1")
    add_champion_card(sagemaker, "accuracy", 0.95)
    code, outputs, _ = register(
        endpoint,
        metrics_workspace,
        monkeypatch,
        **{"must-not-regress": "accuracy:0.01"},
    )
    report = json.loads(outputs["gate-report"])
    assert code == 0
    assert report["champion"]["metrics"]["accuracy"] == 0.95
    assert outputs["gate-passed"] == "false"


def test_regression_without_champion(
    sagemaker: Any,
    endpoint: str,
    metrics_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, outputs, _ = register(
        endpoint, metrics_workspace, monkeypatch, **{"must-not-regress": "loss:0.0"}
    )
    summary = (metrics_workspace.parent / "step_summary.md").read_text()
    assert code == 0
    assert outputs["gate-passed"] == "true"
    assert "no champion" in summary


def test_gate_metrics_recorded_for_next_run(
    sagemaker: Any,
    endpoint: str,
    metrics_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    spy: RequestSpy,
) -> None:
    register(
        endpoint, metrics_workspace, monkeypatch, **{"approve-if": "accuracy > 0.5"}
    )
    metadata = spy.requests("CreateModelPackage")[0]["CustomerMetadataProperties"]
    assert metadata["metric:accuracy"] == "0.896"


def test_gate_summary_table(
    sagemaker: Any,
    endpoint: str,
    metrics_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    register(endpoint, metrics_workspace, monkeypatch, **{"approve-if": "loss < 0.2"})
    summary = (metrics_workspace.parent / "step_summary.md").read_text()
    assert "### Quality gate: failed" in summary
    assert "| loss &lt; 0.2 | 0.31 | **fail** |" in summary


def test_gate_card_records_decision(
    sagemaker: Any,
    endpoint: str,
    metrics_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, outputs, _ = register(
        endpoint, metrics_workspace, monkeypatch, **{"approve-if": "accuracy > 0.5"}
    )
    card = sagemaker.describe_model_card(ModelCardName=outputs["model-card-name"])
    details = json.loads(card["Content"])["additional_information"]["custom_details"]
    assert details["quality_gate"].startswith("Quality gate passed.")


@pytest.mark.parametrize(
    ("gates", "match"),
    [
        ({"approve-if": "f1 >= 0.8"}, "available metrics: accuracy, loss"),
        ({"approve-if": "accuracy >> 0.8"}, "'> 0.8' is not a number"),
        ({"must-not-regress": "accuracy"}, "is not metric:tolerance"),
        ({"on-gate-failure": "stop"}, "on-gate-failure: 'stop' is not valid"),
    ],
)
def test_gate_bad_input_before_aws(
    endpoint: str,
    metrics_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    gates: dict[str, str],
    match: str,
) -> None:
    code, _, log = register(endpoint, metrics_workspace, monkeypatch, **gates)
    errors = [line for line in log.splitlines() if line.startswith("::error")]
    assert code == 1
    assert len(errors) == 1
    assert match in errors[0]
    assert describe_everything(endpoint) == {"groups": [], "packages": [], "cards": []}


def test_regression_reads_card_for_unrecorded_metric(
    sagemaker: Any,
    endpoint: str,
    metrics_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sagemaker.create_model_package_group(ModelPackageGroupName=GROUP)
    add_version(sagemaker, "Approved", 0.80, "v1")
    add_champion_card(sagemaker, "loss", 0.1)
    code, outputs, _ = register(
        endpoint,
        metrics_workspace,
        monkeypatch,
        **{"must-not-regress": "accuracy:0.5, loss:0.01"},
    )
    report = json.loads(outputs["gate-report"])
    assert code == 0
    assert report["champion"]["metrics"]["accuracy"] == 0.80
    assert report["champion"]["metrics"]["loss"] == 0.1
    assert [check["passed"] for check in report["checks"]] == [True, False]
    assert report["checks"][1]["threshold"] == pytest.approx(0.11)


def test_conditions_only_claim_no_champion(
    sagemaker: Any,
    endpoint: str,
    metrics_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    spy: RequestSpy,
) -> None:
    register(endpoint, metrics_workspace, monkeypatch, **{"approve-if": "loss < 1"})
    description = approval_update(spy)["ApprovalDescription"]
    summary = (metrics_workspace.parent / "step_summary.md").read_text()
    assert "champion" not in description
    assert "champion" not in summary
    assert spy.requests("ListModelPackages") == []


def test_gate_failure_fail_reports_decision(
    sagemaker: Any,
    endpoint: str,
    metrics_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, outputs, log = register(
        endpoint,
        metrics_workspace,
        monkeypatch,
        **{"approve-if": "accuracy >= 0.9", "on-gate-failure": "fail"},
    )
    summary = (metrics_workspace.parent / "step_summary.md").read_text()
    annotations = [line for line in log.splitlines() if line.startswith("::")]
    annotations = [line for line in annotations if "group::" not in line]
    assert code == 1
    assert outputs["gate-passed"] == "false"
    assert json.loads(outputs["gate-report"])["passed"] is False
    assert "### Quality gate: failed" in summary
    assert len(annotations) == 1
    assert annotations[0].startswith("::error title=Quality gate failed::")


def test_gate_text_room_checked_before_write(
    sagemaker: Any,
    endpoint: str,
    metrics_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 97 custom details of 1,000 characters leave less than 1,024 characters
    # of the 100,000 for the gate decision that the card gets later.
    details = {f"note_{index}": "x" * 1000 for index in range(97)}
    card = {"additional_information": {"custom_details": details}}
    (metrics_workspace / "card.json").write_text(json.dumps(card))
    code, _, log = register(
        endpoint,
        metrics_workspace,
        monkeypatch,
        **{"approve-if": "accuracy > 0.5", "model-card-file": "card.json"},
    )
    assert code == 1
    assert "max 100000" in log
    assert describe_everything(endpoint)["packages"] == []
