"""Helpers for tests that run the action as the runner would."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools.emulator import parse_github_output, run_entrypoint, runner_environment

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
NETGUARD_DIR = TESTS_DIR / "netguard"


def action_environment(
    inputs: dict[str, str], workspace: Path, **extra: str
) -> dict[str, str]:
    """Return the runner's environment for `inputs`, with the network guard on."""
    env = runner_environment(inputs, workspace, extra=extra)
    env["PYTHONPATH"] = os.pathsep.join([str(NETGUARD_DIR), str(REPO_ROOT)])
    return env


def with_preflight_default(inputs: dict[str, str]) -> dict[str, str]:
    """Turn the pre-flight checks off unless the test sets `preflight` itself.

    Most tests name artifacts and images that the emulator does not contain.
    The tests of the checks, and the end-to-end tests, seed them and keep them on.
    """
    names = {name.replace("_", "-") for name in inputs}
    return inputs if "preflight" in names else {**inputs, "preflight": "false"}


def run_action(
    inputs: dict[str, str], workspace: Path, **extra: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run entrypoint.py with `inputs`; return the process and the parsed outputs."""
    env = action_environment(with_preflight_default(inputs), workspace, **extra)
    # The runner gives every step new, empty file-command files.
    for variable in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"):
        Path(env[variable]).write_text("")
    result = run_entrypoint(env, workspace)
    output_file = Path(env["GITHUB_OUTPUT"])
    text = output_file.read_text() if output_file.exists() else ""
    return result, parse_github_output(text)


def run_in_process(
    inputs: dict[str, str], workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, dict[str, str], str]:
    """Run the action in this process, so a spy can see the registrar's client.

    Returns the exit code, the outputs and the log.
    """
    from registrar import workflow
    from registrar.main import main

    env = runner_environment(with_preflight_default(inputs), workspace)
    for variable in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"):
        Path(env[variable]).write_text("")
    monkeypatch.chdir(workspace)
    log = io.StringIO()
    workflow.set_stream(log)
    try:
        code = main(env)
    finally:
        workflow.set_stream(sys.stdout)
    outputs = parse_github_output(Path(env["GITHUB_OUTPUT"]).read_text())
    return code, outputs, log.getvalue()
