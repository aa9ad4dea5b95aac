"""Render the benchmark results as the Markdown page docs/benchmarks.md."""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

import machine
import notes
import targets
from growth import GrowthResult
from installed import InstalledSize
from measure import Summary, summarize
from runs import LABELS, Comparison, Sample, operation_name

MIB = 1024
MB = 1_000_000


@dataclass(frozen=True)
class Sizes:
    """Installed run-time dependencies of each contender."""

    registrar: InstalledSize
    sdk: InstalledSize | None
    baseline: InstalledSize
    registrar_code_bytes: int


@dataclass(frozen=True)
class Results:
    """Everything one benchmark run measured, and how it was run."""

    options: argparse.Namespace
    argv: list[str]
    comparison: Comparison
    growth: list[GrowthResult]
    sizes: Sizes
    revision: str
    direct_call_ms: float
    proxied_call_ms: float
    sdk_skipped_reason: str | None
    total_seconds: float


def seconds(samples: list[Sample]) -> Summary | None:
    """Return the wall-time summary of `samples`, None when there are none."""
    if not samples:
        return None
    return summarize([sample.process.seconds for sample in samples])


def rss_mib(samples: list[Sample]) -> Summary | None:
    """Return the peak-RSS summary of `samples` in MiB, None when there are none."""
    if not samples:
        return None
    return summarize([sample.process.max_rss_kib / MIB for sample in samples])


def format_summary(summary: Summary | None, unit: str, digits: int = 2) -> str:
    """Return "median unit (min–max; IQR q1–q3)" for a table cell."""
    if summary is None:
        return "not measured"
    text = f"{summary.median:.{digits}f} {unit}".strip()
    if summary.minimum == summary.maximum:
        return text
    text += f" ({summary.minimum:.{digits}f}–{summary.maximum:.{digits}f}"
    if summary.count >= 4:
        text += f"; IQR {summary.q1:.{digits}f}–{summary.q3:.{digits}f}"
    return text + ")"


def format_ratio(numerator: float | None, denominator: float | None) -> str:
    """Return numerator/denominator as "0.31×", or a dash when either is missing."""
    if numerator is None or not denominator:
        return "–"
    return f"{numerator / denominator:.2f}×"


def format_calls(counter: Counter[str]) -> str:
    """Return the operations of one run as "Op ×n, Op, ..." in first-call order."""
    return ", ".join(
        f"{operation_name(operation)} ×{count}"
        if count > 1
        else operation_name(operation)
        for operation, count in counter.items()
    )


def median(summary: Summary | None) -> float | None:
    """Return the median of a summary, None when there is no summary."""
    return summary.median if summary else None


def count(sample: Sample | None) -> float | None:
    """Return the API calls of a counted run, None when there was none."""
    return float(sample.call_count) if sample else None


def figure_row(
    name: str, values: dict[str, Summary | None], unit: str, digits: int
) -> str:
    """Return one row of the comparison table, ratios included."""
    cells = [
        format_summary(values[key], unit, digits)
        for key in ("registrar", "sdk", "boto3")
    ]
    ours = median(values["registrar"])
    ratios = [format_ratio(ours, median(values[key])) for key in ("sdk", "boto3")]
    return f"| {name} | " + " | ".join(cells + ratios) + " |"


def comparison_table(results: Results) -> list[str]:
    """Return the Markdown lines of the registrar-versus-alternatives table."""
    timed, counted, sizes = (
        results.comparison.timed,
        results.comparison.counted,
        results.sizes,
    )
    names = ("registrar", "sdk", "boto3")
    calls = {
        name: summarize([count(counted[name]) or 0.0]) if name in counted else None
        for name in names
    }
    size_mb = {
        "registrar": sizes.registrar.total_bytes / MB,
        "sdk": sizes.sdk.total_bytes / MB if sizes.sdk else None,
        "boto3": sizes.baseline.total_bytes / MB,
    }
    installed = {
        name: summarize([value]) if value is not None else None
        for name, value in size_mb.items()
    }
    return [
        "| Figure | Registrar | SageMaker SDK v2 | boto3 script "
        "| Registrar / SDK | Registrar / boto3 |",
        "| --- | --- | --- | --- | --- | --- |",
        figure_row(
            "Wall time per registration, whole process",
            {name: seconds(timed[name]) for name in names},
            "s",
            2,
        ),
        figure_row(
            "Peak RSS of the process",
            {name: rss_mib(timed[name]) for name in names},
            "MiB",
            1,
        ),
        figure_row("API calls per new registration", calls, "", 0),
        figure_row("Run-time dependencies, installed", installed, "MB", 1),
    ]


def floors_table(comparison: Comparison) -> list[str]:
    """Return the Markdown lines of the processes that make no registration."""
    lines = ["| Process | Wall time | Peak RSS |", "| --- | --- | --- |"]
    for name in ("dry-run", "boto3-client", "sdk-import"):
        samples = comparison.timed[name]
        if samples:
            lines.append(
                f"| {LABELS[name]} | {format_summary(seconds(samples), 's')} "
                f"| {format_summary(rss_mib(samples), 'MiB', 1)} |"
            )
    return lines


def calls_table(comparison: Comparison) -> list[str]:
    """Return the Markdown lines listing each contender's calls, in order."""
    lines = ["| Contender | Calls | Operations |", "| --- | --- | --- |"]
    for name, sample in comparison.counted.items():
        lines.append(
            f"| {LABELS[name]} | {sample.call_count} | {format_calls(sample.calls)} |"
        )
    return lines


def growth_table(growth: list[GrowthResult]) -> list[str]:
    """Return the Markdown lines of the group-size table."""
    lines = [
        "| Versions in the group | Re-run time | Re-run calls "
        "| New registration time | New registration calls "
        "| One ListModelPackages page on moto | Filling the group |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for result in growth:
        lines.append(
            f"| {result.size:,} "
            f"| {format_summary(seconds(result.reruns), 's')} "
            f"| {result.rerun_counted.call_count} "
            f"| {format_summary(seconds(result.new_registrations), 's')} "
            f"| {result.new_counted.call_count} "
            f"| {result.list_page_ms:.1f} ms "
            f"| {result.fill_seconds:.1f} s |"
        )
    return lines


def growth_calls_table(growth: list[GrowthResult]) -> list[str]:
    """Return the Markdown lines listing the calls at each group size."""
    lines = ["| Versions | Run | Operations |", "| --- | --- | --- |"]
    for result in growth:
        for name, sample in (
            ("re-run", result.rerun_counted),
            ("new registration", result.new_counted),
        ):
            lines.append(f"| {result.size:,} | {name} | {format_calls(sample.calls)} |")
    return lines


def header(results: Results) -> list[str]:
    """Return the title, date, command, machine and versions."""
    command = " ".join([".venv/bin/python bench/run.py", *results.argv])
    return [
        "# Benchmarks",
        "",
        "How long the registrar takes to register a model, how much memory and",
        "how many API calls it uses, and how much it installs, next to the",
        "SageMaker Python SDK v2 and a hand-written boto3 script doing the same",
        "registration. All numbers were measured on the emulator (moto), not on",
        "AWS.",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; the whole run took "
        f"{results.total_seconds:.0f} s.",
        f"- Command: `{command}` (`make bench` runs it without flags).",
        f"- Registrar: {results.revision}.",
        *machine.describe(results.sizes),
        "",
    ]


def render(results: Results) -> str:
    """Return the whole Markdown page."""
    options = results.options
    lines = header(results)
    lines += [
        "## Registering the FER+ example",
        "",
        f"Median of {options.runs} timed run(s) after {options.warmup} warm-up "
        "round(s), with the range and, from 4 runs on, the interquartile range. "
        "Every round starts from an emptied emulator, and each contender "
        "registers into a new group. API calls come from one more, untimed run "
        "of each through the counting proxy.",
        "",
    ]
    if results.sdk_skipped_reason:
        lines += [
            f"**The SageMaker SDK was not measured: {results.sdk_skipped_reason}.**",
            "",
        ]
    lines += comparison_table(results)
    lines += [
        "",
        "Where the time goes: the same rounds also timed three processes that "
        "register nothing. The dry run validates the same inputs and imports "
        "no boto3.",
        "",
        *floors_table(results.comparison),
        "",
        "Calls of the counted run:",
        "",
        *calls_table(results.comparison),
        "",
        *targets.render(results),
        "",
        "## Registrar cost by group size",
        "",
        *notes.GROWTH,
        "",
        *growth_table(results.growth),
        "",
        *growth_calls_table(results.growth),
        "",
        *notes.method(results),
    ]
    return "\n".join(lines) + "\n"
