"""Growth of the registrar's cost with the number of versions in its group.

For each size N the group is filled directly through boto3 (not through the
proxy) with N - 1 versions that carry other idempotency keys, and the
registrar then registers the example as version N. Idempotent re-runs are
measured while the group contains exactly N versions, with their own version
the newest, as when a workflow is re-run soon after the run it repeats. New
registrations (a new commit each) follow: the counted one finds N versions,
the timed ones N + 1, N + 2 and so on.
"""

from __future__ import annotations

import statistics
import time
import uuid
from dataclasses import dataclass

import scenario
from runs import Runner, Sample, commit_sha

from registrar.idempotency import IDEMPOTENCY_METADATA_KEY
from tools.emulator import REGION

GROUP = "FacialExpressionAnalysis-Growth"


@dataclass(frozen=True)
class GrowthResult:
    """The registrar's re-runs and new registrations at one group size."""

    size: int
    fill_seconds: float
    # Median time of one ListModelPackages page on moto at this size.
    list_page_ms: float
    reruns: list[Sample]
    rerun_counted: Sample
    new_registrations: list[Sample]
    new_counted: Sample


def fill_group(endpoint: str, group: str, count: int) -> float:
    """Create `group` and `count` versions in it; return the seconds it took."""
    import boto3

    client = boto3.client("sagemaker", region_name=REGION, endpoint_url=endpoint)
    start = time.perf_counter()
    client.create_model_package_group(
        ModelPackageGroupName=group,
        ModelPackageGroupDescription=scenario.INPUTS["model-package-group-description"],
    )
    for index in range(count):
        client.create_model_package(
            ModelPackageGroupName=group,
            ModelApprovalStatus="PendingManualApproval",
            InferenceSpecification={
                "Containers": [
                    {
                        "Image": scenario.IMAGE_URI,
                        "ModelDataUrl": f"s3://{scenario.BUCKET}/older/{index}.tar.gz",
                    }
                ],
                "SupportedContentTypes": ["application/x-image"],
                "SupportedResponseMIMETypes": ["application/json"],
            },
            CustomerMetadataProperties={IDEMPOTENCY_METADATA_KEY: str(uuid.uuid4())},
        )
    return time.perf_counter() - start


def list_page_ms(endpoint: str, group: str, count: int = 10) -> float:
    """Return the median milliseconds of the fallback's first ListModelPackages."""
    import boto3

    client = boto3.client("sagemaker", region_name=REGION, endpoint_url=endpoint)
    durations = []
    for _ in range(count):
        start = time.perf_counter()
        client.list_model_packages(
            ModelPackageGroupName=group,
            ModelPackageType="Versioned",
            SortBy="CreationTime",
            SortOrder="Descending",
            MaxResults=20,
        )
        durations.append((time.perf_counter() - start) * 1000)
    return statistics.median(durations)


def measure_size(runner: Runner, size: int, runs: int, warmup: int) -> GrowthResult:
    """Measure re-runs at exactly `size` versions, then new registrations."""
    runner.reset()
    fill_seconds = fill_group(runner.moto_endpoint, GROUP, size - 1)
    first = commit_sha("growth-first")
    runner.registrar(GROUP, created=True, sha=first)
    rerun_counted = runner.registrar(GROUP, created=False, sha=first, counted=True)
    reruns = [
        runner.registrar(GROUP, created=False, sha=first) for _ in range(warmup + runs)
    ][warmup:]
    list_ms = list_page_ms(runner.moto_endpoint, GROUP)
    new_counted = runner.registrar(
        GROUP, created=True, sha=commit_sha("growth-counted"), counted=True
    )
    new_registrations = [
        runner.registrar(GROUP, created=True, sha=commit_sha(f"growth-{index}"))
        for index in range(runs)
    ]
    return GrowthResult(
        size=size,
        fill_seconds=fill_seconds,
        list_page_ms=list_ms,
        reruns=reruns,
        rerun_counted=rerun_counted,
        new_registrations=new_registrations,
        new_counted=new_counted,
    )
