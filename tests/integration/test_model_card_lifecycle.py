"""Card lifecycle: create, update only what changed, refuse Archived or foreign cards.

moto differs from SageMaker on card updates (it accepts content and status in
one call, and a status-only update drops the content), so these tests check
the requests sent, not what moto stores afterwards.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from registrar.cards import publish_model_card
from registrar.errors import InputError
from tests.helpers import run_action
from tests.spy import RequestSpy
from tools.emulator import describe_everything

PACKAGE_ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/fer/1"
CONTENT = json.dumps(
    {"model_package_details": {"model_package_arn": PACKAGE_ARN}},
    sort_keys=True,
)
NEW_CONTENT = json.dumps(
    {
        "model_overview": {"model_owner": "platform"},
        "model_package_details": {"model_package_arn": PACKAGE_ARN},
    },
    sort_keys=True,
)


def named_card_inputs(endpoint: str) -> dict[str, str]:
    return {
        "model-package-group-name": "fer",
        "model-data-url": "s3://example-bucket/fer/model.tar.gz",
        "image-uri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/fer:1",
        "model-card-name": "fer-card",
        "endpoint-url": endpoint,
    }


def card_request(content: str = CONTENT, status: str = "Draft") -> dict[str, Any]:
    return {
        "ModelCardName": "fer-card",
        "Content": content,
        "ModelCardStatus": status,
        "Tags": [{"Key": "team", "Value": "ml"}],
    }


@pytest.fixture
def spy(sagemaker: Any) -> RequestSpy:
    recorder = RequestSpy()
    recorder.attach_to(sagemaker)
    return recorder


def test_card_created_when_missing(sagemaker: Any, spy: RequestSpy) -> None:
    result = publish_model_card(sagemaker, card_request(), PACKAGE_ARN)
    assert result.action == "created"
    assert result.version == 1
    assert spy.requests("CreateModelCard") == [card_request()]


def test_card_unchanged_sends_no_update(sagemaker: Any, spy: RequestSpy) -> None:
    sagemaker.create_model_card(**card_request())
    reordered = json.dumps(json.loads(CONTENT), sort_keys=False, indent=1)
    result = publish_model_card(sagemaker, card_request(reordered), PACKAGE_ARN)
    assert result.action == "unchanged"
    assert spy.requests("UpdateModelCard") == []


def test_card_content_change_updates_content_only(
    sagemaker: Any, spy: RequestSpy
) -> None:
    sagemaker.create_model_card(**card_request())
    result = publish_model_card(sagemaker, card_request(NEW_CONTENT), PACKAGE_ARN)
    assert result.action == "updated"
    assert spy.requests("UpdateModelCard") == [
        {"ModelCardName": "fer-card", "Content": NEW_CONTENT}
    ]


def test_card_status_change_updates_status_only(
    sagemaker: Any, spy: RequestSpy
) -> None:
    sagemaker.create_model_card(**card_request())
    publish_model_card(sagemaker, card_request(status="PendingReview"), PACKAGE_ARN)
    assert spy.requests("UpdateModelCard") == [
        {"ModelCardName": "fer-card", "ModelCardStatus": "PendingReview"}
    ]


def test_card_both_changed_sends_two_calls(sagemaker: Any, spy: RequestSpy) -> None:
    sagemaker.create_model_card(**card_request())
    publish_model_card(
        sagemaker, card_request(NEW_CONTENT, "PendingReview"), PACKAGE_ARN
    )
    updates = spy.requests("UpdateModelCard")
    assert len(updates) == 2
    for update in updates:
        assert not {"Content", "ModelCardStatus"} <= set(update)


def test_card_archived_is_refused(sagemaker: Any, spy: RequestSpy) -> None:
    sagemaker.create_model_card(**card_request(status="Archived"))
    with pytest.raises(InputError, match="'fer-card' is Archived"):
        publish_model_card(sagemaker, card_request(NEW_CONTENT), PACKAGE_ARN)
    assert spy.requests("UpdateModelCard") == []


def test_card_linked_elsewhere_is_refused(sagemaker: Any, spy: RequestSpy) -> None:
    sagemaker.create_model_card(**card_request())
    other = PACKAGE_ARN.replace("/1", "/2")
    with pytest.raises(InputError, match="documents another model package"):
        publish_model_card(sagemaker, card_request(), other)
    assert spy.requests("UpdateModelCard") == []


def test_archived_card_fails_before_package(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    sagemaker.create_model_card(**card_request(status="Archived"))
    result, _ = run_action(named_card_inputs(endpoint), workspace)
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert result.returncode == 1
    assert len(errors) == 1
    assert "choose another model-card-name" in errors[0]
    assert describe_everything(endpoint)["packages"] == []


def test_card_linked_elsewhere_fails_before_package(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    sagemaker.create_model_card(**card_request())
    result, _ = run_action(named_card_inputs(endpoint), workspace)
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    remaining = describe_everything(endpoint)
    assert result.returncode == 1
    assert len(errors) == 1
    assert "documents another model package" in errors[0]
    assert remaining["groups"] == []
    assert remaining["packages"] == []
