"""model-card-mode: a card resource, a card embedded in the package, or both.

moto drops a package's ModelCard field, so these tests check the request that
reaches the emulator, recorded by a spy on the registrar's client.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_in_process
from tests.spy import RequestSpy

CARD_FILE = """
model_overview:
  model_description: Seven facial expressions
  model_creator: ML Platform team
intended_uses:
  risk_rating: High
"""


def register(
    endpoint: str, workspace: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> tuple[int, dict[str, str]]:
    (workspace / "card.yml").write_text(CARD_FILE)
    inputs = {
        "model-package-group-name": "fer-models",
        "model-data-url": "s3://example-bucket/fer/model.tar.gz",
        "image-uri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/fer:1",
        "model-card-file": "card.yml",
        "model-card-mode": mode,
        "endpoint-url": endpoint,
    }
    code, outputs, _ = run_in_process(inputs, workspace, monkeypatch)
    return code, outputs


def test_embedded_card_in_package_request(
    endpoint: str, workspace: Path, monkeypatch: pytest.MonkeyPatch, spy: RequestSpy
) -> None:
    code, outputs = register(endpoint, workspace, monkeypatch, "embedded")
    request = spy.requests("CreateModelPackage")[0]
    content = json.loads(request["ModelCard"]["ModelCardContent"])
    assert code == 0
    assert request["ModelCard"]["ModelCardStatus"] == "Draft"
    assert "model_package_details" not in content
    assert content["model_overview"] == {
        "model_creator": "ML Platform team",
        "model_artifact": ["s3://example-bucket/fer/model.tar.gz"],
    }
    assert content["intended_uses"] == {"risk_rating": "High"}
    assert spy.requests("CreateModelCard") == []
    assert outputs["model-card-arn"] == ""


def test_standalone_card_only(
    endpoint: str, workspace: Path, monkeypatch: pytest.MonkeyPatch, spy: RequestSpy
) -> None:
    code, outputs = register(endpoint, workspace, monkeypatch, "standalone")
    assert code == 0
    assert "ModelCard" not in spy.requests("CreateModelPackage")[0]
    assert len(spy.requests("CreateModelCard")) == 1
    assert outputs["model-card-name"] == "fer-models-v1"


def test_both_cards(
    endpoint: str, workspace: Path, monkeypatch: pytest.MonkeyPatch, spy: RequestSpy
) -> None:
    code, _ = register(endpoint, workspace, monkeypatch, "both")
    card = json.loads(spy.requests("CreateModelCard")[0]["Content"])
    assert code == 0
    assert "ModelCard" in spy.requests("CreateModelPackage")[0]
    assert card["model_overview"]["model_description"] == "Seven facial expressions"
