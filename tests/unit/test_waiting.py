"""Waiting for a group or package to leave Pending, with SageMaker's responses stubbed.

moto reports every group and package Completed at once, so the Pending,
Failed and time-out paths use botocore's Stubber with the service's shapes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from registrar.errors import SageMakerError
from registrar.registry import ensure_group, wait_for_model_package
from registrar.sagemaker import WaitTimeoutError, wait_until

ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package/Fer/3"
GROUP_ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package-group/Fer"


@pytest.fixture
def stubbed() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client("sagemaker", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr("registrar.sagemaker.time.sleep", slept.append)
    return slept


def package(status: str, **extra: Any) -> dict[str, Any]:
    return {
        "ModelPackageName": "Fer",
        "ModelPackageArn": ARN,
        "ModelPackageVersion": 3,
        "ModelPackageGroupName": "Fer",
        "CreationTime": "2026-12-04T10:00:00Z",
        "ModelPackageStatus": status,
        "ModelPackageStatusDetails": extra.get("details", {"ValidationStatuses": []}),
    }


def test_wait_until_backs_off(no_sleep: list[float]) -> None:
    answers = iter(["Pending", "InProgress", "InProgress", "Completed"])
    result = wait_until(
        lambda: {"Status": next(answers)}, "Status", timeout_seconds=60, resource="x"
    )
    assert result == {"Status": "Completed"}
    assert no_sleep == [2.0, 4.0, 8.0]


def test_wait_until_times_out() -> None:
    now = [0.0]

    def clock() -> float:
        now[0] += 5
        return now[0]

    with pytest.raises(WaitTimeoutError, match="x is still Pending after 10 seconds"):
        wait_until(
            lambda: {"Status": "Pending"},
            "Status",
            timeout_seconds=10,
            resource="x",
            clock=clock,
        )


def test_package_pending_then_completed(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    for status in ("Pending", "InProgress", "Completed"):
        stubber.add_response(
            "describe_model_package", package(status), {"ModelPackageName": ARN}
        )
    described = wait_for_model_package(client, ARN, timeout_seconds=600)
    assert described["ModelPackageStatus"] == "Completed"


def test_package_failed_shows_reasons(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    details = {
        "ValidationStatuses": [
            {"Name": ARN, "Status": "Failed", "FailureReason": "image not found"}
        ]
    }
    stubber.add_response(
        "describe_model_package",
        package("Failed", details=details),
        {"ModelPackageName": ARN},
    )
    with pytest.raises(SageMakerError, match="failed: .*: image not found"):
        wait_for_model_package(client, ARN, timeout_seconds=600)


def test_package_timeout_names_arn_and_rerun(
    stubbed: tuple[Any, Stubber], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, stubber = stubbed
    stubber.add_response(
        "describe_model_package", package("Pending"), {"ModelPackageName": ARN}
    )
    with pytest.raises(SageMakerError, match=f"The package exists: {ARN}. Run"):
        wait_for_model_package(client, ARN, timeout_seconds=1)


def test_new_group_waits_until_completed(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    group = {
        "ModelPackageGroupName": "Fer",
        "ModelPackageGroupArn": GROUP_ARN,
        "CreationTime": "2026-12-04T10:00:00Z",
        "CreatedBy": {},
    }
    stubber.add_client_error(
        "describe_model_package_group",
        "ValidationException",
        "ModelPackageGroup Fer does not exist.",
    )
    stubber.add_response(
        "create_model_package_group", {"ModelPackageGroupArn": GROUP_ARN}
    )
    stubber.add_response(
        "describe_model_package_group", {**group, "ModelPackageGroupStatus": "Pending"}
    )
    stubber.add_response(
        "describe_model_package_group",
        {**group, "ModelPackageGroupStatus": "Completed"},
    )
    described, created = ensure_group(
        client, {"ModelPackageGroupName": "Fer"}, group="Fer", create=True
    )
    assert created is True
    assert described["ModelPackageGroupStatus"] == "Completed"


def test_group_arn_is_never_created(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_client_error(
        "describe_model_package_group",
        "ValidationException",
        f"ModelPackageGroup {GROUP_ARN} does not exist.",
    )
    with pytest.raises(SageMakerError, match="resource policy must allow"):
        ensure_group(client, {}, group=GROUP_ARN, create=False)
