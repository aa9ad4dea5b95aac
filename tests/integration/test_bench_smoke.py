"""bench/run.py --smoke runs offline and reports the registrar and boto3 figures."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.helpers import NETGUARD_DIR, REPO_ROOT

BENCH = REPO_ROOT / "bench" / "run.py"
SECONDS = re.compile(r"^\d+\.\d+ s")
MIB = re.compile(r"^\d+\.\d MiB")
MB = re.compile(r"^\d+\.\d MB")
RATIO = re.compile(r"^\d+\.\d+×$")


def table_rows(text: str) -> dict[str, list[str]]:
    """Return each Markdown table row's cells, keyed by its first cell.

    Where two rows share a first cell, the first one is kept.
    """
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            rows.setdefault(cells[0], cells[1:])
    return rows


def run_smoke(output: Path) -> subprocess.CompletedProcess[str]:
    # The SDK is skipped: creating its venv needs the package index.
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(NETGUARD_DIR), str(REPO_ROOT)])
    return subprocess.run(
        [sys.executable, str(BENCH), "--smoke", "--skip-sdk", "--output", str(output)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_bench_smoke_report(tmp_path: Path) -> None:
    output = tmp_path / "benchmarks.md"
    result = run_smoke(output)
    assert result.returncode == 0, result.stderr[-4000:]
    text = output.read_text()
    rows = table_rows(text)

    time_row = rows["Wall time per registration, whole process"]
    registrar_time, sdk_time, boto3_time, _, boto3_ratio = time_row
    assert SECONDS.match(registrar_time), time_row
    assert SECONDS.match(boto3_time), time_row
    assert sdk_time == "not measured"
    assert RATIO.match(boto3_ratio), time_row

    rss_row = rows["Peak RSS of the process"]
    assert MIB.match(rss_row[0]), rss_row
    assert MIB.match(rss_row[2]), rss_row

    calls_row = rows["API calls per new registration"]
    assert calls_row[0].isdigit(), calls_row
    assert calls_row[2] == "3"

    size_row = rows["Run-time dependencies, installed"]
    assert MB.match(size_row[0]), size_row
    assert MB.match(size_row[2]), size_row

    growth_row = rows["10"]
    assert SECONDS.match(growth_row[0]), growth_row
    assert growth_row[1].isdigit(), growth_row
    assert SECONDS.match(growth_row[2]), growth_row
    assert growth_row[3].isdigit(), growth_row

    assert "The SageMaker SDK was not measured: --skip-sdk was given" in text
