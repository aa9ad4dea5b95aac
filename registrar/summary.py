"""The run's result as step outputs and as a Markdown step summary."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .cards import CardResult
from .gates import GateReport
from .outputs import escape_markdown_cell

if TYPE_CHECKING:
    from .plan import Plan


@dataclass(frozen=True)
class RegistrationResult:
    """The resources and values SageMaker assigned to this registration."""

    group_arn: str
    package: dict[str, Any]
    card: CardResult | None
    created: bool = True
    metrics: list[Any] = field(default_factory=list)
    gate: GateReport | None = None

    @property
    def package_arn(self) -> str:
        """Return the model package ARN exactly as SageMaker returned it."""
        return str(self.package["ModelPackageArn"])

    def outputs(self) -> dict[str, str]:
        """Return the step outputs, named as `action.yml` declares them."""
        return {
            "model-package-arn": self.package_arn,
            "model-package-version": str(self.package["ModelPackageVersion"]),
            "model-package-group-arn": self.group_arn,
            "model-card-arn": self.card.arn if self.card else "",
            "model-card-name": self.card.name if self.card else "",
            "model-card-version": str(self.card.version) if self.card else "",
            "created": "true" if self.created else "false",
            "metrics-json": metrics_json(self.metrics),
            **gate_outputs(self.gate),
        }


def gate_outputs(gate: GateReport | None) -> dict[str, str]:
    """Return the `gate-passed` and `gate-report` outputs; empty without a gate."""
    if gate is None:
        return {"gate-passed": "", "gate-report": ""}
    return {
        "gate-passed": "true" if gate.passed else "false",
        "gate-report": json.dumps(gate.as_json(), separators=(",", ":")),
    }


def render_gate(gate: GateReport) -> list[str]:
    """Return the gate's pass/fail table, and who the champion was."""
    lines = ["", "### Quality gate: " + ("passed" if gate.passed else "failed"), ""]
    lines += ["| Check | Value | Result |", "| --- | --- | --- |"]
    for check in gate.checks:
        value = describe_metric_value({"value": check["value"]})
        result = "pass" if check["passed"] else "**fail**"
        lines.append(f"| {escape_markdown_cell(check['check'])} | {value} | {result} |")
    champion = gate.champion
    if champion:
        lines += ["", f"Champion: version {champion['version']} (`{champion['arn']}`)"]
    elif gate.champion_checked:
        lines += ["", "No Approved version in the group to compare with (no champion)."]
    return lines


def metrics_json(evaluations: list[Any]) -> str:
    """Return the simple metrics as one JSON line: evaluation, then metric name."""
    from .reports import flatten_metrics

    return json.dumps(
        {evaluation.name: flatten_metrics(evaluation) for evaluation in evaluations},
        separators=(",", ":"),
        allow_nan=False,
    )


def console_url(region: str, fragment: str) -> str:
    """Return a SageMaker console address in `region` for a page fragment.

    NOTE: the console's page paths are not a documented API and may change;
    partitions other than aws (China, GovCloud) use other console hosts.
    """
    return (
        f"https://{region}.console.aws.amazon.com/sagemaker/home"
        f"?region={region}#/{fragment}"
    )


def describe_metric_value(metric: dict[str, Any]) -> str:
    """Return a metric's value for a table: the number, or the graph's size."""
    kind = metric.get("type")
    value = metric.get("value")
    if kind in ("linear_graph", "bar_chart") and isinstance(value, list):
        return f"{kind.replace('_', ' ')}, {len(value)} points"
    if kind == "matrix" and isinstance(value, list):
        columns = len(value[0]) if value else 0
        return f"matrix, {len(value)}x{columns}"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def render_metrics(evaluations: list[Any]) -> list[str]:
    """Return Markdown tables, one per evaluation, of every metric."""
    lines: list[str] = []
    for evaluation in evaluations:
        lines += ["", f"#### {escape_markdown_cell(evaluation.name)}", ""]
        lines += ["| Group | Metric | Value |", "| --- | --- | --- |"]
        for group in evaluation.metric_groups:
            for metric in group["metric_data"]:
                cells = (group["name"], metric["name"], describe_metric_value(metric))
                lines.append(
                    "| "
                    + " | ".join(escape_markdown_cell(str(c)) for c in cells)
                    + " |"
                )
    return lines


def render_console_links(result: RegistrationResult, region: str) -> str:
    """Return Markdown links to the version and its card in the SageMaker console."""
    group = str(result.package.get("ModelPackageGroupName", ""))
    version = result.package.get("ModelPackageVersion", "")
    package_url = console_url(region, f"model-registry/{group}/{version}")
    links = [f"[model package in the console]({package_url})"]
    if result.card is not None:
        card_url = console_url(region, f"model-cards/{result.card.name}")
        links.append(f"[model card in the console]({card_url})")
    return " · ".join(links)


def render_summary(result: RegistrationResult, plan: Plan) -> str:
    """Return the step summary: what was registered, the card, and the metrics."""
    package = result.package
    card = result.card
    origin = "created" if result.created else "reused from an earlier run"
    rows = [
        ("Model package group", str(package.get("ModelPackageGroupName", ""))),
        ("Version", f"{package.get('ModelPackageVersion', '')} ({origin})"),
        ("Approval status", str(package.get("ModelApprovalStatus", ""))),
        ("Model package ARN", f"`{result.package_arn}`"),
    ]
    if card is not None:
        rows.append(
            ("Model card", f"{card.name} (version {card.version}, {card.action})")
        )
        rows.append(("Model card ARN", f"`{card.arn}`"))
    if "ModelCard" in plan.package_request:
        rows.append(("Embedded model card", plan.inputs.card_status))

    lines = ["### SageMaker model registered", "", "| | |", "| --- | --- |"]
    lines += [f"| {name} | {escape_markdown_cell(value)} |" for name, value in rows]
    lines += ["", render_console_links(result, plan.region)]
    if result.gate is not None:
        lines += render_gate(result.gate)
    if plan.evaluations:
        lines += ["", "### Metrics"] + render_metrics(plan.evaluations)
    return "\n".join(lines) + "\n"


def render_dry_run_summary(
    plan: Plan, plan_file: str, gate: GateReport | None = None
) -> str:
    """Return the step summary of a dry run: what would be registered."""
    inputs = plan.inputs
    rows = [
        ("Model package group", inputs.group_name),
        ("Approval status", inputs.approval_status),
        ("Model card status", inputs.card_status),
        ("Plan file", f"`{plan_file}`"),
    ]
    lines = [
        "### SageMaker model registration (dry run, nothing created)",
        "",
        "| | |",
        "| --- | --- |",
    ]
    lines += [f"| {name} | {escape_markdown_cell(value)} |" for name, value in rows]
    if gate is not None:
        lines += render_gate(gate)
    if plan.evaluations:
        lines += ["", "### Metrics"] + render_metrics(plan.evaluations)
    return "\n".join(lines) + "\n"


def render_approval_summary(outputs: dict[str, str]) -> str:
    """Return the step summary of approve or reject mode."""
    rows = [
        ("Model package ARN", f"`{outputs['model-package-arn']}`"),
        ("Version", outputs["model-package-version"]),
        ("Approval status", outputs["approval-status"]),
        ("Model card", outputs["model-card-name"] or "none found"),
    ]
    lines = ["### SageMaker model package decision", "", "| | |", "| --- | --- |"]
    lines += [f"| {name} | {escape_markdown_cell(value)} |" for name, value in rows]
    return "\n".join(lines) + "\n"
