"""The registration pipeline: inputs, plan, AWS calls, outputs."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from . import limits, workflow
from .card_schema import serialize_card_content, validate_card_content
from .config import ActionInputs, input_names, parse_inputs
from .errors import InputError, RegistrarError
from .inputs import GitHubContext, read_github_context, read_inputs, read_region
from .model_card import build_create_model_card_request, derive_card_name
from .outputs import append_summary, write_outputs
from .plan import Plan, build_plan
from .summary import RegistrationResult, render_summary

logger = logging.getLogger(__name__)

PACKAGE_WAIT_SECONDS = 600.0


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


def validate(environ: Mapping[str, str], github: GitHubContext) -> Plan:
    """Validate every input and file and build the plan; make no AWS call."""
    inputs = parse_inputs(read_inputs(input_names(), environ))
    region = resolve_region(inputs, environ)
    if region is None:
        raise InputError(
            "aws-region: no AWS region is set; set the aws-region input, or run "
            "aws-actions/configure-aws-credentials before this step "
            "(it sets AWS_REGION)"
        )
    plan = build_plan(inputs, github, region, Path.cwd())
    preview = plan.build_card_content(plan.preview_package())
    validate_card_content(preview, source=inputs.model_card_file)
    return plan


def run(environ: Mapping[str, str], github: GitHubContext) -> RegistrationResult:
    """Validate, register the package, publish its card and write the outputs."""
    with workflow.group("Validate inputs"):
        plan = validate(environ, github)
        logger.info(
            "Inputs are valid: group %s, %d metrics report(s)",
            plan.inputs.group_name,
            len(plan.evaluations),
        )
    result = register(plan, environ)
    write_outputs(github.output_path, result.outputs())
    append_summary(github.summary_path, render_summary(result, plan))
    return result


def register(plan: Plan, environ: Mapping[str, str]) -> RegistrationResult:
    """Make the AWS calls of a plan and return what SageMaker assigned."""
    from .cards import (
        check_card_can_be_written,
        describe_model_card,
        publish_model_card,
    )
    from .registry import create_model_package, ensure_group, wait_for_model_package
    from .sagemaker import ClientSettings, make_client

    inputs = plan.inputs
    client = make_client(
        ClientSettings(region=plan.region, endpoint_url=inputs.endpoint_url)
    )
    if inputs.model_card_name:
        existing = describe_model_card(client, inputs.model_card_name)
        check_card_can_be_written(existing, inputs.model_card_name, None)

    with workflow.group("Register model package"):
        group, _ = ensure_group(
            client,
            plan.group_request,
            group=inputs.model_package_group_name,
            create=not inputs.group_is_arn,
        )
        arn = create_model_package(client, plan.package_request)
        package = wait_for_model_package(
            client, arn, timeout_seconds=PACKAGE_WAIT_SECONDS
        )

    with workflow.group("Publish model card"):
        version = int(package["ModelPackageVersion"])
        card_name = inputs.model_card_name or derive_card_name(
            inputs.group_name, version
        )
        content = plan.build_card_content(package)
        validate_card_content(content, source=inputs.model_card_file)
        request = build_create_model_card_request(
            card_name,
            serialize_card_content(content),
            inputs.model_card_status,
            inputs.tags,
        )
        card = publish_model_card(client, request, arn)

    return RegistrationResult(
        group_arn=str(group["ModelPackageGroupArn"]),
        package=package,
        card=card,
        metrics=plan.evaluations,
    )
