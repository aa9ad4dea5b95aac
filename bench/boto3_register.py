"""Register the example model with three plain boto3 calls, as a notebook would.

Usage: python boto3_register.py JOB_JSON. The job file is written by
bench/run.py. No input is validated and nothing is looked up first, so a
second run against the same group fails on the real service (moto accepts it).
Prints the package and card ARNs as JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import loopback_audit


def card_content(job: dict[str, Any], package_arn: str) -> dict[str, Any]:
    """Return the card sections, the metrics and the link to the package."""
    metrics = json.loads(Path(job["metrics_path"]).read_text())
    metric_data = [
        {"name": name, "type": "number", "value": value}
        for name, value in metrics.items()
    ]
    return {
        **job["card"],
        "model_package_details": {"model_package_arn": package_arn},
        "evaluation_details": [
            {
                "name": "metrics",
                "metric_groups": [{"name": "metrics", "metric_data": metric_data}],
            }
        ],
    }


def register(job: dict[str, Any]) -> dict[str, str]:
    """Create the group, the package version and the card; return their ARNs."""
    import boto3

    client = boto3.client(
        "sagemaker", region_name=job["region"], endpoint_url=job["endpoint"]
    )
    tags: list[Any] = [{"Key": k, "Value": v} for k, v in job["tags"].items()]
    client.create_model_package_group(
        ModelPackageGroupName=job["group"],
        ModelPackageGroupDescription=job["group_description"],
        Tags=tags,
    )
    package = client.create_model_package(
        ModelPackageGroupName=job["group"],
        ModelPackageDescription=job["package_description"],
        ModelApprovalStatus=job["approval_status"],
        InferenceSpecification={
            "Containers": [
                {"Image": job["image_uri"], "ModelDataUrl": job["model_data_url"]}
            ],
            "SupportedContentTypes": job["content_types"],
            "SupportedResponseMIMETypes": job["response_types"],
            "SupportedRealtimeInferenceInstanceTypes": job["realtime_instance_types"],
            "SupportedTransformInstanceTypes": job["transform_instance_types"],
        },
        CustomerMetadataProperties=job["customer_metadata"],
    )
    package_arn = package["ModelPackageArn"]
    version = package_arn.rsplit("/", 1)[1]
    card = client.create_model_card(
        ModelCardName=f"{job['group']}-v{version}",
        ModelCardStatus=job["card_status"],
        Content=json.dumps(card_content(job, package_arn)),
        Tags=tags,
    )
    return {"package_arn": package_arn, "card_arn": card["ModelCardArn"]}


def main() -> int:
    """Run one registration from the job file named on the command line."""
    loopback_audit.install()
    job = json.loads(Path(sys.argv[1]).read_text())
    print(json.dumps(register(job)))
    return loopback_audit.exit_code_for_blocked()


if __name__ == "__main__":
    sys.exit(main())
