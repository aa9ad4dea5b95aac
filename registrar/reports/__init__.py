"""Convert evaluation reports into model card evaluation_details entries.

load_evaluation reads one JSON report, detects its format (see detect.py for
the order) and converts it into metric groups within the model card limits.
Metrics whose value is NaN or infinite are left out and listed in
Evaluation.dropped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from ..errors import InputError
from .common import MAX_NAME, JsonObject, ReportError, ReportFormat, quote
from .detect import choose_format
from .model_card import MODEL_CARD, document_name
from .reader import MAX_REPORT_BYTES, read_report, report_error

__all__ = [
    "FORMATS",
    "MAX_REPORT_BYTES",
    "Evaluation",
    "flatten_metrics",
    "load_evaluation",
]

FORMATS: tuple[str, ...] = (
    "auto",
    "flat",
    "model-card",
    "model-monitor",
    "clarify-bias",
    "clarify-explainability",
    "sklearn-report",
    "hf-trainer",
)
SIMPLE_TYPES = frozenset({"number", "string", "boolean"})


@dataclass(frozen=True)
class Evaluation:
    """One converted report: a model card evaluation_details entry and its source."""

    name: str  # the evaluation name: the name argument, the report's, or the file stem
    format: str  # detected or forced format, one of FORMATS[1:]
    metric_groups: list[dict[str, Any]]
    source: str  # the path as the user wrote it, for annotations
    raw: bytes  # the file bytes unchanged, uploaded to S3 as they are
    # "group/metric" paths of metrics left out because the value was NaN,
    # infinite or null. "group/metric (2 of 9 points)" means a graph or bar chart
    # lost those points or bars but stayed.
    dropped: tuple[str, ...]
    report_kind: str  # ModelMetrics slot for raw: quality, bias or explainability


def load_evaluation(
    path: str,
    *,
    name: str | None = None,
    fmt: str = "auto",
    base_dir: Path | None = None,
) -> Evaluation:
    """Read the JSON report at `path` and convert it into an Evaluation.

    A relative path is resolved against base_dir when one is given. `fmt`
    forces a format; "auto" detects it. The evaluation name is `name`, else a
    model-card report's own name, else the file name without its extension.
    Raises InputError, naming the file, the problem and the fix, for any
    unreadable or invalid report.
    """
    if fmt not in FORMATS:
        raise InputError(
            f"The report format {fmt!r} is not supported. Use one of: "
            f"{', '.join(FORMATS)}.",
            file=path,
        )
    raw, data = read_report(path, base_dir)
    try:
        report_format = choose_format(data, fmt)
    except ReportError as error:
        raise report_error(path, f"cannot be converted. {error}") from None
    try:
        evaluation_name = _evaluation_name(path, name, data, report_format)
        parsed = report_format.parse(data, evaluation_name)
    except ReportError as error:
        raise report_error(
            path, f"is invalid ({report_format.name}): {error}"
        ) from None
    return Evaluation(
        name=evaluation_name,
        format=report_format.name,
        metric_groups=parsed.metric_groups,
        source=path,
        raw=raw,
        dropped=parsed.dropped,
        report_kind=report_format.report_kind,
    )


def _evaluation_name(
    path: str, name: str | None, data: JsonObject, report_format: ReportFormat
) -> str:
    own_name = document_name(data) if report_format is MODEL_CARD else None
    if name is not None:
        candidate, fix = name, "Give a shorter evaluation name."
    elif own_name is not None:
        candidate, fix = own_name, "Shorten the name field of the report."
    else:
        candidate = PurePath(path).stem
        fix = "Give the evaluation a name, or rename the file."
    if not 1 <= len(candidate) <= MAX_NAME:
        raise ReportError(
            f"The evaluation name {quote(candidate)} has {len(candidate)} "
            f"characters, but a model card allows 1 to {MAX_NAME}. {fix}"
        )
    return candidate


def flatten_metrics(evaluation: Evaluation) -> dict[str, float | int | str | bool]:
    """Return the number, string and boolean metrics of an evaluation by name.

    A metric name that occurs in more than one group is keyed "group/metric".
    If that key still repeats, because two groups share a name, the later
    ones get " (2)", " (3)" and so on appended.
    """
    simple = [
        (group["name"], metric["name"], metric["value"])
        for group in evaluation.metric_groups
        for metric in group["metric_data"]
        if metric["type"] in SIMPLE_TYPES
    ]
    counts = Counter(name for _, name, _ in simple)
    flattened: dict[str, float | int | str | bool] = {}
    for group, name, value in simple:
        key = name if counts[name] == 1 else f"{group}/{name}"
        unique_key, suffix = key, 1
        while unique_key in flattened:
            suffix += 1
            unique_key = f"{key} ({suffix})"
        flattened[unique_key] = value
    return flattened
