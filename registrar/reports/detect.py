"""Choose the format of a report from its content or from the requested format.

Detection tries the formats in DETECTION_ORDER and takes the first match. The
formats with distinctive top-level keys come first, so that a report with those
keys is never read as a generic one:

1. model-card: a "metric_groups" key.
2. model-monitor: a binary_classification_metrics,
   multiclass_classification_metrics or regression_metrics object.
3. clarify-bias: a pre_training_bias_metrics or post_training_bias_metrics
   object. It precedes clarify-explainability because one analysis.json can
   hold both.
4. clarify-explainability: an explanations object with kernel_shap.
5. sklearn-report: "macro avg" and "weighted avg" objects with precision,
   recall, f1-score and support.
6. hf-trainer: a one-level object with a Trainer speed key such as
   eval_runtime or train_samples_per_second.
7. flat: the fallback, only when every leaf is a number, boolean or string.
"""

from __future__ import annotations

from .clarify import CLARIFY_BIAS, CLARIFY_EXPLAINABILITY
from .common import JsonObject, ReportError, ReportFormat, describe, quote
from .flat import FLAT, find_non_scalar
from .hf_trainer import HF_TRAINER
from .model_card import MODEL_CARD
from .model_monitor import MODEL_MONITOR
from .sklearn import SKLEARN_REPORT

DETECTION_ORDER: tuple[ReportFormat, ...] = (
    MODEL_CARD,
    MODEL_MONITOR,
    CLARIFY_BIAS,
    CLARIFY_EXPLAINABILITY,
    SKLEARN_REPORT,
    HF_TRAINER,
    FLAT,
)
BY_NAME = {report_format.name: report_format for report_format in DETECTION_ORDER}

# Forcing these formats runs the parser directly, because its errors name the
# invalid key, which helps more than "this is not a flat report".
_PARSER_CHECKED = frozenset({FLAT.name, HF_TRAINER.name})


def detect_format(data: JsonObject) -> ReportFormat | None:
    """Return the first format in DETECTION_ORDER that matches data, if any."""
    for report_format in DETECTION_ORDER:
        if report_format.detect(data):
            return report_format
    return None


def choose_format(data: JsonObject, requested: str) -> ReportFormat:
    """Return the requested format, or the detected one for "auto".

    Raises ReportError when no format matches or when the content does not
    look like the requested format.
    """
    detected = detect_format(data)
    if requested == "auto":
        if detected is None:
            raise ReportError(_no_format_message(data))
        return detected
    chosen = BY_NAME[requested]
    if chosen.name not in _PARSER_CHECKED and not chosen.detect(data):
        found = f"looks like {detected.name}" if detected else "matches no format"
        raise ReportError(
            f"It is not a {chosen.name} report, which needs "
            f"{chosen.requirement}. The content {found}. Set the report format to "
            "auto or to the format of this report."
        )
    return chosen


def _no_format_message(data: JsonObject) -> str:
    """Explain that no format matches, naming the value that rules out flat."""
    message = f"Its layout matches no supported format ({', '.join(BY_NAME)})."
    non_scalar = find_non_scalar(data)
    if non_scalar is not None:
        path, value = non_scalar
        message += (
            f" As a flat report, {quote(path)} is {describe(value)}, which is not "
            "a number, boolean or short string."
        )
    return message + " Convert the report to one of the supported formats."
