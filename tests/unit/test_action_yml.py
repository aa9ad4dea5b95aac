"""action.yml and the Python input model must declare the same inputs and defaults."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from registrar.config import ActionInputs, input_names
from tests.helpers import REPO_ROOT


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    return dict(yaml.safe_load((REPO_ROOT / "action.yml").read_text()))


def test_inputs_match_model(action: dict[str, Any]) -> None:
    assert list(action["inputs"]) == list(input_names())


@pytest.mark.parametrize("name", input_names())
def test_default_matches_model(action: dict[str, Any], name: str) -> None:
    declared = action["inputs"][name].get("default")
    field = ActionInputs.model_fields[name.replace("-", "_")]
    model_default = "" if field.default is None else field.default
    if field.is_required():
        assert declared is None
    else:
        assert declared == model_default


@pytest.mark.parametrize("name", input_names())
def test_required_matches_model(action: dict[str, Any], name: str) -> None:
    field = ActionInputs.model_fields[name.replace("-", "_")]
    assert action["inputs"][name]["required"] is field.is_required()


def test_every_input_has_one_line_description(action: dict[str, Any]) -> None:
    for name, spec in action["inputs"].items():
        assert "\n" not in spec["description"].strip(), name


def test_outputs_match_result() -> None:
    from registrar.cards import CardResult
    from registrar.summary import RegistrationResult

    result = RegistrationResult(
        group_arn="arn:aws:sagemaker:us-east-1:111122223333:model-package-group/g",
        package={"ModelPackageArn": "arn", "ModelPackageVersion": 1},
        card=CardResult("c", "arn:card", 1, "created"),
    )
    declared = yaml.safe_load((REPO_ROOT / "action.yml").read_text())["outputs"]
    assert set(result.outputs()) == set(declared) - {"plan-file", "approval-status"}


def test_runs_docker_image(action: dict[str, Any]) -> None:
    assert action["runs"] == {"using": "docker", "image": "Dockerfile"}
