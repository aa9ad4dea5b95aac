"""Parsing and validation of action inputs."""

from __future__ import annotations

import pytest

from registrar.config import ActionInputs, parse_inputs
from registrar.errors import InputError
from registrar.inputs import read_inputs

REQUIRED = {
    "model-package-group-name": "fer-models",
    "model-data-url": "s3://example-bucket/fer/model.tar.gz",
    "image-uri": "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:1.9",
}


def parse(**overrides: str) -> ActionInputs:
    return parse_inputs({**REQUIRED, **overrides})


def test_config_defaults() -> None:
    inputs = parse()
    assert inputs.approval_status == "PendingManualApproval"
    assert inputs.content_types == ("application/json",)
    assert inputs.realtime_instance_types == ()
    assert inputs.tags == {}
    assert inputs.dry_run is False
    assert inputs.card_status == "Draft"


def test_config_splits_comma_lists() -> None:
    inputs = parse(**{"realtime-instance-types": "ml.m5.large, ml.c5.xlarge,\n"})
    assert inputs.realtime_instance_types == ("ml.m5.large", "ml.c5.xlarge")


def test_config_parses_key_value_lines() -> None:
    inputs = parse(tags="team=ml\n\nproject = fer\nurl=a=b")
    assert inputs.tags == {"team": "ml", "project": "fer", "url": "a=b"}


def test_config_rejects_duplicate_keys() -> None:
    with pytest.raises(InputError, match="tags: key 'team' is given twice"):
        parse(tags="team=a\nteam=b")


def test_config_folds_multiline_description() -> None:
    inputs = parse(**{"model-package-description": "line one\n  line two\n"})
    assert inputs.model_package_description == "line one line two"


def test_config_rejects_long_description() -> None:
    with pytest.raises(InputError, match="1025 characters after folding"):
        parse(**{"model-package-description": "x" * 1025})


def test_config_accepts_group_arn() -> None:
    arn = "arn:aws:sagemaker:us-east-1:111122223333:model-package-group/shared-models"
    inputs = parse(**{"model-package-group-name": arn})
    assert inputs.group_name == "shared-models"
    assert inputs.group_is_arn is True


def test_config_rejects_group_name_too_long() -> None:
    with pytest.raises(InputError, match="64 characters, max 63"):
        parse(**{"model-package-group-name": "g" * 64})


@pytest.mark.parametrize(
    "group", ["-leading", "trailing-", "under_score", "dot.ted", "sp ace"]
)
def test_config_rejects_group_pattern(group: str) -> None:
    with pytest.raises(InputError, match="not a valid SageMaker name"):
        parse(**{"model-package-group-name": group})


@pytest.mark.parametrize(
    "image",
    [
        "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:1.9.1-cpu-py38",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/model@sha256:" + "a" * 64,
        "localhost:5000/model:latest",
    ],
)
def test_config_accepts_image_uri(image: str) -> None:
    assert parse(**{"image-uri": image}).image_uri == image


@pytest.mark.parametrize(
    "image", ["pytorch", "registry/Upper:1", "registry/repo:tag with space", "x" * 256]
)
def test_config_rejects_image_uri(image: str) -> None:
    with pytest.raises(InputError, match="image-uri"):
        parse(**{"image-uri": image})


@pytest.mark.parametrize(
    "url",
    [
        "https://example-bucket.s3.amazonaws.com/model.tar.gz",
        "s3://Bad_Bucket/model.tar.gz",
        "s3://example-bucket/",
        "s3://example-bucket/a b.tar.gz",
    ],
)
def test_config_rejects_model_data_url(url: str) -> None:
    with pytest.raises(InputError, match="model-data-url"):
        parse(**{"model-data-url": url})


def test_config_reports_every_invalid_input() -> None:
    with pytest.raises(InputError) as caught:
        parse(**{"approval-status": "yes", "risk-rating": "none"})
    lines = caught.value.message.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("approval-status: 'yes' is not valid")
    assert lines[1].startswith("risk-rating: 'none' is not valid")


def test_config_missing_required_input() -> None:
    with pytest.raises(InputError, match="image-uri: required input is missing"):
        parse_inputs({k: v for k, v in REQUIRED.items() if k != "image-uri"})


def test_config_rejects_reserved_tag_prefix() -> None:
    with pytest.raises(InputError, match="reserved prefix aws:"):
        parse(tags="aws:owner=me")


def test_config_rejects_empty_metadata_value() -> None:
    with pytest.raises(InputError, match="'dataset' has an empty value"):
        parse(**{"customer-metadata": "dataset="})


def test_config_metrics_file_lines() -> None:
    inputs = parse(**{"metrics-file": "eval/a.json\nholdout=eval/b.json\n"})
    specs = [(spec.name, spec.path) for spec in inputs.metrics_file]
    assert specs == [(None, "eval/a.json"), ("holdout", "eval/b.json")]


def test_read_inputs_hyphen_and_underscore() -> None:
    environ = {
        "INPUT_MODEL-DATA-URL": "s3://a/b",
        "INPUT_IMAGE_URI": "registry/repo:1",
        "INPUT_APPROVAL-STATUS": "  ",
        "INPUT_APPROVAL_STATUS": "Approved",
    }
    names = ["model-data-url", "image-uri", "approval-status", "tags"]
    assert read_inputs(names, environ) == {
        "model-data-url": "s3://a/b",
        "image-uri": "registry/repo:1",
        "approval-status": "Approved",
    }


def test_read_inputs_empty_counts_as_unset() -> None:
    assert read_inputs(["tags"], {"INPUT_TAGS": ""}) == {}


def test_read_inputs_conflicting_spellings() -> None:
    environ = {"INPUT_MODEL-OWNER": "a", "INPUT_MODEL_OWNER": "b"}
    with pytest.raises(InputError, match="are both set, to different values"):
        read_inputs(["model-owner"], environ)


def test_read_inputs_same_value_both_spellings() -> None:
    environ = {"INPUT_MODEL-OWNER": "a", "INPUT_MODEL_OWNER": "a"}
    assert read_inputs(["model-owner"], environ) == {"model-owner": "a"}
