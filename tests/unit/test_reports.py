"""Tests for registrar.reports: format detection, conversion and bad files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from registrar.errors import InputError
from registrar.reports import (
    FORMATS,
    MAX_REPORT_BYTES,
    Evaluation,
    flatten_metrics,
    load_evaluation,
)
from registrar.reports.builder import resample

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"
BINARY = "model_monitor_model_quality_binary_classification.json"


def load(file_name: str, **options: Any) -> Evaluation:
    return load_evaluation(file_name, base_dir=FIXTURES, **options)


def write(tmp_path: Path, content: Any, file_name: str = "report.json") -> str:
    """Write content (bytes, text or a JSON value) and return the file's path."""
    path = tmp_path / file_name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return str(path)


def load_json(tmp_path: Path, content: Any, **options: Any) -> Evaluation:
    return load_evaluation(write(tmp_path, content), **options)


def metric(evaluation: Evaluation, group: str, name: str) -> dict[str, Any]:
    for metric_group in evaluation.metric_groups:
        if metric_group["name"] == group:
            for item in metric_group["metric_data"]:
                if item["name"] == name:
                    return dict(item)
    raise AssertionError(f"no metric {group}/{name}")


def group_names(evaluation: Evaluation) -> list[str]:
    return [group["name"] for group in evaluation.metric_groups]


def metric_names(evaluation: Evaluation, group: str) -> list[str]:
    for metric_group in evaluation.metric_groups:
        if metric_group["name"] == group:
            return [item["name"] for item in metric_group["metric_data"]]
    raise AssertionError(f"no group {group}")


# Model Monitor: the real binary classification report.

BINARY_GROUP = "binary_classification_metrics"


def test_binary_detected_as_model_monitor() -> None:
    evaluation = load(BINARY)
    assert evaluation.format == "model-monitor"
    assert evaluation.report_kind == "quality"
    assert evaluation.name == "model_monitor_model_quality_binary_classification"


def test_binary_metric_names() -> None:
    assert metric_names(load(BINARY), BINARY_GROUP) == [
        "accuracy",
        "accuracy_best_constant_classifier",
        "auc",
        "confusion_matrix",
        "f0_5",
        "f0_5_best_constant_classifier",
        "f1",
        "f1_best_constant_classifier",
        "f2",
        "f2_best_constant_classifier",
        "false_negative_rate",
        "false_positive_rate",
        "precision",
        "precision_best_constant_classifier",
        "precision_recall_curve",
        "recall",
        "recall_best_constant_classifier",
        "receiver_operating_characteristic_curve",
        "true_negative_rate",
        "true_positive_rate",
    ]


def test_binary_accuracy_without_notes() -> None:
    accuracy = metric(load(BINARY), BINARY_GROUP, "accuracy")
    assert accuracy == {"name": "accuracy", "type": "number", "value": 0.5}


def test_binary_deviation_in_notes() -> None:
    evaluation = load(BINARY)
    auc = metric(evaluation, BINARY_GROUP, "auc")
    constant = metric(evaluation, BINARY_GROUP, "accuracy_best_constant_classifier")
    assert auc == {
        "name": "auc",
        "type": "number",
        "value": 1,
        "notes": "standard deviation 0.1",
    }
    assert constant["value"] == 0.25
    assert constant["notes"] == "standard deviation 0.2"


def test_binary_confusion_matrix() -> None:
    matrix = metric(load(BINARY), BINARY_GROUP, "confusion_matrix")
    assert matrix["type"] == "matrix"
    assert matrix["value"] == [[1, 2], [0, 1]]
    assert matrix["x_axis_name"] == ["0", "1"]
    assert matrix["y_axis_name"] == ["0", "1"]
    assert matrix["notes"] == "Rows are actual labels and columns predicted labels."


def test_binary_precision_recall_curve() -> None:
    curve = metric(load(BINARY), BINARY_GROUP, "precision_recall_curve")
    assert curve["type"] == "linear_graph"
    assert curve["value"] == [[0, 1], [0.25, 1], [0.5, 1], [0.75, 1], [1, 1]]
    assert curve["x_axis_name"] == "recall"
    assert curve["y_axis_name"] == "precision"
    assert "notes" not in curve


def test_binary_roc_curve() -> None:
    name = "receiver_operating_characteristic_curve"
    curve = metric(load(BINARY), BINARY_GROUP, name)
    assert curve["type"] == "linear_graph"
    assert curve["value"] == [[0, 0], [0, 0.25], [0, 0.5], [0, 0.75], [0, 1], [1, 1]]
    assert curve["x_axis_name"] == "false positive rate"
    assert curve["y_axis_name"] == "true positive rate"


def test_binary_keeps_raw_and_source() -> None:
    evaluation = load(BINARY)
    assert evaluation.raw == (FIXTURES / BINARY).read_bytes()
    assert evaluation.source == BINARY
    assert evaluation.dropped == ()


def test_binary_flatten() -> None:
    flattened = flatten_metrics(load(BINARY))
    assert flattened["accuracy"] == 0.5
    assert flattened["auc"] == 1
    assert "confusion_matrix" not in flattened
    assert "precision_recall_curve" not in flattened
    assert len(flattened) == 17


# Model Monitor: hand-written regression and multiclass reports.


def test_regression_deviation_notes() -> None:
    evaluation = load("model_monitor_regression.json")
    assert metric(evaluation, "regression_metrics", "mae") == {
        "name": "mae",
        "type": "number",
        "value": 0.52,
        "notes": "standard deviation 0.004",
    }
    assert "notes" not in metric(evaluation, "regression_metrics", "r2")


def test_multiclass_confusion_matrix() -> None:
    evaluation = load("model_monitor_multiclass.json")
    matrix = metric(evaluation, "multiclass_classification_metrics", "confusion_matrix")
    assert matrix["value"] == [[8, 1, 1], [2, 7, 1], [0, 1, 9]]
    assert matrix["x_axis_name"] == ["cat", "dog", "bird"]
    assert matrix["y_axis_name"] == ["cat", "dog", "bird"]


def test_monitor_curve_resampled(tmp_path: Path) -> None:
    curve = {"recalls": list(range(50)), "precisions": [i / 100 for i in range(50)]}
    report = {"binary_classification_metrics": {"precision_recall_curve": curve}}
    graph = metric(load_json(tmp_path, report), BINARY_GROUP, "precision_recall_curve")
    assert len(graph["value"]) == 20
    assert graph["value"][0] == [0, 0.0]
    assert graph["value"][-1] == [49, 0.49]
    assert graph["notes"] == (
        "Resampled from 50 to 20 points, keeping the first and the last."
    )


def test_monitor_curve_nan_point(tmp_path: Path) -> None:
    text = (
        '{"binary_classification_metrics": {"precision_recall_curve": '
        '{"recalls": [0, 0.5, 1], "precisions": [1, NaN, 0.5]}}}'
    )
    evaluation = load_json(tmp_path, text)
    graph = metric(evaluation, BINARY_GROUP, "precision_recall_curve")
    assert graph["value"] == [[0, 1], [1, 0.5]]
    assert graph["notes"] == "1 point with a NaN or infinite value left out."
    assert evaluation.dropped == (
        "binary_classification_metrics/precision_recall_curve (1 of 3 points)",
    )


def test_monitor_curve_length_mismatch(tmp_path: Path) -> None:
    curve = {"recalls": [0, 1], "precisions": [1]}
    report = {"binary_classification_metrics": {"precision_recall_curve": curve}}
    with pytest.raises(InputError, match="2 recalls but 1 precisions"):
        load_json(tmp_path, report)


def test_monitor_matrix_too_large(tmp_path: Path) -> None:
    labels = [str(i) for i in range(21)]
    matrix = {actual: {predicted: 1 for predicted in labels} for actual in labels}
    report = {"multiclass_classification_metrics": {"confusion_matrix": matrix}}
    with pytest.raises(InputError, match="is 21x21, but a model card allows"):
        load_json(tmp_path, report)


def test_monitor_matrix_nan_cell(tmp_path: Path) -> None:
    text = (
        '{"regression_metrics": {"mae": {"value": 1}}, '
        '"binary_classification_metrics": {"confusion_matrix": '
        '{"0": {"0": 1, "1": NaN}, "1": {"0": 0, "1": 1}}}}'
    )
    evaluation = load_json(tmp_path, text)
    assert evaluation.dropped == ("binary_classification_metrics/confusion_matrix",)
    assert group_names(evaluation) == ["regression_metrics"]


def test_monitor_matrix_ragged_rows(tmp_path: Path) -> None:
    matrix = {"0": {"0": 1, "1": 2}, "1": {"0": 0}}
    report = {"binary_classification_metrics": {"confusion_matrix": matrix}}
    with pytest.raises(InputError, match="different predicted labels"):
        load_json(tmp_path, report)


def test_monitor_nan_value_dropped(tmp_path: Path) -> None:
    text = '{"regression_metrics": {"mae": {"value": NaN}, "r2": {"value": 0.8}}}'
    evaluation = load_json(tmp_path, text)
    assert evaluation.dropped == ("regression_metrics/mae",)
    assert metric_names(evaluation, "regression_metrics") == ["r2"]


def test_monitor_nan_token_deviation(tmp_path: Path) -> None:
    text = '{"regression_metrics": {"mae": {"value": 1, "standard_deviation": NaN}}}'
    mae = metric(load_json(tmp_path, text), "regression_metrics", "mae")
    assert "notes" not in mae


def test_monitor_boolean_value(tmp_path: Path) -> None:
    report = {"regression_metrics": {"mae": {"value": True}}}
    with pytest.raises(InputError, match="is a boolean, but it must be a number"):
        load_json(tmp_path, report)


def test_monitor_metric_not_object(tmp_path: Path) -> None:
    report = {"regression_metrics": {"mae": 0.5}}
    with pytest.raises(InputError, match="Model Monitor writes an object"):
        load_json(tmp_path, report)


# Clarify bias: the real report.


def test_bias_groups() -> None:
    evaluation = load("clarify_bias.json")
    assert evaluation.format == "clarify-bias"
    assert evaluation.report_kind == "bias"
    assert group_names(evaluation) == [
        "pre-training Gender=0",
        "post-training Gender=0",
        "post-training Gender=1",
    ]


def test_bias_metric_values() -> None:
    evaluation = load("clarify_bias.json")
    assert metric(evaluation, "pre-training Gender=0", "CDDL") == {
        "name": "CDDL",
        "type": "number",
        "value": 0.21491590864936,
        "notes": "Conditional Demographic Disparity in Labels (CDDL)",
    }
    assert metric(evaluation, "post-training Gender=0", "AD") == {
        "name": "AD",
        "type": "number",
        "value": -0.11415724421435,
        "notes": "Accuracy Difference (AD)",
    }
    assert metric(evaluation, "post-training Gender=1", "AD")["value"] == (
        -0.1141572442143538
    )


def test_bias_flatten_repeated_names() -> None:
    assert flatten_metrics(load("clarify_bias.json")) == {
        "CDDL": 0.21491590864936,
        "post-training Gender=0/AD": -0.11415724421435,
        "post-training Gender=1/AD": -0.1141572442143538,
    }


def bias_report(facet: str, value: object, metric_value: object) -> dict[str, Any]:
    entry = {
        "value_or_threshold": value,
        "metrics": [
            {"name": "DI", "description": "Disparate Impact", "value": metric_value}
        ],
    }
    return {"post_training_bias_metrics": {"facets": {facet: [entry]}}}


def test_bias_numeric_facet_value(tmp_path: Path) -> None:
    evaluation = load_json(tmp_path, bias_report("age", 40, 0.9))
    assert group_names(evaluation) == ["post-training age=40"]


def test_bias_null_value_dropped(tmp_path: Path) -> None:
    report = bias_report("age", "40", None)
    report["post_training_bias_metrics"]["facets"]["sex"] = [
        {"value_or_threshold": "1", "metrics": [{"name": "DI", "value": 0.8}]}
    ]
    evaluation = load_json(tmp_path, report)
    assert evaluation.dropped == ("post-training age=40/DI",)
    assert group_names(evaluation) == ["post-training sex=1"]


def test_bias_group_name_too_long(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="stage, facet and facet value"):
        load_json(tmp_path, bias_report("f" * 50, "value", 0.9))


# Clarify explainability.


def test_shap_bar_chart() -> None:
    evaluation = load("clarify_explainability.json")
    chart = metric(evaluation, "kernel SHAP label0", "global_shap_values")
    assert evaluation.format == "clarify-explainability"
    assert evaluation.report_kind == "explainability"
    assert chart["type"] == "bar_chart"
    assert chart["value"] == [0.1275, -0.0893, 0.0412, 0.0227, 0.0061]
    assert chart["x_axis_name"] == [
        "income",
        "credit_score",
        "age",
        "num_products",
        "tenure_months",
    ]
    assert chart["y_axis_name"] == "global SHAP value"
    assert chart["notes"] == "Features sorted by absolute SHAP value."


def test_shap_expected_value() -> None:
    evaluation = load("clarify_explainability.json")
    assert metric(evaluation, "kernel SHAP label0", "expected_value") == {
        "name": "expected_value",
        "type": "number",
        "value": 0.3812,
    }


def shap_report(values: dict[str, Any]) -> dict[str, Any]:
    return {"explanations": {"kernel_shap": {"label0": {"global_shap_values": values}}}}


def test_shap_keeps_top_twenty(tmp_path: Path) -> None:
    values = {f"f{i:02d}": (i - 10) / 100 for i in range(25)}
    chart = metric(
        load_json(tmp_path, shap_report(values)),
        "kernel SHAP label0",
        "global_shap_values",
    )
    assert len(chart["value"]) == 20
    assert chart["x_axis_name"][0] == "f24"
    assert chart["value"][0] == 0.14
    assert "f10" not in chart["x_axis_name"]
    assert chart["notes"] == (
        "Features sorted by absolute SHAP value. Shows the 20 largest of 25 features."
    )


def test_shap_nan_feature(tmp_path: Path) -> None:
    text = json.dumps(shap_report({"a": 0.1, "b": "NaN"}))
    evaluation = load_json(tmp_path, text)
    chart = metric(evaluation, "kernel SHAP label0", "global_shap_values")
    assert chart["x_axis_name"] == ["a"]
    assert evaluation.dropped == (
        "kernel SHAP label0/global_shap_values (1 of 2 features)",
    )


def test_shap_feature_name_too_long(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="bar label"):
        load_json(tmp_path, shap_report({"x" * 64: 0.1}))


def test_combined_analysis(tmp_path: Path) -> None:
    report = bias_report("age", "40", 0.9) | shap_report({"a": 0.1})
    path = write(tmp_path, report)
    assert load_evaluation(path).format == "clarify-bias"
    forced = load_evaluation(path, fmt="clarify-explainability")
    assert group_names(forced) == ["kernel SHAP label0"]


# scikit-learn classification report.


def test_sklearn_groups() -> None:
    evaluation = load("sklearn_classification_report.json")
    assert evaluation.format == "sklearn-report"
    assert group_names(evaluation) == [
        "setosa",
        "versicolor",
        "virginica",
        "sklearn_classification_report",
        "macro avg",
        "weighted avg",
    ]


def test_sklearn_metrics() -> None:
    evaluation = load("sklearn_classification_report.json")
    names = metric_names(evaluation, "versicolor")
    assert names == ["precision", "recall", "f1-score", "support"]
    assert metric(evaluation, "versicolor", "support")["value"] == 10
    assert (
        metric(evaluation, "sklearn_classification_report", "accuracy")["value"] == 0.9
    )
    assert metric(evaluation, "macro avg", "f1-score")["value"] == 0.899749373433584


# Hugging Face Trainer.


def test_hf_eval_results() -> None:
    evaluation = load("hf_eval_results.json")
    assert evaluation.format == "hf-trainer"
    assert group_names(evaluation) == ["evaluation", "throughput"]
    assert metric_names(evaluation, "evaluation") == [
        "epoch",
        "accuracy",
        "f1",
        "loss",
        "samples",
    ]
    assert metric_names(evaluation, "throughput") == [
        "eval_runtime",
        "eval_samples_per_second",
        "eval_steps_per_second",
    ]


def test_hf_all_results() -> None:
    evaluation = load("hf_all_results.json")
    assert group_names(evaluation) == ["evaluation", "training", "throughput"]
    assert metric_names(evaluation, "training") == ["total_flos", "loss", "samples"]
    assert metric(evaluation, "training", "loss")["value"] == 0.3921
    assert metric(evaluation, "evaluation", "loss")["value"] == 0.4123


def test_hf_needs_speed_key(tmp_path: Path) -> None:
    assert load_json(tmp_path, {"eval_loss": 0.1}).format == "flat"


# Flat reports.


def test_flat_groups() -> None:
    evaluation = load("flat.json")
    assert evaluation.format == "flat"
    assert group_names(evaluation) == ["flat", "holdout"]
    assert metric_names(evaluation, "flat") == ["accuracy", "f1", "passed", "model"]


def test_flat_boolean_stays_boolean() -> None:
    passed = metric(load("flat.json"), "flat", "passed")
    assert passed["type"] == "boolean"
    assert passed["value"] is True


def test_flat_string_metric() -> None:
    model = metric(load("flat.json"), "flat", "model")
    assert model == {"name": "model", "type": "string", "value": "xgboost-1.7"}


def test_flat_deeper_group_path(tmp_path: Path) -> None:
    evaluation = load_json(tmp_path, {"test": {"subset": {"auc": 0.9}}})
    assert group_names(evaluation) == ["test/subset"]


def test_flat_flatten_repeated_names() -> None:
    assert flatten_metrics(load("flat.json")) == {
        "flat/accuracy": 0.91,
        "f1": 0.88,
        "passed": True,
        "model": "xgboost-1.7",
        "holdout/accuracy": 0.9,
        "auc": 0.95,
    }


def test_flat_string_too_long(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match="string value 'x+\\.\\.\\.' of metric 'notes' is 64"
    ):
        load_json(tmp_path, {"notes": "x" * 64})


def test_flat_string_at_limit(tmp_path: Path) -> None:
    value = metric(load_json(tmp_path, {"notes": "x" * 63}), "report", "notes")
    assert value["value"] == "x" * 63


def test_flat_list_value(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match="'scores'.*not a number, boolean or short string"
    ):
        load_json(tmp_path, {"scores": [1, 2]}, fmt="flat")


def test_flat_null_value(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="'auc' in group 'report' is null"):
        load_json(tmp_path, {"auc": None}, fmt="flat")


def test_flat_duplicate_after_merge(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="appears twice in group 'report'"):
        load_json(tmp_path, {"auc": 0.9, "report": {"auc": 0.8}})


# Model card shaped reports.


def test_model_card_kept_as_written() -> None:
    evaluation = load("model_card_metrics.json")
    written = json.loads((FIXTURES / "model_card_metrics.json").read_text())
    assert evaluation.format == "model-card"
    assert evaluation.metric_groups == written["metric_groups"]


def test_model_card_own_name() -> None:
    assert load("model_card_metrics.json").name == "holdout-2024"


def test_model_card_name_argument_wins() -> None:
    assert load("model_card_metrics.json", name="custom").name == "custom"


def card(*metrics: dict[str, Any], group: str = "g") -> dict[str, Any]:
    return {"metric_groups": [{"name": group, "metric_data": list(metrics)}]}


def test_model_card_nan_dropped(tmp_path: Path) -> None:
    text = json.dumps(
        card(
            {"name": "a", "type": "number", "value": float("nan")},
            {"name": "b", "type": "number", "value": 1},
        )
    )
    evaluation = load_json(tmp_path, text)
    assert evaluation.dropped == ("g/a",)
    assert metric_names(evaluation, "g") == ["b"]


def test_model_card_graph_too_long(tmp_path: Path) -> None:
    points = [[i, i] for i in range(21)]
    report = card({"name": "curve", "type": "linear_graph", "value": points})
    with pytest.raises(InputError, match="has 21 points, but a model card allows"):
        load_json(tmp_path, report)


def test_model_card_unknown_type(tmp_path: Path) -> None:
    report = card({"name": "a", "type": "histogram", "value": [1]})
    with pytest.raises(InputError, match="has an unknown type 'histogram'"):
        load_json(tmp_path, report)


def test_model_card_value_type_mismatch(tmp_path: Path) -> None:
    report = card({"name": "a", "type": "boolean", "value": 1})
    with pytest.raises(InputError, match="has type boolean but its value is a number"):
        load_json(tmp_path, report)


def test_model_card_bar_labels_mismatch(tmp_path: Path) -> None:
    bars = {"name": "a", "type": "bar_chart", "value": [1, 2], "x_axis_name": ["x"]}
    with pytest.raises(InputError, match="has 2 bars but 1 labels"):
        load_json(tmp_path, card(bars))


def test_model_card_groups_not_list(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="'metric_groups' is an object"):
        load_json(tmp_path, {"metric_groups": {}})


def test_flatten_repeated_group_names(tmp_path: Path) -> None:
    report = {
        "metric_groups": [
            {"name": "g", "metric_data": [{"name": "m", "type": "number", "value": 1}]},
            {"name": "g", "metric_data": [{"name": "m", "type": "number", "value": 2}]},
        ]
    }
    assert flatten_metrics(load_json(tmp_path, report)) == {"g/m": 1, "g/m (2)": 2}


# NaN and infinity.


@pytest.mark.parametrize(
    "token", ["NaN", "Infinity", "-Infinity", '"NaN"', '"nan"', '"-inf"', "1e400"]
)
def test_non_finite_dropped(tmp_path: Path, token: str) -> None:
    evaluation = load_json(tmp_path, f'{{"bad": {token}, "good": 1}}')
    assert evaluation.dropped == ("report/bad",)
    assert metric_names(evaluation, "report") == ["good"]


def test_huge_integer_dropped(tmp_path: Path) -> None:
    evaluation = load_json(tmp_path, '{"bad": 1' + "0" * 400 + ', "good": 1}')
    assert evaluation.dropped == ("report/bad",)


def test_nothing_usable_left(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match="has a NaN, infinite or null value.*\\(report/a, report/b\\)"
    ):
        load_json(tmp_path, '{"a": NaN, "b": "Infinity"}')


def test_no_metrics_at_all(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="The report contains no metrics"):
        load_json(tmp_path, {"holdout": {}})


# Names.


def test_metric_name_too_long(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="metric name 'a+\\.\\.\\.'.* 256 characters"):
        load_json(tmp_path, {"a" * 256: 1})


def test_metric_name_at_limit(tmp_path: Path) -> None:
    evaluation = load_json(tmp_path, {"a" * 255: 1})
    assert metric_names(evaluation, "report") == ["a" * 255]


def test_metric_name_empty(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="A metric name in group 'report' is empty"):
        load_json(tmp_path, {"": 1})


def test_group_name_too_long(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match="metric group name 'g+\\.\\.\\.' is 64 characters"
    ):
        load_json(tmp_path, {"g" * 64: {"auc": 1}})


def test_name_argument(tmp_path: Path) -> None:
    evaluation = load_json(tmp_path, {"auc": 1}, name="holdout")
    assert evaluation.name == "holdout"
    assert group_names(evaluation) == ["holdout"]


def test_name_argument_too_long(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match="evaluation name 'n+\\.\\.\\.' has 64 characters"
    ):
        load_json(tmp_path, {"auc": 1}, name="n" * 64)


def test_name_argument_empty(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="evaluation name '' has 0 characters"):
        load_json(tmp_path, {"auc": 1}, name="")


def test_file_stem_too_long(tmp_path: Path) -> None:
    path = write(tmp_path, {"auc": 1}, "s" * 64 + ".json")
    with pytest.raises(InputError, match="or rename the file"):
        load_evaluation(path)


# Formats.


def test_formats_constant() -> None:
    assert FORMATS == (
        "auto",
        "flat",
        "model-card",
        "model-monitor",
        "clarify-bias",
        "clarify-explainability",
        "sklearn-report",
        "hf-trainer",
    )


def test_unknown_layout(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match="matches no supported format \\(model-card, model-monitor, "
    ):
        load_json(tmp_path, {"scores": [1, 2]})


def test_unknown_layout_names_key(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match="As a flat report, 'test/scores' is an array, which is not"
    ):
        load_json(tmp_path, {"auc": 1, "test": {"scores": [1, 2]}})


def test_unsupported_format_value(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="format 'yaml' is not supported"):
        load_json(tmp_path, {"auc": 1}, fmt="yaml")


def test_forced_format_mismatch() -> None:
    with pytest.raises(
        InputError, match="not a clarify-bias report.*looks like model-monitor"
    ):
        load(BINARY, fmt="clarify-bias")


def test_forced_flat_names_key() -> None:
    with pytest.raises(InputError, match="'Gender' in group .* is an array, which"):
        load("clarify_bias.json", fmt="flat")


def test_forced_format_used(tmp_path: Path) -> None:
    report = {"eval_loss": 0.1}
    assert load_json(tmp_path, report, fmt="hf-trainer").format == "hf-trainer"


# Bad files.


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="'missing.json' was not found at") as caught:
        load_evaluation("missing.json", base_dir=tmp_path)
    assert caught.value.file == "missing.json"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load_evaluation(str(tmp_path))


def test_empty_path() -> None:
    with pytest.raises(InputError, match="path is empty"):
        load_evaluation("  ")


def test_nul_in_path() -> None:
    with pytest.raises(InputError, match="is not a valid path"):
        load_evaluation("bad\x00.json")


def test_zero_bytes(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is empty \\(0 bytes\\)"):
        load_evaluation(write(tmp_path, b""))


def test_over_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as sparse:
        sparse.truncate(MAX_REPORT_BYTES + 1)
    with pytest.raises(InputError, match="is 5242881 bytes, but the maximum"):
        load_evaluation(str(path))


def test_invalid_utf8(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not valid UTF-8 \\(byte 9, line 2\\)"):
        load_evaluation(write(tmp_path, b'{"a": 1,\n\xff}'))


def test_byte_order_mark(tmp_path: Path) -> None:
    path = write(tmp_path, b'\xef\xbb\xbf{"auc": 1}')
    assert flatten_metrics(load_evaluation(path)) == {"auc": 1}


def test_not_json(tmp_path: Path) -> None:
    path = write(tmp_path, '{"a": 1,\n "b": }')
    with pytest.raises(
        InputError, match="not valid JSON: .* line 2 column 7"
    ) as caught:
        load_evaluation(path)
    assert caught.value.line == 2
    assert caught.value.file == path


def test_top_level_array(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="contains an array at the top level"):
        load_json(tmp_path, [{"auc": 1}])


def test_empty_object(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is an empty JSON object"):
        load_json(tmp_path, {})


def test_duplicate_key(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="has the key 'auc' twice"):
        load_json(tmp_path, '{"auc": 1, "auc": 2}')


def test_nested_too_deeply(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nested too deeply"):
        load_json(tmp_path, "[" * 100_000)


def test_integer_too_long(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="more than 4300 digits"):
        load_json(tmp_path, '{"a": ' + "1" * 5000 + "}")


def test_relative_to_base_dir(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    write(tmp_path / "reports", {"auc": 1}, "eval.json")
    evaluation = load_evaluation("reports/eval.json", base_dir=tmp_path)
    assert evaluation.source == "reports/eval.json"
    assert evaluation.name == "eval"


# Resampling.


@pytest.mark.parametrize("count", [21, 50, 1000])
def test_resample_keeps_ends(count: int) -> None:
    points = list(range(count))
    sampled = resample(points)
    assert len(sampled) == 20
    assert sampled[0] == 0
    assert sampled[-1] == count - 1
    assert sampled == sorted(set(sampled))


def test_resample_short_unchanged() -> None:
    assert resample([1, 2, 3]) == [1, 2, 3]
