"""Convert Hugging Face Trainer reports such as eval_results.json.

Trainer.save_metrics writes eval_results.json, train_results.json and
all_results.json as one-level objects. Groups, in this order:
- "evaluation": eval_ keys without the prefix, plus epoch and any other key
  without a known prefix.
- "training": train_ keys without the prefix, plus total_flos.
- "throughput": the speed keys that Trainer adds for each split
  (eval_runtime, train_samples_per_second, ...), named in full because the
  train and eval ones would otherwise collide.
"""

from __future__ import annotations

import re

from .builder import MetricGroups
from .common import QUALITY, JsonObject, ParsedReport, ReportFormat

EVALUATION, TRAINING, THROUGHPUT = "evaluation", "training", "throughput"

_SPEED_KEY = re.compile(
    r"(eval|train|test|predict)_"
    r"(runtime|samples_per_second|steps_per_second|tokens_per_second)"
)


def detect(data: JsonObject) -> bool:
    """Return whether data is a one-level object with a Trainer speed key."""
    if any(isinstance(value, dict | list) for value in data.values()):
        return False
    return any(_SPEED_KEY.fullmatch(key) for key in data)


def parse(data: JsonObject, evaluation_name: str) -> ParsedReport:
    """Split Trainer metrics into evaluation, training and throughput groups."""
    groups = MetricGroups()
    # Visit the groups in a fixed order so that it does not depend on key order.
    for current_group in (EVALUATION, TRAINING, THROUGHPUT):
        for key, value in data.items():
            group, name = _place(key)
            if group == current_group:
                groups.add_scalar(group, name, value)
    return groups.result()


def _place(key: str) -> tuple[str, str]:
    """Return the group and metric name for a Trainer key."""
    if _SPEED_KEY.fullmatch(key):
        return THROUGHPUT, key
    if key.startswith("eval_"):
        return EVALUATION, key.removeprefix("eval_")
    if key.startswith("train_"):
        return TRAINING, key.removeprefix("train_")
    if key == "total_flos":
        return TRAINING, key
    return EVALUATION, key


HF_TRAINER = ReportFormat(
    name="hf-trainer",
    report_kind=QUALITY,
    requirement="a one-level object with Trainer speed keys such as eval_runtime",
    detect=detect,
    parse=parse,
)
