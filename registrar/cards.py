"""Model card steps: create a card, or update it when its content or status changed."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import InputError, SageMakerError
from .sagemaker import call, error_code, is_missing, to_sagemaker_error

if TYPE_CHECKING:
    from types_boto3_sagemaker import SageMakerClient

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CardResult:
    """The card this run left behind, and what it did to it."""

    name: str
    arn: str
    version: int
    action: str  # "created", "updated" or "unchanged"


def describe_model_card(client: SageMakerClient, name: str) -> dict[str, Any] | None:
    """Return DescribeModelCard for the latest version of `name`, None if missing."""
    from botocore.exceptions import ClientError

    try:
        return dict(client.describe_model_card(ModelCardName=name))
    except ClientError as err:
        if is_missing(err, "does not exist"):
            return None
        raise to_sagemaker_error(
            err, "DescribeModelCard", f"model card '{name}'"
        ) from err


def linked_package_arn(card: dict[str, Any]) -> str | None:
    """Return the package ARN that a described card's content links to."""
    try:
        content = json.loads(card.get("Content") or "{}")
    except json.JSONDecodeError:
        return None
    details = content.get("model_package_details") or {}
    arn = details.get("model_package_arn")
    return str(arn) if arn else None


def check_card_can_be_written(
    card: dict[str, Any] | None, name: str, package_arn: str | None
) -> None:
    """Raise InputError when an existing card must not be changed by this run.

    An Archived card takes no more updates. A card linked to another package
    version stays linked to it: SageMaker treats a card as immutable once it is
    associated with a model.
    """
    if card is None:
        return
    if card.get("ModelCardStatus") == "Archived":
        raise InputError(
            f"model-card-name: model card '{name}' is Archived and takes no more "
            "updates; choose another model-card-name"
        )
    linked = linked_package_arn(card)
    if package_arn and linked and linked != package_arn:
        raise InputError(
            f"model-card-name: model card '{name}' documents another model package "
            f"({linked}); leave model-card-name empty for one card per version, "
            "or choose another name"
        )


def same_content(existing: str | None, desired: str) -> bool:
    """Return whether two card contents are equal as JSON, ignoring key order."""
    if existing is None:
        return False
    try:
        return bool(json.loads(existing) == json.loads(desired))
    except json.JSONDecodeError:
        return False


def publish_model_card(
    client: SageMakerClient,
    create_request: dict[str, Any],
    package_arn: str,
    *,
    existing: dict[str, Any] | None | bool = True,
) -> CardResult:
    """Create the card, or bring an existing card to the requested content and status.

    `existing` is the card's description when the caller already has it, None
    when the card is known to be missing, and True (the default) to describe
    it first. A new card is version 1, so creating one needs no describe.

    UpdateModelCard cannot change content and status in one call, so a change
    of both is sent as two calls. Nothing is sent when neither changed, because
    every content update makes a new card version.
    """
    name = create_request["ModelCardName"]
    card = describe_model_card(client, name) if existing is True else existing
    if card is None:
        created = _create_card(client, create_request)
        if created is not None:
            return created
        # A card of that name appeared since it was looked up: update it instead.
        card = describe_model_card(client, name)
    if not isinstance(card, dict):
        raise SageMakerError(f"model card '{name}' exists but cannot be described")
    check_card_can_be_written(card, name, package_arn)
    return _update_card(client, card, create_request)


def _create_card(
    client: SageMakerClient, create_request: dict[str, Any]
) -> CardResult | None:
    """Create the card and return it, or None when the name is already taken."""
    from botocore.exceptions import ClientError

    name = create_request["ModelCardName"]
    try:
        response = client.create_model_card(**create_request)
    except ClientError as err:
        if error_code(err) == "ConflictException":
            return None
        raise to_sagemaker_error(
            err, "CreateModelCard", f"model card '{name}'"
        ) from err
    logger.info("Created model card %s", name)
    return CardResult(name, str(response["ModelCardArn"]), 1, "created")


def _update_card(
    client: SageMakerClient, card: dict[str, Any], create_request: dict[str, Any]
) -> CardResult:
    name = create_request["ModelCardName"]
    resource = f"model card '{name}'"
    updates = []
    if not same_content(card.get("Content"), create_request["Content"]):
        updates.append({"ModelCardName": name, "Content": create_request["Content"]})
    if card.get("ModelCardStatus") != create_request["ModelCardStatus"]:
        updates.append(
            {
                "ModelCardName": name,
                "ModelCardStatus": create_request["ModelCardStatus"],
            }
        )
    arn = str(card["ModelCardArn"])
    if not updates:
        logger.info("Model card %s already has this content and status", name)
        return CardResult(name, arn, int(card["ModelCardVersion"]), "unchanged")
    for update in updates:
        call("UpdateModelCard", resource, client.update_model_card, update)
    described = describe_model_card(client, name)
    if described is None:
        raise SageMakerError(f"model card '{name}' was updated but cannot be described")
    logger.info("Updated model card %s", name)
    return CardResult(name, arn, int(described.get("ModelCardVersion", 1)), "updated")
