"""Turn validated inputs into a registration plan: every file read and every request
built and checked, before the first AWS call.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import limits
from .card_file import load_card_file
from .card_schema import serialize_card_content
from .config import ActionInputs
from .errors import InputError
from .gates import (
    Condition,
    RegressionRule,
    check_conditions,
    check_regressions,
    gate_metrics,
    parse_conditions,
    parse_regression_rules,
)
from .idempotency import IDEMPOTENCY_METADATA_KEY, compute_idempotency_key
from .inputs import GitHubContext
from .model_card import (
    build_embedded_card_content,
    build_model_card_content,
    build_model_package_details,
    replaced_card_sections,
)
from .model_metrics import MetricsUpload, build_model_metrics, plan_uploads
from .model_package import (
    build_create_model_package_group_request,
    build_create_model_package_request,
)
from .quality_gate import METRIC_METADATA_PREFIX

logger = logging.getLogger(__name__)

# Stands in for the account id in requests previewed before SageMaker assigns ARNs.
PLACEHOLDER_ACCOUNT = "000000000000"


@dataclass
class Plan:
    """Everything a run will send, built from the inputs and files alone."""

    inputs: ActionInputs
    region: str
    group_request: dict[str, Any]
    package_request: dict[str, Any]
    card_file: dict[str, Any] | None
    evaluations: list[Any] = field(default_factory=list)
    idempotency_key: str = ""
    metric_uploads: list[MetricsUpload] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    regression_rules: list[RegressionRule] = field(default_factory=list)
    gate_values: dict[str, Any] = field(default_factory=dict)

    @property
    def card_evaluations(self) -> list[dict[str, Any]]:
        """Return the evaluations as model card `evaluation_details` entries."""
        return [
            {"name": evaluation.name, "metric_groups": evaluation.metric_groups}
            for evaluation in self.evaluations
        ]

    def build_card_content(self, package: dict[str, Any] | None) -> dict[str, Any]:
        """Return the card content for a described (or previewed) model package.

        Without a package the content has no `model_package_details`.
        """
        return build_model_card_content(
            self.inputs,
            card_file=self.card_file,
            evaluations=self.card_evaluations,
            package_details=build_model_package_details(package) if package else None,
        )

    def embedded_card_content(self) -> dict[str, Any]:
        """Return the card content for the model package's own ModelCard field."""
        return build_embedded_card_content(self.build_card_content(None))

    def preview_package(self) -> dict[str, Any]:
        """Return a DescribeModelPackage-shaped preview of the package to create.

        The ARN and version are placeholders: only SageMaker assigns them.
        """
        group = self.inputs.group_name
        request = self.package_request
        return {
            "ModelPackageArn": (
                f"arn:aws:sagemaker:{self.region}:{PLACEHOLDER_ACCOUNT}:"
                f"model-package/{group}/1"
            ),
            "ModelPackageGroupName": group,
            "ModelPackageName": group,
            "ModelPackageVersion": 1,
            "ModelPackageDescription": request.get("ModelPackageDescription"),
            "ModelPackageStatus": "Completed",
            "ModelApprovalStatus": request["ModelApprovalStatus"],
            "InferenceSpecification": request["InferenceSpecification"],
        }

    def preview_requests(self) -> dict[str, Any]:
        """Return every request a real run sends, keyed by operation.

        The card request names the version that a new group's first package
        gets; ARNs and versions in it are placeholders that SageMaker assigns.
        """
        from .model_card import build_create_model_card_request, derive_card_name

        package = self.preview_package()
        name = self.inputs.model_card_name or derive_card_name(
            self.inputs.group_name, int(package["ModelPackageVersion"])
        )
        card = build_create_model_card_request(
            name,
            serialize_card_content(self.build_card_content(package)),
            self.inputs.card_status,
            self.inputs.tags,
        )
        card["Content"] = json.loads(card["Content"])
        requests: dict[str, Any] = {}
        if not self.inputs.group_is_arn:
            requests["CreateModelPackageGroup"] = self.group_request
        package_request = json.loads(json.dumps(self.package_request))
        if "ModelCard" in package_request:
            embedded = package_request["ModelCard"]
            embedded["ModelCardContent"] = json.loads(embedded["ModelCardContent"])
        requests["CreateModelPackage"] = package_request
        if self.inputs.model_card_mode != "embedded":
            requests["CreateModelCard"] = card
        return requests


def recorded_gate_metrics(plan: Plan) -> dict[str, str]:
    """Return the gate metrics to record in the package's customer metadata.

    A later run reads them back from its champion. Names that do not fit the
    metadata key pattern are left out; that run then reads the champion's card.
    """
    names = [c.metric for c in plan.conditions] + [
        r.metric for r in plan.regression_rules
    ]
    recorded = {}
    for name in dict.fromkeys(names):
        key = f"{METRIC_METADATA_PREFIX}{name}"
        if len(key) <= limits.METADATA_KEY_MAX and limits.is_metadata_text(key):
            recorded[key] = repr(float(plan.gate_values[name]))
    return recorded


def load_evaluations(inputs: ActionInputs, base_dir: Path) -> list[Any]:
    """Parse every `metrics-file` report; warn once about values left out."""
    if not inputs.metrics_file:
        return []
    from .reports import load_evaluation

    evaluations = [
        load_evaluation(
            spec.path, name=spec.name, fmt=inputs.metrics_format, base_dir=base_dir
        )
        for spec in inputs.metrics_file
    ]
    names = [evaluation.name for evaluation in evaluations]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise InputError(
            f"metrics-file: two reports share the evaluation name "
            f"{', '.join(duplicates)}; name them with name=path lines"
        )
    dropped = [
        f"{evaluation.source}: {name}"
        for evaluation in evaluations
        for name in evaluation.dropped
    ]
    if dropped:
        logger.warning(
            "Left out metrics whose value is not a finite number (NaN or "
            "Infinity), which a model card cannot hold: %s",
            ", ".join(dropped),
        )
    return evaluations


@dataclass(frozen=True)
class Sources:
    """The files the inputs name, read and checked once per run."""

    card_file: dict[str, Any] | None
    evaluations: list[Any]


def load_sources(inputs: ActionInputs, base_dir: Path) -> Sources:
    """Read the card file and every report, or raise InputError."""
    card_file = (
        load_card_file(inputs.model_card_file, base_dir)
        if inputs.model_card_file
        else None
    )
    evaluations = load_evaluations(inputs, base_dir)
    if card_file:
        for section in replaced_card_sections(card_file, bool(evaluations)):
            logger.warning(
                "The card file's %s is replaced: the registrar fills it from %s",
                section,
                "the registered package"
                if section == "model_package_details"
                else "metrics-file",
                extra={"file": inputs.model_card_file},
            )
    return Sources(card_file, evaluations)


def build_plan(
    inputs: ActionInputs,
    github: GitHubContext,
    region: str,
    sources: Sources,
    extra_metadata: dict[str, str] | None = None,
) -> Plan:
    """Build every request from the inputs and files, or raise InputError.

    `extra_metadata` adds customer metadata found by the pre-flight checks.
    """
    evaluations = sources.evaluations
    plan = Plan(
        inputs=inputs,
        region=region,
        group_request=build_create_model_package_group_request(inputs),
        package_request={},
        card_file=sources.card_file,
        evaluations=evaluations,
    )
    plan.idempotency_key = compute_idempotency_key(
        group=inputs.group_name,
        model_data_url=inputs.model_data_url,
        image_uri=inputs.image_uri,
        commit_sha=github.sha,
        card_content=plan.build_card_content(None),
    )
    plan.conditions = parse_conditions(inputs.approve_if)
    plan.regression_rules = parse_regression_rules(inputs.must_not_regress)
    plan.gate_values = gate_metrics(evaluations)
    # Checks every named metric now, so a typo fails before any AWS call.
    check_conditions(plan.conditions, plan.gate_values)
    check_regressions(plan.regression_rules, plan.gate_values, None)
    # A new-version run must not get an earlier run's package back, so
    # it leaves ClientToken to boto3, which sends a random one.
    client_token = None if inputs.if_exists == "new-version" else plan.idempotency_key
    plan.package_request = build_create_model_package_request(
        inputs,
        github,
        client_token=client_token,
        extra_metadata={
            **(extra_metadata or {}),
            IDEMPOTENCY_METADATA_KEY: plan.idempotency_key,
            **recorded_gate_metrics(plan),
        },
    )
    if inputs.metrics_s3_prefix and evaluations:
        plan.metric_uploads = plan_uploads(inputs.metrics_s3_prefix, evaluations)
        plan.package_request["ModelMetrics"] = build_model_metrics(plan.metric_uploads)
    if inputs.model_card_mode in ("embedded", "both"):
        plan.package_request["ModelCard"] = {
            "ModelCardContent": serialize_card_content(plan.embedded_card_content()),
            "ModelCardStatus": inputs.card_status,
        }
    return plan
