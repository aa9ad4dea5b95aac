"""Convert SageMaker Clarify analysis.json reports: bias and explainability.

The layout is described under "Get the Analysis Results" in
awsdocs/amazon-sagemaker-developer-guide, doc_source/clarify-processing-job-run.md.
One analysis.json can hold both the bias metrics and the SHAP values. Format
detection reads such a file as a bias report, so force clarify-explainability
to read its SHAP values instead.
"""

from __future__ import annotations

import json

from .builder import MetricGroups, left_out_note
from .common import (
    BIAS,
    EXPLAINABILITY,
    MAX_METRIC_NAME,
    MAX_NAME,
    MAX_POINTS,
    JsonObject,
    Number,
    ParsedReport,
    ReportError,
    ReportFormat,
    check_name,
    describe,
    finite_number,
    list_at,
    object_at,
    quote,
)

# Report keys and the stage names used in metric group names.
STAGES = (
    ("pre_training_bias_metrics", "pre-training"),
    ("post_training_bias_metrics", "post-training"),
)


def detect_bias(data: JsonObject) -> bool:
    """Return whether data has a pre- or post-training bias metrics object."""
    return any(isinstance(data.get(key), dict) for key, _ in STAGES)


def parse_bias(data: JsonObject, evaluation_name: str) -> ParsedReport:
    """Make a group per stage, facet and facet value, like "post-training Gender=0".

    A metric's description becomes its notes. A metric whose value is null is
    left out and recorded as dropped, as the SageMaker Python SDK's parser
    skips it.
    """
    groups = MetricGroups()
    for key, stage in STAGES:
        if key in data:
            facets = object_at(object_at(data, key), "facets")
            for facet, entries in facets.items():
                if not isinstance(entries, list):
                    raise ReportError(
                        f"Facet {quote(facet)} is {describe(entries)}, but it must "
                        "be an array of facet values."
                    )
                for entry in entries:
                    _add_facet_value(groups, f"{stage} {facet}", entry)
    return groups.result()


def _add_facet_value(groups: MetricGroups, stage_facet: str, entry: object) -> None:
    if not isinstance(entry, dict):
        raise ReportError(
            f"A facet value of {quote(stage_facet)} is {describe(entry)}, but it "
            "must be an object with value_or_threshold and metrics."
        )
    group = f"{stage_facet}={_facet_value(entry.get('value_or_threshold'))}"
    if len(group) > MAX_NAME:
        raise ReportError(
            f"The metric group name {quote(group)} (stage, facet and facet value) is "
            f"{len(group)} characters long, but a model card allows at most "
            f"{MAX_NAME}. Use a shorter facet name or value in the Clarify analysis."
        )
    for metric in list_at(entry, "metrics", f"facet value {quote(group)}"):
        if not isinstance(metric, dict):
            raise ReportError(
                f"A metric in {quote(group)} is {describe(metric)}, but it must be "
                "an object with name and value."
            )
        where = f"in group {quote(group)}"
        name = check_name("metric name", metric.get("name"), MAX_METRIC_NAME, where)
        description = metric.get("description")
        notes = description if isinstance(description, str) else None
        if metric.get("value") is None:
            groups.drop(group, name)
        else:
            groups.add_number(group, name, metric["value"], notes)


def _facet_value(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return json.dumps(value)  # true and 1.5, as the report spells them
    raise ReportError(
        f"A value_or_threshold is {describe(value)}, but it must be a string or number."
    )


def detect_explainability(data: JsonObject) -> bool:
    """Return whether data has an explanations.kernel_shap object."""
    explanations = data.get("explanations")
    return isinstance(explanations, dict) and isinstance(
        explanations.get("kernel_shap"), dict
    )


def parse_explainability(data: JsonObject, evaluation_name: str) -> ParsedReport:
    """Make one group per predicted label, named like "kernel SHAP label0".

    Each group has the global SHAP values as a bar chart and the
    expected_value, when present, as a number. Other explanations (partial
    dependence plots, top text tokens) are not converted.
    """
    groups = MetricGroups()
    kernel_shap = object_at(object_at(data, "explanations"), "kernel_shap")
    for label, explanation in kernel_shap.items():
        group = f"kernel SHAP {label}"
        if not isinstance(explanation, dict):
            raise ReportError(
                f"kernel_shap {quote(label)} is {describe(explanation)}, but it must "
                "be an object with global_shap_values."
            )
        _add_shap_values(groups, group, object_at(explanation, "global_shap_values"))
        if "expected_value" in explanation:
            groups.add_number(group, "expected_value", explanation["expected_value"])
    return groups.result()


def _add_shap_values(groups: MetricGroups, group: str, values: JsonObject) -> None:
    """Add the features with the largest absolute SHAP values as a bar chart.

    Bars are sorted by absolute value, largest first; ties keep report order.
    A bar chart has at most 20 bars, so only the top 20 features are kept.
    """
    bars: list[tuple[str, Number]] = []
    for feature, value in values.items():
        number = finite_number(value, f"The SHAP value of feature {quote(feature)}")
        if number is not None:
            bars.append((feature, number))
    name = "global_shap_values"
    if not groups.record_left_out(group, name, len(bars), len(values), "features"):
        return
    bars.sort(key=lambda bar: abs(bar[1]), reverse=True)
    notes = "Features sorted by absolute SHAP value."
    if len(bars) > MAX_POINTS:
        notes += f" Shows the {MAX_POINTS} largest of {len(bars)} features."
    notes += " " + left_out_note(len(values) - len(bars), "feature")
    top_bars = bars[:MAX_POINTS]
    groups.add_bar_chart(group, name, top_bars, "global SHAP value", notes.strip())


CLARIFY_BIAS = ReportFormat(
    name="clarify-bias",
    report_kind=BIAS,
    requirement="a pre_training_bias_metrics or post_training_bias_metrics object",
    detect=detect_bias,
    parse=parse_bias,
)

CLARIFY_EXPLAINABILITY = ReportFormat(
    name="clarify-explainability",
    report_kind=EXPLAINABILITY,
    requirement="an explanations object with kernel_shap",
    detect=detect_explainability,
    parse=parse_explainability,
)
