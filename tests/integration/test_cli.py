"""`python -m registrar`: the same pipeline from flags, outputs as JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.helpers import action_environment


def run_cli(args: list[str], workspace: Path) -> subprocess.CompletedProcess[str]:
    env = action_environment({}, workspace)
    for key in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"):
        env.pop(key)
    return subprocess.run(
        [sys.executable, "-m", "registrar", *args],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


ARGS = [
    "--model-package-group-name",
    "fer-models",
    "--model-data-url",
    "s3://example-bucket/fer/model.tar.gz",
    "--image-uri",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/fer:1",
    "--preflight",
    "false",
]


def test_cli_prints_outputs_as_json(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    result = run_cli([*ARGS, "--endpoint-url", endpoint], workspace)
    outputs = json.loads(result.stdout)
    assert result.returncode == 0, result.stderr
    assert outputs["model-package-version"] == "1"
    assert outputs["created"] == "true"


def test_cli_dry_run_switch(workspace: Path) -> None:
    result = run_cli([*ARGS, "--dry-run"], workspace)
    outputs = json.loads(result.stdout)
    assert result.returncode == 0, result.stderr
    assert Path(outputs["plan-file"]).is_file()


def test_cli_bad_input_exits_1(workspace: Path) -> None:
    result = run_cli([*ARGS, "--approval-status", "approved", "--dry-run"], workspace)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "approval-status: 'approved' is not valid" in result.stderr


def test_cli_help_lists_inputs(workspace: Path) -> None:
    result = run_cli(["--help"], workspace)
    assert result.returncode == 0
    assert "--model-card-file VALUE" in result.stdout
    assert "YAML or JSON file" in result.stdout
