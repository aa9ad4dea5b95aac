"""Turn validated inputs into a registration plan: every file read and every request
built and checked, before the first AWS call.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .card_file import load_card_file
from .config import ActionInputs
from .errors import InputError
from .inputs import GitHubContext
from .model_card import build_model_card_content, build_model_package_details
from .model_package import (
    build_create_model_package_group_request,
    build_create_model_package_request,
)

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

    @property
    def card_evaluations(self) -> list[dict[str, Any]]:
        """Return the evaluations as model card `evaluation_details` entries."""
        return [
            {"name": evaluation.name, "metric_groups": evaluation.metric_groups}
            for evaluation in self.evaluations
        ]

    def build_card_content(self, package: dict[str, Any]) -> dict[str, Any]:
        """Return the card content for a described (or previewed) model package."""
        return build_model_card_content(
            self.inputs,
            card_file=self.card_file,
            evaluations=self.card_evaluations,
            package_details=build_model_package_details(package),
        )

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
            "ModelPackageVersion": 1,
            "ModelPackageDescription": request.get("ModelPackageDescription"),
            "ModelPackageStatus": "Completed",
            "ModelApprovalStatus": request["ModelApprovalStatus"],
            "InferenceSpecification": request["InferenceSpecification"],
        }


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


def build_plan(
    inputs: ActionInputs, github: GitHubContext, region: str, base_dir: Path
) -> Plan:
    """Read the files the inputs name and build every request, or raise InputError."""
    card_file = (
        load_card_file(inputs.model_card_file, base_dir)
        if inputs.model_card_file
        else None
    )
    return Plan(
        inputs=inputs,
        region=region,
        group_request=build_create_model_package_group_request(inputs),
        package_request=build_create_model_package_request(inputs, github),
        card_file=card_file,
        evaluations=load_evaluations(inputs, base_dir),
    )
