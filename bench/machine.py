"""The machine and the package versions behind the numbers."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from report import Sizes

REPO_ROOT = Path(__file__).resolve().parent.parent
# The files whose changes alter what the benchmark measures of the registrar.
MEASURED_PATHS = ["registrar", "entrypoint.py", "requirements.txt"]


def _first_value(path: str, key: str) -> str | None:
    """Return the value of the first `key: value` or `KEY=value` line of a file."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        name, _, value = line.partition(":" if ":" in line else "=")
        if name.strip() == key:
            return value.strip().strip('"')
    return None


def memory_gib() -> str:
    """Return the machine's memory from /proc/meminfo, in GiB."""
    total = _first_value("/proc/meminfo", "MemTotal")
    if total is None:
        return "unknown"
    return f"{int(total.split()[0]) / 1024**2:.1f} GiB"


def registrar_revision() -> str:
    """Return the commit measured, noting uncommitted changes to the registrar."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changes = subprocess.run(
            ["git", "status", "--porcelain", "--", *MEASURED_PATHS],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.rstrip()
    except (OSError, subprocess.CalledProcessError):
        return "an unknown commit (not a git checkout, or git is missing)"
    # Porcelain lines are "XY path": two status letters, a space, the path.
    changed = [line[3:] for line in changes.splitlines()]
    if changed:
        return f"commit {commit} with uncommitted changes to {', '.join(changed)}"
    return f"commit {commit}"


def describe(sizes: Sizes) -> list[str]:
    """Return Markdown lines naming the machine and the versions measured."""
    cpu = _first_value("/proc/cpuinfo", "model name") or platform.processor()
    system = _first_value("/etc/os-release", "PRETTY_NAME") or platform.system()
    if sizes.sdk:
        versions = sizes.sdk.versions
        sdk = (
            f"sagemaker {versions.get('sagemaker')} with boto3 "
            f"{versions.get('boto3')} in bench/.venv-sdk"
        )
    else:
        sdk = "the SDK was not measured"
    return [
        f"- Machine: {os.cpu_count()} cores ({cpu}), {memory_gib()} memory, "
        f"{system}, Linux {platform.release()}.",
        f"- Python {platform.python_version()} for every contender.",
        "- Load average when the report was written (1, 5 and 15 minutes): "
        + ", ".join(f"{load:.2f}" for load in os.getloadavg())
        + ". Other work on the machine during the run slows the timings.",
        f"- moto {metadata.version('moto')} (server mode), boto3 "
        f"{metadata.version('boto3')} for the registrar and the boto3 script; "
        f"{sdk}.",
    ]
