"""Every kind of bad input fails before any AWS call, with one error annotation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_action
from tools.emulator import describe_everything

ARN_PREFIX = "arn:aws:sagemaker:us-east-1"
VALID = {
    "model-package-group-name": "fer-models",
    "model-data-url": "s3://example-bucket/fer/model.tar.gz",
    "image-uri": "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:1.9.1",
}

# Nine levels of ten aliases each: 10**9 items once expanded, in 554 bytes.
ALIAS_BOMB = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]\n"
    for level in range(1, 9)
)
FILES = {
    "metrics.json": '{"accuracy": 0.9}',
    "empty.json": "",
    "nan.json": '{"loss": NaN}',
    "not-json.json": '{"accuracy": 0.9,,}',
    "array.json": "[0.9, 0.8]",
    "list-value.json": '{"accuracy": [0.9, 0.8]}',
    "card.yml": "model_overview:\n  model_owner: team\n",
    "bad.yml": "model_overview:\n  model_owner: [unclosed\n",
    "bad.json": '{"model_overview": }',
    "scalar.yml": "just a string\n",
    "tab.yml": "model_overview:\n\tmodel_owner: team\n",
    "bomb.yml": ALIAS_BOMB,
    "dup.yml": "model_overview:\n  model_owner: a\n  model_owner: b\n",
    "section-string.yml": "model_overview: just text\n",
    "deep.json": "[" * 100000,
    "bad-risk.yml": "intended_uses:\n  risk_rating: high\n",
}

# (case id, inputs that replace or extend VALID, texts the annotation must hold)
CASES: list[tuple[str, dict[str, str | None], list[str]]] = [
    ("missing-required", {"model-data-url": None}, ["model-data-url", "required"]),
    (
        "s3-uri",
        {"model-data-url": "foo/model.tar.gz"},
        [
            "model-data-url: 'foo/model.tar.gz' is not an S3 URI (expected s3://bucket/key)"
        ],
    ),
    (
        "s3-no-key",
        {"model-data-url": "s3://bucket-only"},
        ["model-data-url", "s3://bucket-only"],
    ),
    ("image-uri", {"image-uri": "not an image"}, ["image-uri", "'not an image'"]),
    (
        "group-underscore",
        {"model-package-group-name": "my_group"},
        ["model-package-group-name", "'my_group'"],
    ),
    (
        "group-bad-arn",
        {"model-package-group-name": f"{ARN_PREFIX}:12:model-package-group/g"},
        ["model-package-group-name", "is not a model package group ARN"],
    ),
    (
        "approval-status",
        {"approval-status": "approved"},
        ["approval-status", "'approved'", "PendingManualApproval"],
    ),
    (
        "card-status",
        {"model-card-status": "draft"},
        ["model-card-status", "'draft'", "Draft"],
    ),
    ("risk-rating", {"risk-rating": "high"}, ["risk-rating", "'high'", "High"]),
    ("card-name", {"model-card-name": "my card"}, ["model-card-name", "'my card'"]),
    ("metrics-missing", {"metrics-file": "nope.json"}, ["nope.json"]),
    ("metrics-not-json", {"metrics-file": "not-json.json"}, ["not-json.json", "JSON"]),
    ("metrics-array", {"metrics-file": "array.json"}, ["array.json"]),
    (
        "metrics-non-numeric",
        {"metrics-file": "list-value.json"},
        ["list-value.json", "accuracy"],
    ),
    (
        "card-file-missing",
        {"model-card-file": "nope.yml"},
        ["model-card-file", "nope.yml"],
    ),
    (
        "card-file-yaml",
        {"model-card-file": "bad.yml"},
        ["model-card-file", "bad.yml", "YAML"],
    ),
    (
        "card-file-json",
        {"model-card-file": "bad.json"},
        ["model-card-file", "bad.json", "JSON"],
    ),
    (
        "card-file-scalar",
        {"model-card-file": "scalar.yml"},
        ["model-card-file", "mapping"],
    ),
    (
        "card-schema",
        {"model-card-file": "bad-risk.yml"},
        ["intended_uses.risk_rating", "'high'"],
    ),
    (
        "tags-no-equals",
        {"tags": "team=ml\nplatform"},
        ["tags", "'platform'", "key=value"],
    ),
    (
        "metadata-no-equals",
        {"customer-metadata": "dataset"},
        ["customer-metadata", "'dataset'", "key=value"],
    ),
    (
        "metadata-bad-char",
        {"customer-metadata": "score=0.9, 0.8"},
        ["customer-metadata", "score=0.9, 0.8"],
    ),
    (
        "description-tab",
        {"model-package-description": "a\tb"},
        ["model-package-description", "control character"],
    ),
    ("content-type", {"response-types": "csv"}, ["response-types", "'csv'"]),
    (
        "instance-type",
        {"realtime-instance-types": "m5.large"},
        ["realtime-instance-types", "'m5.large'"],
    ),
    ("dry-run-bool", {"dry-run": "yes"}, ["dry-run", "'yes'", "true or false"]),
    (
        "endpoint-url",
        {"endpoint-url": "127.0.0.1:5000"},
        ["endpoint-url", "'127.0.0.1:5000'"],
    ),
    ("region-input", {"aws-region": "Mars"}, ["aws-region", "'Mars'"]),
    (
        "metrics-prefix",
        {"metrics-s3-prefix": "bucket/evaluations"},
        ["metrics-s3-prefix", "'bucket/evaluations'", "s3://bucket/prefix/"],
    ),
    (
        "metrics-format",
        {"metrics-format": "csv"},
        ["metrics-format", "'csv'", "model-monitor"],
    ),
    ("card-mode", {"model-card-mode": "inline"}, ["model-card-mode", "'inline'"]),
    ("if-exists", {"if-exists": "skip"}, ["if-exists", "'skip'", "new-version"]),
    ("max-attempts", {"max-attempts": "0"}, ["max-attempts", "'0'", "1 to 20"]),
    ("retry-mode", {"retry-mode": "legacy"}, ["retry-mode", "'legacy'", "adaptive"]),
    (
        "wait-timeout",
        {"wait-timeout-seconds": "ten"},
        ["wait-timeout-seconds", "'ten'"],
    ),
    ("metrics-empty", {"metrics-file": "empty.json"}, ["empty.json", "empty"]),
    ("card-alias-bomb", {"model-card-file": "bomb.yml"}, ["aliases (*name)"]),
    (
        "card-duplicate-key",
        {"model-card-file": "dup.yml"},
        ["'model_owner' is given twice"],
    ),
    (
        "card-section-type",
        {"model-card-file": "section-string.yml"},
        ["model_overview is a str, expected a mapping"],
    ),
    ("card-deep-json", {"model-card-file": "deep.json"}, ["nested too deeply"]),
    ("endpoint-bare", {"endpoint-url": "http://"}, ["endpoint-url", "'http://'"]),
    ("endpoint-port", {"endpoint-url": "http://127.0.0.1:99999"}, ["endpoint-url"]),
    ("endpoint-ipv6", {"endpoint-url": "http://[::1"}, ["endpoint-url"]),
    (
        "content-types-empty",
        {"content-types": ",,,"},
        ["content-types", "no MIME type"],
    ),
    ("max-attempts-unicode", {"max-attempts": "\u00b2"}, ["max-attempts", "1 to 20"]),
    (
        "group-huge",
        {"model-package-group-name": "g" * 100000},
        ["model-package-group-name", "100000 characters, max 63"],
    ),
    ("metrics-nan-only", {"metrics-file": "nan.json"}, ["nan.json"]),
]


def write_files(workspace: Path) -> None:
    for name, text in FILES.items():
        (workspace / name).write_text(text)


def case_inputs(overrides: dict[str, str | None], endpoint: str) -> dict[str, str]:
    inputs: dict[str, str | None] = {**VALID, "endpoint-url": endpoint, **overrides}
    return {name: value for name, value in inputs.items() if value is not None}


def error_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("::error")]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [(overrides, expected) for _, overrides, expected in CASES],
    ids=[case_id for case_id, _, _ in CASES],
)
def test_bad_input_fails_before_aws(
    endpoint: str,
    workspace: Path,
    overrides: dict[str, str | None],
    expected: list[str],
) -> None:
    write_files(workspace)
    result, outputs = run_action(case_inputs(overrides, endpoint), workspace)
    errors = error_lines(result.stdout)
    assert result.returncode == 1, result.stdout + result.stderr
    assert len(errors) == 1, result.stdout
    for text in expected:
        assert text in errors[0].replace("%0A", "\n")
    assert "Traceback" not in result.stdout + result.stderr
    assert outputs == {}
    assert describe_everything(endpoint) == {"groups": [], "packages": [], "cards": []}


def test_bad_input_no_region(endpoint: str, workspace: Path) -> None:
    result, _ = run_action(
        case_inputs({}, endpoint), workspace, AWS_REGION="", AWS_DEFAULT_REGION=""
    )
    errors = error_lines(result.stdout)
    assert result.returncode == 1
    assert len(errors) == 1
    assert "aws-region" in errors[0]
    assert "aws-actions/configure-aws-credentials" in errors[0]
    assert describe_everything(endpoint) == {"groups": [], "packages": [], "cards": []}


def test_bad_input_region_from_default_variable(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    result, outputs = run_action(
        case_inputs({}, endpoint),
        workspace,
        AWS_REGION="",
        AWS_DEFAULT_REGION="us-east-1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs["model-package-version"] == "1"


def test_bad_input_error_names_file(endpoint: str, workspace: Path) -> None:
    write_files(workspace)
    result, _ = run_action(
        case_inputs({"model-card-file": "tab.yml"}, endpoint), workspace
    )
    assert "file=tab.yml" in error_lines(result.stdout)[0]
    assert "line=2" in error_lines(result.stdout)[0]


def test_card_schema_error_points_at_line(endpoint: str, workspace: Path) -> None:
    write_files(workspace)
    result, _ = run_action(
        case_inputs({"model-card-file": "bad-risk.yml"}, endpoint), workspace
    )
    error = error_lines(result.stdout)[0]
    assert "title=Invalid request,file=bad-risk.yml,line=2::" in error


def test_bad_input_not_utf8(endpoint: str, workspace: Path) -> None:
    result, _ = run_action(
        case_inputs({"model-owner": "caf\udce9"}, endpoint), workspace
    )
    errors = error_lines(result.stdout)
    assert result.returncode == 1
    assert len(errors) == 1
    assert "model-owner: the value is not valid UTF-8" in errors[0]


def test_bad_input_long_value_shortened(endpoint: str, workspace: Path) -> None:
    result, _ = run_action(
        case_inputs({"model-package-group-name": "g" * 100000}, endpoint), workspace
    )
    assert len(error_lines(result.stdout)[0]) < 400


def test_metadata_full_before_preflight(endpoint: str, workspace: Path) -> None:
    lines = "\n".join(f"key{i}=v" for i in range(45))
    result, _ = run_action(
        case_inputs({"customer-metadata": lines, "preflight": "true"}, endpoint),
        workspace,
    )
    errors = error_lines(result.stdout)
    assert result.returncode == 1
    assert "max 50" in errors[0]
    assert "::group::Pre-flight checks" not in result.stdout


def test_card_file_empty_section_is_dropped(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    (workspace / "card.yml").write_text(
        "model_overview:\nintended_uses:\n  risk_rating: Low\n"
        "business_details:\n  <<: {line_of_business: Research}\n"
    )
    result, outputs = run_action(
        case_inputs({"model-card-file": "card.yml"}, endpoint), workspace
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs["model-package-version"] == "1"
