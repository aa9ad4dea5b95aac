"""The quality gate step: compare the new metrics with the conditions and the
champion (the newest Approved version), and choose the approval status.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .cards import describe_model_card
from .errors import RegistrarError
from .gates import GateReport, check_conditions, check_regressions, gate_metrics
from .model_card import derive_card_name
from .registry import find_champion

if TYPE_CHECKING:
    from types_boto3_sagemaker import SageMakerClient

    from .plan import Plan

logger = logging.getLogger(__name__)

# Customer metadata keys that record gate metrics, read back from a champion.
METRIC_METADATA_PREFIX = "metric:"


class GateFailedError(RegistrarError):
    """A quality gate failed and on-gate-failure is `fail`."""

    title = "Quality gate failed"

    def __init__(self, message: str, *, report: GateReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class _CardEvaluation:
    name: str
    metric_groups: list[dict[str, Any]]


def champion_metrics(
    client: SageMakerClient, package: dict[str, Any], needed: set[str]
) -> dict[str, Any]:
    """Return a champion's metrics: from its customer metadata, then its card.

    The card is read only when the metadata lacks one of the `needed` metrics,
    since a run records only the metrics its own gates named.
    """
    metadata = package.get("CustomerMetadataProperties") or {}
    metrics = {
        key[len(METRIC_METADATA_PREFIX) :]: _number(value)
        for key, value in metadata.items()
        if key.startswith(METRIC_METADATA_PREFIX)
    }
    if needed <= set(metrics):
        return metrics
    group = str(package.get("ModelPackageGroupName", ""))
    card = describe_model_card(
        client, derive_card_name(group, int(package["ModelPackageVersion"]))
    )
    if card is None:
        return metrics
    content = json.loads(card.get("Content") or "{}")
    evaluations = [
        _CardEvaluation(item.get("name", ""), item.get("metric_groups", []))
        for item in content.get("evaluation_details", [])
    ]
    return {**gate_metrics(evaluations), **metrics}


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def evaluate_gate(
    client: SageMakerClient | None, plan: Plan, *, group_is_new: bool
) -> GateReport | None:
    """Return the gate report, or None when no gate is set.

    Without a client (a dry run) or in a new group there is no champion.
    """
    if not plan.conditions and not plan.regression_rules:
        return None
    report = GateReport(
        checks=check_conditions(plan.conditions, plan.gate_values),
        champion_checked=bool(plan.regression_rules) and client is not None,
    )
    champion = None
    if report.champion_checked and client is not None and not group_is_new:
        package = find_champion(client, plan.inputs.model_package_group_name)
        if package is not None:
            needed = {rule.metric for rule in plan.regression_rules}
            champion = {
                "arn": package["ModelPackageArn"],
                "version": package["ModelPackageVersion"],
                "metrics": champion_metrics(client, package, needed),
            }
    report.champion = champion
    report.checks += check_regressions(
        plan.regression_rules, plan.gate_values, champion
    )
    return report


def decide_status(plan: Plan, report: GateReport | None) -> str:
    """Return the approval status for the new version, or raise GateFailedError."""
    if report is None or report.passed:
        return plan.inputs.approval_status
    choice = plan.inputs.on_gate_failure
    if choice == "fail":
        raise GateFailedError(
            f"{report.describe()} Nothing was registered (on-gate-failure: fail).",
            report=report,
        )
    logger.warning("%s", report.describe())
    return "Rejected" if choice == "reject" else "PendingManualApproval"
