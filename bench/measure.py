"""Run a child process and read its own wall time, peak RSS and exit status."""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SPAWN = Path(__file__).resolve().parent / "spawn.py"


@dataclass(frozen=True)
class ProcessRun:
    """One finished child process."""

    seconds: float
    # Peak resident set size of the child, from wait4's rusage (KiB on Linux).
    max_rss_kib: int
    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Summary:
    """Median, quartiles and range of a sample."""

    median: float
    q1: float
    q3: float
    minimum: float
    maximum: float
    count: int


def summarize(values: Sequence[float]) -> Summary:
    """Return the median, inclusive quartiles and range of `values`."""
    if len(values) > 1:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    else:
        q1 = q3 = values[0]
    return Summary(
        statistics.median(values), q1, q3, min(values), max(values), len(values)
    )


def run_process(
    argv: Sequence[str], *, env: dict[str, str], cwd: Path, timeout: float = 300
) -> ProcessRun:
    """Run `argv` to completion through spawn.py; return its figures and output.

    spawn.py times the child from posix_spawn to wait4 and reads the child's
    own rusage, so neither its start-up nor this process's memory is counted.
    On time-out the whole process group is killed and TimeoutExpired raised.
    """
    with (
        tempfile.TemporaryDirectory(prefix="bench-run-") as temp,
        open(Path(temp) / "stdout", "w+b") as out,
        open(Path(temp) / "stderr", "w+b") as err,
    ):
        result_path = Path(temp) / "result.json"
        wrapper = [sys.executable, "-I", "-S", str(SPAWN), str(result_path), *argv]
        process = subprocess.Popen(
            wrapper,
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
        if process.returncode != 0 or not result_path.exists():
            raise RuntimeError(f"spawn.py failed ({process.returncode}): {stderr}")
        result = json.loads(result_path.read_text())
    return ProcessRun(
        seconds=float(result["seconds"]),
        max_rss_kib=int(result["max_rss_kib"]),
        returncode=int(result["returncode"]),
        stdout=stdout,
        stderr=stderr,
    )
