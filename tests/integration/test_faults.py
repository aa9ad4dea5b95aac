"""AWS faults and concurrent runs, through a fault-injecting proxy in front of moto.

The proxy also reproduces two service behaviours moto lacks: a duplicate group
is a ValidationException, and a repeated ClientToken returns the first response.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import action_environment, run_action
from tools.emulator import ENTRYPOINT, parse_github_output
from tools.faultproxy import Fault, FaultProxy

INPUTS = {
    "model-package-group-name": "fer-models",
    "model-data-url": "s3://example-bucket/fer/model.tar.gz",
    "image-uri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/fer:1",
    "max-attempts": "3",
}


@pytest.fixture
def proxy(endpoint: str) -> Iterator[FaultProxy]:
    with FaultProxy(endpoint) as running:
        yield running


def run(proxy: FaultProxy, workspace: Path, **overrides: str) -> Any:
    return run_action(
        {**INPUTS, "endpoint-url": proxy.endpoint, **overrides}, workspace
    )


def versions(sagemaker: Any) -> list[int]:
    summaries = sagemaker.list_model_packages(ModelPackageGroupName="fer-models")[
        "ModelPackageSummaryList"
    ]
    return sorted(summary["ModelPackageVersion"] for summary in summaries)


def errors(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("::error")]


@pytest.mark.parametrize("kind", ["throttle", "http500", "http503", "drop"])
def test_transient_fault_is_retried(
    sagemaker: Any, proxy: FaultProxy, workspace: Path, kind: str
) -> None:
    proxy.add(Fault("CreateModelPackage", kind, times=2))
    result, outputs = run(proxy, workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    assert proxy.count("CreateModelPackage") == 3
    assert outputs["model-package-version"] == "1"
    assert versions(sagemaker) == [1]


def test_lost_response_keeps_one_version(
    sagemaker: Any, proxy: FaultProxy, workspace: Path
) -> None:
    # SageMaker created the package but the reply never arrived: the retry
    # carries the same ClientToken, so the service returns that package.
    proxy.add(Fault("CreateModelPackage", "drop-response"))
    result, _ = run(proxy, workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    assert versions(sagemaker) == [1]


def test_client_token_is_idempotency_key(
    sagemaker: Any, proxy: FaultProxy, workspace: Path
) -> None:
    run(proxy, workspace)
    package = sagemaker.describe_model_package(
        ModelPackageName=sagemaker.list_model_packages(
            ModelPackageGroupName="fer-models"
        )["ModelPackageSummaryList"][0]["ModelPackageArn"]
    )
    key = package["CustomerMetadataProperties"]["registrar_idempotency_key"]
    assert len(key) == 36


def test_card_failure_is_finished_by_rerun(
    sagemaker: Any, proxy: FaultProxy, workspace: Path
) -> None:
    proxy.add(Fault("CreateModelCard", "http500", times=3))
    failed, _ = run(proxy, workspace)
    proxy.clear()
    rerun, outputs = run(proxy, workspace)
    cards = sagemaker.list_model_cards()["ModelCardSummaries"]
    assert failed.returncode == 1
    assert len(errors(failed.stdout)) == 1
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert outputs["created"] == "false"
    assert versions(sagemaker) == [1]
    assert [card["ModelCardName"] for card in cards] == ["fer-models-v1"]


def test_access_denied_names_missing_action(
    sagemaker: Any, proxy: FaultProxy, workspace: Path
) -> None:
    proxy.add(Fault("CreateModelCard", "access-denied"))
    result, outputs = run(proxy, workspace)
    found = errors(result.stdout)
    assert result.returncode == 1
    assert len(found) == 1
    assert "CreateModelCard failed" in found[0]
    assert "AccessDeniedException" in found[0]
    assert "sagemaker:CreateModelCard" in found[0]
    assert "request id" in found[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert outputs == {}


def test_access_denied_is_not_retried(proxy: FaultProxy, workspace: Path) -> None:
    proxy.add(Fault("CreateModelCard", "access-denied", times=5))
    run(proxy, workspace)
    assert proxy.count("CreateModelCard") == 1


def test_validation_error_reported_once(proxy: FaultProxy, workspace: Path) -> None:
    proxy.add(
        Fault(
            "CreateModelPackage",
            "error",
            code="ValidationException",
            message="Image is not in a supported registry",
        )
    )
    result, _ = run(proxy, workspace)
    found = errors(result.stdout)
    assert result.returncode == 1
    assert len(found) == 1
    assert "Image is not in a supported registry" in found[0]
    assert proxy.count("CreateModelPackage") == 1


def test_existing_group_answer_counts_as_success(
    sagemaker: Any, proxy: FaultProxy, workspace: Path
) -> None:
    # Another run creates the group between our describe and our create.
    proxy.add(
        Fault(
            "CreateModelPackageGroup",
            "error",
            code="ValidationException",
            message="Model Package Group already exists: fer-models",
        )
    )
    sagemaker.create_model_package_group(ModelPackageGroupName="fer-models")
    proxy.add(
        Fault(
            "DescribeModelPackageGroup",
            "error",
            code="ValidationException",
            message="ModelPackageGroup fer-models does not exist.",
        )
    )
    result, outputs = run(proxy, workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "created by another run" in result.stdout
    assert outputs["model-package-version"] == "1"


def test_other_validation_on_group_create_fails(
    proxy: FaultProxy, workspace: Path
) -> None:
    proxy.add(
        Fault(
            "CreateModelPackageGroup",
            "error",
            code="ValidationException",
            message="1 validation error detected",
        )
    )
    result, _ = run(proxy, workspace)
    assert result.returncode == 1
    assert "CreateModelPackageGroup failed" in errors(result.stdout)[0]


def test_concurrent_runs_share_new_group(
    sagemaker: Any, proxy: FaultProxy, tmp_path: Path
) -> None:
    processes = []
    for index in range(8):
        workspace = tmp_path / f"run{index}" / "workspace"
        workspace.mkdir(parents=True)
        inputs = {
            **INPUTS,
            "endpoint-url": proxy.endpoint,
            "model-data-url": f"s3://example-bucket/fer/model-{index}.tar.gz",
            "preflight": "false",
        }
        env = action_environment(inputs, workspace)
        processes.append(
            (
                subprocess.Popen(
                    [sys.executable, str(ENTRYPOINT)],
                    cwd=workspace,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                ),
                Path(env["GITHUB_OUTPUT"]),
            )
        )
    results = [
        (process.communicate(timeout=300), output) for process, output in processes
    ]
    codes = [process.returncode for process, _ in processes]
    groups = sagemaker.list_model_package_groups()["ModelPackageGroupSummaryList"]
    reported = sorted(
        int(parse_github_output(output.read_text())["model-package-version"])
        for _, output in results
    )
    assert codes == [0] * 8, [stdout for (stdout, _), _ in results]
    assert [group["ModelPackageGroupName"] for group in groups] == ["fer-models"]
    assert versions(sagemaker) == list(range(1, 9))
    assert reported == list(range(1, 9))


def test_unreachable_endpoint_is_annotated(workspace: Path) -> None:
    result, _ = run_action(
        {**INPUTS, "endpoint-url": "http://127.0.0.1:9", "max-attempts": "1"},
        workspace,
    )
    found = errors(result.stdout)
    assert result.returncode == 1
    assert len(found) == 1
    assert "could not connect to AWS" in found[0]
    assert "Traceback" not in result.stdout + result.stderr


def test_missing_credentials_are_annotated(endpoint: str, workspace: Path) -> None:
    result, _ = run_action(
        {**INPUTS, "endpoint-url": endpoint},
        workspace,
        AWS_ACCESS_KEY_ID="",
        AWS_SECRET_ACCESS_KEY="",
        AWS_SESSION_TOKEN="",
    )
    found = errors(result.stdout)
    assert result.returncode == 1
    assert len(found) == 1
    assert "aws-actions/configure-aws-credentials" in found[0]
    assert "Traceback" not in result.stdout + result.stderr


def test_denied_lookup_is_annotated(
    sagemaker: Any, proxy: FaultProxy, workspace: Path
) -> None:
    sagemaker.create_model_package_group(ModelPackageGroupName="fer-models")
    proxy.add(Fault("Search", "access-denied"))
    proxy.add(Fault("ListModelPackages", "access-denied"))
    result, _ = run(proxy, workspace)
    found = errors(result.stdout)
    assert result.returncode == 1
    assert len(found) == 1
    assert "sagemaker:ListModelPackages" in found[0]
    assert "Traceback" not in result.stdout + result.stderr
