"""The registration pipeline: inputs, plan, AWS calls, outputs."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from . import limits, workflow
from .card_file import find_line
from .card_schema import validate_card_content
from .config import ActionInputs, input_names, parse_inputs
from .errors import InputError, PayloadError, RegistrarError
from .gates import GATE_TEXT_MAX
from .inputs import (
    GitHubContext,
    find_undecodable,
    read_github_context,
    read_inputs,
    read_region,
)
from .outputs import append_summary, write_outputs
from .plan import PLACEHOLDER_ACCOUNT, Plan, build_plan, load_sources
from .preflight import PREFLIGHT_METADATA, run_preflight
from .preflight import should_run as should_preflight
from .quality_gate import GateFailedError, evaluate_gate
from .registration import client_settings, register
from .sagemaker import describe_client_failure
from .summary import (
    gate_outputs,
    metrics_json,
    render_approval_summary,
    render_dry_run_summary,
    render_gate,
    render_summary,
)

logger = logging.getLogger(__name__)

# Stands in for the region in a dry run's previewed ARNs when none is set.
DRY_RUN_REGION = "us-east-1"


def main(environ: Mapping[str, str] | None = None) -> int:
    """Run the action; return the process exit code (0 success, 1 failure)."""
    env = os.environ if environ is None else environ
    github = read_github_context(env)
    workflow.configure_logging(github.debug)
    try:
        run(env, github)
    except RegistrarError as err:
        workflow.error(err.message, title=err.title, file=err.file, line=err.line)
        return 1
    except Exception as err:
        message = describe_client_failure(err)
        if message is None:
            raise
        workflow.error(message, title="AWS request failed")
        return 1
    return 0


def resolve_region(inputs: ActionInputs, environ: Mapping[str, str]) -> str | None:
    """Return `aws-region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`."""
    if inputs.aws_region:
        return inputs.aws_region
    region = read_region(environ)
    if region and not limits.REGION_PATTERN.match(region):
        raise InputError(
            f"AWS_REGION: '{region}' is not an AWS region (e.g. us-east-1); "
            "fix the variable or set the aws-region input"
        )
    return region


def parse_environment(
    environ: Mapping[str, str],
) -> tuple[ActionInputs, str]:
    """Validate every input and find the region; make no AWS call."""
    raw = read_inputs(input_names(), environ)
    undecodable = find_undecodable(raw)
    if undecodable:
        raise InputError(
            f"{undecodable}: the value is not valid UTF-8 text; set it as UTF-8"
        )
    inputs = parse_inputs(raw)
    region = resolve_region(inputs, environ)
    if region is None and inputs.dry_run:
        region = DRY_RUN_REGION
    if region is None:
        raise InputError(
            "aws-region: no AWS region is set; set the aws-region input, or run "
            "aws-actions/configure-aws-credentials before this step "
            "(it sets AWS_REGION)"
        )
    if inputs.mode != "register" and inputs.dry_run:
        raise InputError(
            f"dry-run: not available with mode {inputs.mode}, which only changes "
            "an existing version; remove dry-run"
        )
    return inputs, region


def validate_cards(plan: Plan) -> None:
    """Check the card content against SageMaker's schemas before any write.

    An error in content that came from the card file points at its line.
    """
    inputs = plan.inputs
    try:
        if inputs.model_card_mode != "embedded":
            package = plan.preview_package()
            gated = bool(plan.conditions or plan.regression_rules)
            if gated:
                # Room for the gate decision, which the version's approval
                # description and the card both get after the gate has run.
                package["ApprovalDescription"] = "x" * GATE_TEXT_MAX
            preview = plan.build_card_content(package)
            if gated:
                information = preview.setdefault("additional_information", {})
                details = information.setdefault("custom_details", {})
                details["quality_gate"] = "x" * GATE_TEXT_MAX
            validate_card_content(preview, source=inputs.model_card_file)
        if inputs.model_card_mode != "standalone":
            validate_card_content(
                plan.embedded_card_content(),
                embedded=True,
                source=inputs.model_card_file,
            )
    except PayloadError as err:
        if inputs.model_card_file and err.path:
            err.line = find_line(inputs.model_card_file, Path.cwd(), err.path)
        raise


def validate(environ: Mapping[str, str], github: GitHubContext) -> Plan:
    """Validate every input and file and build the plan; make no AWS call."""
    inputs, region = parse_environment(environ)
    plan = build_plan(inputs, github, region, load_sources(inputs, Path.cwd()))
    validate_cards(plan)
    return plan


def run(environ: Mapping[str, str], github: GitHubContext) -> None:
    """Validate, register the package, publish its card and write the outputs."""
    with workflow.group("Validate inputs"):
        inputs, region = parse_environment(environ)
        if inputs.mode != "register":
            logger.info("Inputs are valid: %s an existing version", inputs.mode)
        else:
            sources = load_sources(inputs, Path.cwd())
            # Counts the keys pre-flight will add, so a full metadata map fails
            # here rather than after the pre-flight's AWS calls.
            reserved = PREFLIGHT_METADATA if should_preflight(inputs) else None
            plan = build_plan(inputs, github, region, sources, reserved)
            validate_cards(plan)
            logger.info(
                "Inputs are valid: group %s, %d metrics report(s)",
                inputs.group_name,
                len(plan.evaluations),
            )
    if inputs.mode != "register":
        decide(inputs, region, github)
        return
    if should_preflight(inputs):
        with workflow.group("Pre-flight checks"):
            checked = run_preflight(inputs, client_settings(inputs, region))
            plan = build_plan(checked.inputs, github, region, sources, checked.metadata)
            validate_cards(plan)
    if inputs.dry_run:
        report_dry_run(plan, github, environ)
        return
    try:
        result = register(plan)
    except GateFailedError as err:
        # Nothing was registered, but the decision is still reported.
        write_outputs(github.output_path, gate_outputs(err.report))
        append_summary(github.summary_path, "\n".join(render_gate(err.report)))
        raise
    write_outputs(github.output_path, result.outputs())
    append_summary(github.summary_path, render_summary(result, plan))


def decide(inputs: ActionInputs, region: str, github: GitHubContext) -> None:
    """Approve or reject an existing version and write the outputs."""
    from .approval import run_approval
    from .sagemaker import make_client

    settings = client_settings(inputs, region)
    with workflow.group(f"{inputs.mode.capitalize()} model package"):
        outputs = run_approval(make_client(settings), inputs, github)
    write_outputs(github.output_path, outputs)
    append_summary(github.summary_path, render_approval_summary(outputs))


def write_plan_file(
    requested: str | None, text: str, environ: Mapping[str, str]
) -> str:
    """Write the plan; return its path.

    A requested path is relative to the workspace, the only directory that a
    Docker action shares with later steps. Without one, the plan goes to a
    temporary file, so that nothing is written into the checkout unasked.
    """
    if requested:
        workspace = Path.cwd().resolve()
        path = (workspace / requested).resolve()
        if not path.is_relative_to(workspace):
            raise InputError(
                f"plan-file: '{requested}' leads outside the workspace (through a "
                "symbolic link); use a path inside it"
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text + "\n", encoding="utf-8")
        except OSError as err:
            raise InputError(
                f"plan-file: cannot write '{requested}' ({err.strerror}); use the "
                "path of a new file inside the workspace"
            ) from err
        return requested
    # NOTE: the runner does not mount RUNNER_TEMP into Docker actions, so the
    # variable may name a directory that does not exist in the container.
    runner_temp = environ.get("RUNNER_TEMP")
    directory = runner_temp if runner_temp and os.path.isdir(runner_temp) else None
    handle, temp_path = tempfile.mkstemp(
        prefix="registrar-plan-", suffix=".json", dir=directory
    )
    with os.fdopen(handle, "w", encoding="utf-8") as plan_file:
        plan_file.write(text + "\n")
    return temp_path


def describe_placeholders(plan: Plan) -> str:
    """Return which parts of a dry run's plan differ from a real run's requests."""
    text = (
        f"The plan's ARNs, account {PLACEHOLDER_ACCOUNT} and version 1 are "
        "placeholders for what SageMaker assigns."
    )
    if not should_preflight(plan.inputs):
        text += (
            " Pre-flight checks were skipped, so an ECR tag is not pinned to its "
            "digest and the idempotency key can differ (set preflight: true to "
            "see it)."
        )
    return text


def report_dry_run(
    plan: Plan, github: GitHubContext, environ: Mapping[str, str]
) -> None:
    """Print the requests a real run would send, write them to the plan file."""
    requests = plan.preview_requests()
    text = json.dumps(requests, indent=2, ensure_ascii=False)
    with workflow.group("Dry run: requests a real run would send"):
        logger.info("%s", text)
    path = write_plan_file(plan.inputs.plan_file, text, environ)
    logger.info("Dry run: plan written to %s", path)
    logger.info("%s", describe_placeholders(plan))

    # The champion needs an AWS call, so a dry run checks approve-if only.
    gate = evaluate_gate(None, plan, group_is_new=True)
    if gate is not None and plan.regression_rules:
        logger.info("Dry run, regressions not checked: %s", gate.describe())
    elif gate is not None:
        logger.info("Dry run: %s", gate.describe())

    write_outputs(
        github.output_path,
        {
            "plan-file": path,
            "metrics-json": metrics_json(plan.evaluations),
            **gate_outputs(gate),
        },
    )
    append_summary(github.summary_path, render_dry_run_summary(plan, path, gate))
