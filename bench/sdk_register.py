"""Register the example model with the SageMaker Python SDK v2, as a team would.

Usage: python sdk_register.py JOB_JSON, with the interpreter of bench/.venv-sdk.
The package is registered with `Model.register`, and a model card is linked to
it through `ModelPackage.from_model_package_arn` and created with
`ModelCard.create`. Prints the ARNs, and how many Search calls the stub
below returned, as JSON.

moto 5.2.5 has no Search over model cards, so a stub returns an empty result
for those calls and counts them. Every other request goes to the endpoint in
the job file, and the loopback audit hook rejects any other host.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import loopback_audit

# The SDK's defaults config, given inline so that Session reads no config file
# or S3 object. TelemetryOptOut stops the SDK's usage reports, which it sends
# with `requests` to an S3 URL that ignores the endpoint set for boto3.
SDK_CONFIG = {
    "SchemaVersion": "1.0",
    "SageMaker": {"PythonSDK": {"Modules": {"TelemetryOptOut": True}}},
}


class SearchStub:
    """A stand-in for `client.search` with no results for model cards.

    Search over any other resource goes to the real client.
    """

    def __init__(self, search: Any) -> None:
        self.search = search
        self.calls = 0

    def __call__(self, **request: Any) -> dict[str, Any]:
        if request.get("Resource") == "ModelCard":
            self.calls += 1
            return {"Results": []}
        result: dict[str, Any] = self.search(**request)
        return result


def make_session(job: dict[str, Any]) -> tuple[Any, SearchStub]:
    """Return an SDK session whose SageMaker client talks to the job's endpoint."""
    import boto3
    import sagemaker

    boto_session = boto3.Session(region_name=job["region"])
    client: Any = boto_session.client("sagemaker", endpoint_url=job["endpoint"])
    search_stub = SearchStub(client.search)
    client.search = search_stub
    session = sagemaker.Session(
        boto_session=boto_session,
        sagemaker_client=client,
        sagemaker_config=SDK_CONFIG,
    )
    return session, search_stub


def evaluation(metrics_path: str) -> Any:
    """Return the flat metrics report as one evaluation job."""
    from sagemaker.model_card import EvaluationJob, Metric, MetricGroup
    from sagemaker.model_card.schema_constraints import MetricTypeEnum

    metrics = json.loads(Path(metrics_path).read_text())
    group = MetricGroup(
        name="metrics",
        metric_data=[
            Metric(name=name, type=MetricTypeEnum.NUMBER, value=value)
            for name, value in metrics.items()
        ],
    )
    return EvaluationJob(name="metrics", metric_groups=[group])


def training_details(section: dict[str, Any]) -> Any:
    """Return the card's training_details section as SDK objects."""
    from sagemaker.model_card import Function, ObjectiveFunction, TrainingDetails

    function = section["objective_function"]["function"]
    return TrainingDetails(
        objective_function=ObjectiveFunction(function=Function(**function)),
        training_observations=section.get("training_observations"),
    )


def register_package(job: dict[str, Any], session: Any) -> str:
    """Register the version with Model.register; return its ARN."""
    from sagemaker.model import Model

    model = Model(
        image_uri=job["image_uri"],
        model_data=job["model_data_url"],
        sagemaker_session=session,
    )
    package = model.register(
        content_types=job["content_types"],
        response_types=job["response_types"],
        inference_instances=job["realtime_instance_types"],
        transform_instances=job["transform_instance_types"],
        model_package_group_name=job["group"],
        approval_status=job["approval_status"],
        description=job["package_description"],
        customer_metadata_properties=job["customer_metadata"],
    )
    return str(package.model_package_arn)


def create_card(job: dict[str, Any], session: Any, package_arn: str) -> str:
    """Create the model card linked to the package; return its ARN."""
    from sagemaker.model_card import (
        AdditionalInformation,
        BusinessDetails,
        IntendedUses,
        ModelCard,
        ModelOverview,
        ModelPackage,
    )

    card = job["card"]
    details = ModelPackage.from_model_package_arn(
        package_arn, sagemaker_session=session
    )
    model_card = ModelCard(
        name=f"{job['group']}-v{details.model_package_version}",
        status=job["card_status"],
        model_overview=ModelOverview(**card["model_overview"]),
        intended_uses=IntendedUses(**card["intended_uses"]),
        business_details=BusinessDetails(**card["business_details"]),
        evaluation_details=[evaluation(job["metrics_path"])],
        additional_information=AdditionalInformation(**card["additional_information"]),
        model_package_details=details,
        sagemaker_session=session,
    )
    # NOTE: sagemaker 2.257.7 raises AttributeError when training_details is
    # given at construction and its Search finds no training job, so the
    # section is set after the package is linked.
    model_card.training_details = training_details(card["training_details"])
    return str(model_card.create())


def main() -> int:
    """Run one registration from the job file named on the command line."""
    loopback_audit.install()
    job = json.loads(Path(sys.argv[1]).read_text())
    session, search_stub = make_session(job)
    package_arn = register_package(job, session)
    card_arn = create_card(job, session, package_arn)
    result = {
        "package_arn": package_arn,
        "card_arn": card_arn,
        "stubbed_calls": {"Search": search_stub.calls},
    }
    print(json.dumps(result))
    return loopback_audit.exit_code_for_blocked()


if __name__ == "__main__":
    sys.exit(main())
