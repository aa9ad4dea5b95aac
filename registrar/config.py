"""The action's inputs as one validated, frozen pydantic model.

Each field is one action input (the alias is the input's kebab-case name).
Defaults are written as the raw strings that `action.yml` declares and are
parsed by the same validators as user values. A test checks that the two agree.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    field_validator,
    model_validator,
)

from . import limits
from .errors import InputError
from .gates import GATE_FAILURE_CHOICES
from .input_types import (
    CommaList,
    Flag,
    KeyValues,
    MetricsFileSpec,
    OptionalText,
    int_parser,
    one_of,
    parse_metrics_files,
    raw_default,
)
from .reports import FORMATS as REPORT_FORMATS

APPROVAL_STATUSES = ("PendingManualApproval", "Approved", "Rejected")
CARD_STATUSES = ("Draft", "PendingReview", "Approved", "Archived")
RISK_RATINGS = ("High", "Medium", "Low", "Unknown")
IF_EXISTS_CHOICES = ("reuse", "fail", "new-version")
RETRY_MODES = ("standard", "adaptive")
CARD_MODES = ("standalone", "embedded", "both")
PREFLIGHT_CHOICES = ("auto", "true", "false")
MODES = ("register", "approve", "reject")
PACKAGE_ARN_PATTERN = re.compile(
    r"^arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]+:[0-9]{12}:model-package/"
    r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}/[0-9]+$"
)


class ActionInputs(BaseModel):
    """Every action input, validated; construct it with `parse_inputs`."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=True,
        alias_generator=lambda name: name.replace("_", "-"),
        populate_by_name=True,
    )

    model_package_group_name: str
    model_data_url: str = ""
    image_uri: str = ""
    model_package_group_description: OptionalText = None
    model_package_description: OptionalText = None
    approval_status: Annotated[str, one_of(APPROVAL_STATUSES)] = "PendingManualApproval"
    content_types: CommaList = raw_default("application/json")
    response_types: CommaList = raw_default("application/json")
    realtime_instance_types: CommaList = raw_default("")
    transform_instance_types: CommaList = raw_default("")
    metrics_file: Annotated[
        tuple[MetricsFileSpec, ...], BeforeValidator(parse_metrics_files)
    ] = raw_default("")
    metrics_format: Annotated[str, one_of(REPORT_FORMATS)] = "auto"
    metrics_s3_prefix: OptionalText = None
    model_card_name: OptionalText = None
    model_card_status: Annotated[str, one_of(CARD_STATUSES, optional=True)] = ""
    model_card_file: OptionalText = None
    model_card_mode: Annotated[str, one_of(CARD_MODES)] = "standalone"
    model_description: OptionalText = None
    model_owner: OptionalText = None
    problem_type: OptionalText = None
    algorithm_type: OptionalText = None
    intended_uses: OptionalText = None
    risk_rating: Annotated[str, one_of(RISK_RATINGS)] | None = None
    tags: KeyValues = raw_default("")
    customer_metadata: KeyValues = raw_default("")
    aws_region: OptionalText = None
    endpoint_url: OptionalText = None
    dry_run: Flag = raw_default("false")
    plan_file: OptionalText = None
    if_exists: Annotated[str, one_of(IF_EXISTS_CHOICES)] = "reuse"
    retry_mode: Annotated[str, one_of(RETRY_MODES)] = "standard"
    max_attempts: Annotated[int, BeforeValidator(int_parser(1, 20))] = raw_default("5")
    wait_timeout_seconds: Annotated[int, BeforeValidator(int_parser(1, 3600))] = (
        raw_default("600")
    )
    approve_if: OptionalText = None
    must_not_regress: OptionalText = None
    on_gate_failure: Annotated[str, one_of(GATE_FAILURE_CHOICES)] = "pending"
    preflight: Annotated[str, one_of(PREFLIGHT_CHOICES)] = "auto"
    pin_image_digest: Flag = raw_default("true")
    mode: Annotated[str, one_of(MODES)] = "register"
    model_package_arn: OptionalText = None
    model_package_version: OptionalText = None
    approval_note: OptionalText = None
    lifecycle_stage: OptionalText = None
    lifecycle_stage_status: OptionalText = None
    lifecycle_stage_description: OptionalText = None

    @field_validator("model_package_group_name")
    @classmethod
    def _check_group(cls, value: str) -> str:
        if value.startswith("arn:"):
            if not limits.GROUP_ARN_PATTERN.match(value):
                raise ValueError(
                    f"'{value}' is not a model package group ARN (expected "
                    "arn:aws:sagemaker:REGION:ACCOUNT:model-package-group/NAME)"
                )
            return value
        return limits.check_entity_name(value)

    @field_validator("model_data_url")
    @classmethod
    def _check_model_data_url(cls, value: str) -> str:
        return limits.check_s3_uri(value) if value else value

    @field_validator("image_uri")
    @classmethod
    def _check_image_uri(cls, value: str) -> str:
        return limits.check_image_uri(value) if value else value

    @model_validator(mode="after")
    def _check_mode_inputs(self) -> ActionInputs:
        missing = []
        if self.mode == "register":
            missing = [
                name
                for name, value in (
                    ("model-data-url", self.model_data_url),
                    ("image-uri", self.image_uri),
                )
                if not value
            ]
        elif not self.model_package_arn and not self.model_package_version:
            missing = ["model-package-arn (or model-package-version)"]
        if missing:
            raise ValueError(
                "; ".join(
                    f"{name}: required input is missing for mode {self.mode}; set it "
                    "under `with:` in the step"
                    for name in missing
                )
            )
        if bool(self.lifecycle_stage) != bool(self.lifecycle_stage_status):
            raise ValueError(
                "lifecycle-stage and lifecycle-stage-status: set both or neither "
                "(SageMaker requires both in ModelLifeCycle)"
            )
        return self

    @field_validator("model_package_group_description", "model_package_description")
    @classmethod
    def _fold_description(cls, value: str | None) -> str | None:
        return None if value is None else limits.fold_description(value)

    @field_validator("content_types")
    @classmethod
    def _check_content_types(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("lists no MIME type; give at least one, e.g. text/csv")
        for item in value:
            if len(item) > limits.CONTENT_TYPE_MAX or " " in item:
                raise ValueError(f"'{item}' is not a MIME type (e.g. text/csv)")
        return value

    @field_validator("response_types")
    @classmethod
    def _check_response_types(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("lists no MIME type; give at least one, e.g. text/csv")
        for item in value:
            if not limits.MIME_TYPE_PATTERN.match(item):
                raise ValueError(
                    f"'{item}' is not a MIME type; use type/subtype, e.g. text/csv"
                )
        return value

    @field_validator("realtime_instance_types", "transform_instance_types")
    @classmethod
    def _check_instance_types(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if not limits.INSTANCE_TYPE_PATTERN.match(item):
                raise ValueError(
                    f"'{item}' is not a SageMaker instance type (e.g. ml.m5.xlarge)"
                )
        return value

    @field_validator("metrics_s3_prefix")
    @classmethod
    def _check_metrics_prefix(cls, value: str | None) -> str | None:
        if value is None:
            return None
        bucket = value.removeprefix("s3://").partition("/")[0]
        if not value.startswith("s3://") or not limits.S3_BUCKET_PATTERN.match(bucket):
            raise ValueError(
                f"'{value}' is not an S3 prefix (expected s3://bucket/prefix/)"
            )
        return value

    @field_validator("model_card_name")
    @classmethod
    def _check_card_name(cls, value: str | None) -> str | None:
        return None if value is None else limits.check_entity_name(value)

    @field_validator("model_description", "model_owner", "problem_type")
    @classmethod
    def _check_overview_text(cls, value: str | None) -> str | None:
        return _check_length(value, limits.CARD_TEXT_MAX)

    @field_validator("algorithm_type")
    @classmethod
    def _check_algorithm_type(cls, value: str | None) -> str | None:
        return _check_length(value, limits.CARD_TEXT_MAX)

    @field_validator("intended_uses")
    @classmethod
    def _check_intended_uses(cls, value: str | None) -> str | None:
        return _check_length(value, limits.CARD_LONG_TEXT_MAX)

    @field_validator("tags")
    @classmethod
    def _check_tags(cls, value: dict[str, str]) -> dict[str, str]:
        if len(value) > limits.TAG_MAX_ENTRIES:
            raise ValueError(
                f"{len(value)} tags given, max {limits.TAG_MAX_ENTRIES}; remove some"
            )
        for key, item in value.items():
            if key.lower().startswith("aws:"):
                raise ValueError(f"key '{key}' uses the reserved prefix aws:")
            limits.check_key_value(
                key,
                item,
                key_max=limits.TAG_KEY_MAX,
                value_max=limits.TAG_VALUE_MAX,
                allow_empty_value=True,
            )
        return value

    @field_validator("customer_metadata")
    @classmethod
    def _check_customer_metadata(cls, value: dict[str, str]) -> dict[str, str]:
        for key, item in value.items():
            limits.check_key_value(
                key,
                item,
                key_max=limits.METADATA_KEY_MAX,
                value_max=limits.METADATA_VALUE_MAX,
                allow_empty_value=False,
            )
        return value

    @field_validator("aws_region")
    @classmethod
    def _check_region(cls, value: str | None) -> str | None:
        if value is not None and not limits.REGION_PATTERN.match(value):
            raise ValueError(f"'{value}' is not an AWS region (e.g. us-east-1)")
        return value

    @field_validator("plan_file")
    @classmethod
    def _check_plan_file(cls, value: str | None) -> str | None:
        if value is not None and (value.startswith("/") or ".." in value.split("/")):
            raise ValueError(
                f"'{value}' is not a path inside the workspace; use a relative path "
                "such as registrar-plan.json"
            )
        return value

    @field_validator("endpoint_url")
    @classmethod
    def _check_endpoint_url(cls, value: str | None) -> str | None:
        if value is not None and not limits.is_endpoint_url(value):
            raise ValueError(
                f"'{limits.shorten(value)}' is not an endpoint URL (expected "
                "http:// or https://, a host and an optional port, e.g. "
                "http://127.0.0.1:5000)"
            )
        return value

    @field_validator("model_package_arn")
    @classmethod
    def _check_package_arn(cls, value: str | None) -> str | None:
        if value is not None and not PACKAGE_ARN_PATTERN.match(value):
            raise ValueError(
                f"'{value}' is not a model package version ARN (expected "
                "arn:aws:sagemaker:REGION:ACCOUNT:model-package/GROUP/VERSION)"
            )
        return value

    @field_validator("model_package_version")
    @classmethod
    def _check_package_version(cls, value: str | None) -> str | None:
        if (
            value is not None
            and value != "latest"
            and not (value.isascii() and value.isdigit() and len(value) <= 9)
        ):
            raise ValueError(f"'{value}' is not valid; use a version number or latest")
        return value

    @field_validator("lifecycle_stage", "lifecycle_stage_status")
    @classmethod
    def _check_lifecycle_name(cls, value: str | None) -> str | None:
        return None if value is None else limits.check_entity_name(value)

    @field_validator("approval_note", "lifecycle_stage_description")
    @classmethod
    def _check_note(cls, value: str | None) -> str | None:
        return None if value is None else limits.fold_description(value)

    @property
    def card_status(self) -> str:
        """Return the card status for a registration: `model-card-status` or Draft."""
        return self.model_card_status or "Draft"

    @property
    def group_name(self) -> str:
        """Return the plain group name, also when the input is a group ARN."""
        match = limits.GROUP_ARN_PATTERN.match(self.model_package_group_name)
        return match.group("name") if match else self.model_package_group_name

    @property
    def group_is_arn(self) -> bool:
        """Return whether the group was given by ARN (a registry in any account)."""
        return self.model_package_group_name.startswith("arn:")


def _check_length(value: str | None, max_length: int) -> str | None:
    if value is not None and len(value) > max_length:
        raise ValueError(f"is {len(value)} characters, max {max_length}; shorten it")
    return value


def input_names() -> tuple[str, ...]:
    """Return every input name, in the order `action.yml` declares them."""
    return tuple(
        field.alias or name for name, field in ActionInputs.model_fields.items()
    )


def parse_inputs(raw: dict[str, str]) -> ActionInputs:
    """Validate raw input strings; raise InputError listing every invalid input."""
    try:
        return ActionInputs.model_validate(raw)
    except ValidationError as err:
        problems = [_describe_problem(detail, raw) for detail in err.errors()]
        raise InputError("\n".join(problems)) from err


def _describe_problem(detail: Any, raw: dict[str, str]) -> str:
    if not detail["loc"]:
        # Checks across inputs name their inputs themselves.
        error = detail.get("ctx", {}).get("error")
        return str(error) if isinstance(error, ValueError) else str(detail["msg"])
    name = str(detail["loc"][0])
    if detail["type"] == "missing":
        return f"{name}: required input is missing; set it under `with:` in the step"
    error = detail.get("ctx", {}).get("error")
    message = str(error) if isinstance(error, ValueError) else detail["msg"]
    if message.startswith(("is ", "contains ")) and name in raw:
        # Messages about the value as a whole read "<value> is ..." here.
        return f"{name}: '{_shorten(raw[name])}' {message}"
    return f"{name}: {message}"


def _shorten(text: str, limit: int = 80) -> str:
    flat = text.replace("\n", "\\n")
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
