"""The AWS calls of a plan: group, package (created once), then the linked card."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from . import workflow
from .card_schema import serialize_card_content, validate_card_content
from .cards import (
    CardResult,
    check_card_can_be_written,
    describe_model_card,
    linked_package_arn,
    publish_model_card,
)
from .config import ActionInputs
from .errors import RegistrarError, SageMakerError
from .gates import GateReport
from .idempotency import IDEMPOTENCY_METADATA_KEY
from .model_card import build_create_model_card_request, derive_card_name
from .plan import Plan
from .quality_gate import decide_status, evaluate_gate
from .registry import (
    create_model_package,
    describe_group,
    ensure_group,
    find_model_package,
    set_approval,
    wait_for_model_package,
)
from .sagemaker import PENDING_STATUSES, ClientSettings, make_client, make_s3_client
from .storage import upload_reports
from .summary import RegistrationResult

if TYPE_CHECKING:
    from types_boto3_sagemaker import SageMakerClient

logger = logging.getLogger(__name__)


class AlreadyRegisteredError(RegistrarError):
    """An earlier run registered this model and if-exists is `fail`."""

    title = "Model already registered"


def client_settings(inputs: ActionInputs, region: str) -> ClientSettings:
    """Return how to reach AWS for these inputs."""
    return ClientSettings(
        region=region,
        endpoint_url=inputs.endpoint_url,
        retry_mode="adaptive" if inputs.retry_mode == "adaptive" else "standard",
        max_attempts=inputs.max_attempts,
    )


def register(plan: Plan, client: SageMakerClient | None = None) -> RegistrationResult:
    """Make the AWS calls of a plan and return what SageMaker assigned.

    Everything that can stop the run (an Archived or foreign card, a version
    that if-exists: fail forbids, a failed gate with on-gate-failure: fail) is
    decided from reads before the first write.
    """
    client = client or make_client(client_settings(plan.inputs, plan.region))
    inputs = plan.inputs
    group_name = inputs.model_package_group_name
    named_card: dict[str, Any] | None = None
    if inputs.model_card_name:
        named_card = describe_model_card(client, inputs.model_card_name)
        check_card_can_be_written(named_card, inputs.model_card_name, None)
    described = describe_group(client, group_name)
    found = find_earlier_package(client, plan) if described is not None else None
    if named_card is not None:
        check_named_card_link(named_card, inputs.model_card_name or "", found)

    gate = None
    if found is None and (plan.conditions or plan.regression_rules):
        with workflow.group("Check quality gates"):
            gate = evaluate_gate(client, plan, group_is_new=described is None)
            if gate is not None and gate.passed:
                logger.info("%s", gate.describe())
    status = decide_status(plan, gate)

    with workflow.group("Register model package"):
        group, _ = ensure_group(
            client,
            plan.group_request,
            group=group_name,
            create=not inputs.group_is_arn,
            described=described,
        )
        if found is not None:
            package, created = reuse_package(client, plan, found), False
        else:
            package, created = create_package(client, plan, status), True
        if created and gate is not None:
            description = gate.describe()
            set_approval(client, str(package["ModelPackageArn"]), status, description)
            package = {**package, "ApprovalDescription": description}

    card = None
    if inputs.model_card_mode != "embedded":
        with workflow.group("Publish model card"):
            card = publish_card(client, plan, package, created, named_card, gate)

    return RegistrationResult(
        group_arn=str(group["ModelPackageGroupArn"]),
        package=package,
        card=card,
        created=created,
        metrics=plan.evaluations,
        gate=gate if created else None,
    )


def find_earlier_package(client: SageMakerClient, plan: Plan) -> dict[str, Any] | None:
    """Return the package an earlier run registered with this key, unless
    if-exists is new-version; raise AlreadyRegisteredError for if-exists: fail.
    """
    inputs = plan.inputs
    if inputs.if_exists == "new-version":
        return None
    found = find_model_package(
        client,
        inputs.model_package_group_name,
        IDEMPOTENCY_METADATA_KEY,
        plan.idempotency_key,
    )
    if found is not None and inputs.if_exists == "fail":
        raise AlreadyRegisteredError(
            f"this model is already registered as {found['ModelPackageArn']} (same "
            "artifact, image, commit, metrics and card); set if-exists to reuse or "
            "new-version"
        )
    return found


def check_named_card_link(
    card: dict[str, Any], name: str, found: dict[str, Any] | None
) -> None:
    """Raise InputError when `model-card-name` documents a package this run won't use.

    A card linked to another version stays linked to it, so it can only serve
    the earlier registration that this run reuses.
    """
    linked = linked_package_arn(card)
    if linked is None:
        return
    if found is None or str(found["ModelPackageArn"]) != linked:
        check_card_can_be_written(card, name, "a new version")


def create_package(client: SageMakerClient, plan: Plan, status: str) -> dict[str, Any]:
    """Upload the reports, create the version and wait until it is Completed."""
    if plan.metric_uploads:
        upload_reports(
            make_s3_client(client_settings(plan.inputs, plan.region)),
            plan.metric_uploads,
        )
    request = {**plan.package_request, "ModelApprovalStatus": status}
    arn = create_model_package(client, request)
    return wait_for_model_package(
        client, arn, timeout_seconds=plan.inputs.wait_timeout_seconds
    )


def reuse_package(
    client: SageMakerClient, plan: Plan, found: dict[str, Any]
) -> dict[str, Any]:
    """Return an earlier run's package for this registration, waiting if needed."""
    arn = str(found["ModelPackageArn"])
    logger.info("An earlier run registered this model as %s; reusing it", arn)
    if found.get("ModelPackageStatus") in PENDING_STATUSES:
        return wait_for_model_package(
            client, arn, timeout_seconds=plan.inputs.wait_timeout_seconds
        )
    if found.get("ModelPackageStatus") == "Failed":
        raise SageMakerError(
            f"an earlier run registered this model as {arn} and it Failed; fix the "
            "cause and run again with if-exists: new-version"
        )
    return found


def publish_card(
    client: SageMakerClient,
    plan: Plan,
    package: dict[str, Any],
    package_created: bool,
    named_card: dict[str, Any] | None,
    gate: GateReport | None = None,
) -> CardResult:
    """Build, validate and publish the card for the registered package."""
    inputs = plan.inputs
    version = int(package["ModelPackageVersion"])
    name = inputs.model_card_name or derive_card_name(inputs.group_name, version)
    content = plan.build_card_content(package)
    if gate is not None and package_created:
        information = content.setdefault("additional_information", {})
        details = information.setdefault("custom_details", {})
        details["quality_gate"] = gate.describe()
    validate_card_content(content, source=inputs.model_card_file)
    request = build_create_model_card_request(
        name, serialize_card_content(content), inputs.card_status, inputs.tags
    )
    # The default name belongs to a new version, so its card cannot exist yet.
    if inputs.model_card_name:
        existing: dict[str, Any] | None | bool = named_card
    else:
        existing = None if package_created else True
    return publish_model_card(
        client, request, str(package["ModelPackageArn"]), existing=existing
    )
