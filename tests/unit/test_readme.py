"""The README documents every input and output that action.yml declares."""

from __future__ import annotations

import pytest
import yaml

from tests.helpers import REPO_ROOT

ACTION = yaml.safe_load((REPO_ROOT / "action.yml").read_text())
README = (REPO_ROOT / "README.md").read_text()


@pytest.mark.parametrize("name", list(ACTION["inputs"]))
def test_readme_lists_input(name: str) -> None:
    assert f"| `{name}` |" in README


@pytest.mark.parametrize("name", list(ACTION["outputs"]))
def test_readme_lists_output(name: str) -> None:
    assert f"| `{name}` |" in README


@pytest.mark.parametrize("command", ["make demo", "make test"])
def test_readme_names_command(command: str) -> None:
    assert command in README
