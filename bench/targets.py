"""The targets the registrar is held to, whether this run met them, and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from report import Results
    from runs import Sample

SDK_TIME_RATIO = 0.35
BOTO3_TIME_RATIO = 1.3
MAX_NEW_CALLS = 5
MAX_RERUN_CALLS = 3
SDK_SIZE_RATIO = 1 / 3
MB = 1_000_000

# The cause of the fallback lookup on moto. The call lists given for the
# Search path are read from registrar/registration.py and registry.py, because
# moto cannot run that path.
SEARCH_GAP = (
    "moto 5.2.5 rejects the registrar's Search on a customer-metadata property "
    "with ValidationException: Unknown property name. The registrar then lists "
    "the newest versions and describes them one by one (`find_model_package` "
    "in registrar/registry.py)."
)


@dataclass(frozen=True)
class Outcome:
    """One target: what was measured, met or missed, and the reason."""

    goal: str
    measured: str
    result: str
    reason: str


def _median(results: Results, name: str) -> float | None:
    samples = results.comparison.timed.get(name) or []
    if not samples:
        return None
    values = sorted(sample.process.seconds for sample in samples)
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2


def _ratio_result(ratio: float, limit: float) -> str:
    if ratio <= limit:
        return "met"
    return f"missed by {ratio - limit:.2f} ({ratio / limit - 1:.0%} over the limit)"


def _calls_result(calls: int, limit: int) -> str:
    if calls <= limit:
        return "met"
    return f"missed by {calls - limit} call{'s' if calls - limit > 1 else ''}"


def time_versus_sdk(results: Results) -> Outcome:
    """Judge the target: registration time at most 0.35 of the SDK's."""
    goal = f"Registration time ≤ {SDK_TIME_RATIO} × the SDK's"
    ours, sdk = _median(results, "registrar"), _median(results, "sdk")
    sdk_import = _median(results, "sdk-import")
    if ours is None or sdk is None or sdk_import is None:
        return Outcome(goal, "not measured", "not measured", "The SDK was not run.")
    ratio = ours / sdk
    reason = (
        f"`import sagemaker` alone takes {sdk_import:.2f} s "
        f"({sdk_import / sdk:.0%} of the SDK process): it imports pandas and "
        "numpy and builds a default session at import time. The registrar "
        "imports boto3, pydantic, jsonschema and PyYAML."
    )
    if ratio > SDK_TIME_RATIO:
        reason += (
            f" Meeting the target means finishing in {SDK_TIME_RATIO * sdk:.2f} s."
        )
    return Outcome(goal, f"{ratio:.2f}×", _ratio_result(ratio, SDK_TIME_RATIO), reason)


def time_versus_boto3(results: Results) -> Outcome:
    """Judge the target: registration time at most 1.3 times the boto3 script's."""
    goal = f"Registration time ≤ {BOTO3_TIME_RATIO} × the boto3 script's"
    ours, base = _median(results, "registrar"), _median(results, "boto3")
    floor, dry = _median(results, "boto3-client"), _median(results, "dry-run")
    if ours is None or base is None or floor is None or dry is None:
        return Outcome(goal, "not measured", "not measured", "")
    ratio = ours / base
    counted = results.comparison.counted
    reason = (
        "Both processes start Python, import boto3 and load the SageMaker "
        f"service model: {floor:.2f} s for `import boto3` and one client. The "
        "registrar adds its own start-up and validation, which a dry run (no "
        f"boto3 import, no call) shows at {dry:.2f} s, and makes "
        f"{counted['registrar'].call_count} API calls instead of "
        f"{counted['boto3'].call_count}."
    )
    if ratio > BOTO3_TIME_RATIO:
        budget = BOTO3_TIME_RATIO * base
        reason += (
            f" Meeting the target means finishing in {budget:.2f} s, "
            f"{ours - budget:.2f} s sooner. A cProfile of a dry run, made by hand "
            "at commit 4f38bb6 and not by this script, put about half of it in "
            "importing registrar.config, which builds the pydantic input models. "
            "About a fifth went to importing jsonschema for the card check. Both "
            "run on every registration, so closing the gap means a cheaper "
            "start-up there, or fewer calls (below)."
        )
    return Outcome(
        goal, f"{ratio:.2f}×", _ratio_result(ratio, BOTO3_TIME_RATIO), reason
    )


def split_calls(sample: Sample) -> tuple[int, int]:
    """Return the pre-flight calls (S3, ECR, STS) and the SageMaker calls of a run.

    The proxy names SageMaker calls by operation and others "service:...".
    """
    preflight = sum(count for op, count in sample.calls.items() if ":" in op)
    return preflight, sample.call_count - preflight


def preflight_text(preflight: int) -> str:
    """Return the sentence on the pre-flight calls, empty when there were none."""
    if not preflight:
        return ""
    return (
        f" {preflight} of the registrar's calls are its pre-flight checks (S3 "
        "HeadObject on the artifact, ECR DescribeImages to pin the image digest), "
        "which `preflight: false` turns off."
    )


def new_group_calls(results: Results) -> Outcome:
    """Judge the target: at most 5 calls to register into a new group."""
    goal = f"≤ {MAX_NEW_CALLS} API calls, new registration into a new group"
    sample = results.comparison.counted["registrar"]
    preflight, _ = split_calls(sample)
    calls = sample.call_count
    reason = "The boto3 script makes 3 calls because it checks and waits for nothing."
    reason += preflight_text(preflight)
    if sample.calls["DescribeModelPackageGroup"] >= 2 and calls > MAX_NEW_CALLS:
        reason += (
            " The registrar describes the group before creating it and again "
            "after, to wait until it is Completed. Taking the group ARN from "
            "CreateModelPackageGroup's response and describing the group only if "
            "CreateModelPackage then fails would save one call."
        )
    if preflight and calls > MAX_NEW_CALLS:
        reason += (
            f" With the checks on, the target leaves {MAX_NEW_CALLS - preflight} "
            "calls for SageMaker: the boto3 script's creates, with no check or wait."
        )
    return Outcome(goal, str(calls), _calls_result(calls, MAX_NEW_CALLS), reason)


def existing_group_calls(results: Results) -> Outcome:
    """Judge the target: at most 5 calls to register into an existing group."""
    goal = f"≤ {MAX_NEW_CALLS} API calls, new registration into an existing group"
    worst = max(results.growth, key=lambda result: result.new_counted.call_count)
    calls = worst.new_counted.call_count
    preflight, _ = split_calls(worst.new_counted)
    reason = ""
    if worst.new_counted.calls["ListModelPackages"]:
        reason = (
            f"{SEARCH_GAP} Finding no earlier run means describing up to the 100 "
            "newest versions (`FALLBACK_SCAN_LIMIT`). Where Search works, the code "
            f"makes {preflight} pre-flight calls, then DescribeModelPackageGroup, "
            "Search, CreateModelPackage, DescribeModelPackage and CreateModelCard: "
            f"{preflight + 5} calls at any group size. Each poll while the new "
            "version is not yet Completed adds a DescribeModelPackage, and moto's "
            "versions are Completed at once."
        )
    measured = f"{calls} at {worst.size:,} versions"
    return Outcome(goal, measured, _calls_result(calls, MAX_NEW_CALLS), reason)


def rerun_calls(results: Results) -> Outcome:
    """Judge the target: at most 3 calls for an idempotent re-run."""
    goal = f"≤ {MAX_RERUN_CALLS} API calls, idempotent re-run"
    worst = max(results.growth, key=lambda result: result.rerun_counted.call_count)
    calls = worst.rerun_counted.call_count
    preflight, _ = split_calls(worst.rerun_counted)
    reason = ""
    if worst.rerun_counted.calls["ListModelPackages"]:
        reason = (
            f"{SEARCH_GAP} Its own version is the newest, so one describe finds "
            f"it. Where Search works, the code makes {preflight} pre-flight calls, "
            "then DescribeModelPackageGroup, Search and DescribeModelCard: "
            f"{preflight + 3} calls."
        )
    if preflight:
        reason += (
            " The pre-flight checks run on a re-run too, because the pinned image "
            "digest is part of the idempotency key that finds the earlier version "
            "(registrar/plan.py)."
        )
    measured = f"{calls} at {worst.size:,} versions"
    return Outcome(goal, measured, _calls_result(calls, MAX_RERUN_CALLS), reason)


def constant_calls(results: Results, kind: str) -> Outcome:
    """Judge the target: as many calls at the largest group size as at the smallest."""
    smallest, largest = results.growth[0], results.growth[-1]

    def calls(result: object) -> Counter[str]:
        sample = getattr(result, "rerun_counted" if kind == "re-run" else "new_counted")
        counter: Counter[str] = sample.calls
        return counter

    low, high = sum(calls(smallest).values()), sum(calls(largest).values())
    goal = (
        f"{kind.capitalize()} calls at {largest.size:,} versions = at {smallest.size:,}"
    )
    measured = f"{high} and {low}"
    if len(results.growth) < 2:
        return Outcome(goal, measured, "not measured: one group size", "")
    result = "met" if high == low else f"missed by {high - low} calls"
    reason = ""
    if high != low:
        reason = (
            "The fallback describes versions until it finds a match or has "
            "described 100. A new registration finds no match, so its calls grow "
            "with the group up to 100 versions and stay level after that."
        )
    return Outcome(goal, measured, result, reason)


def installed_size(results: Results) -> Outcome:
    """Judge the target: run-time dependencies at most a third of the SDK's."""
    goal = "Run-time dependencies ≤ 1/3 of the SDK's"
    sizes = results.sizes
    if sizes.sdk is None:
        return Outcome(goal, "not measured", "not measured", "The SDK was not run.")
    ratio = sizes.registrar.total_bytes / sizes.sdk.total_bytes
    largest = ", ".join(
        f"{name} {size / MB:.1f} MB" for name, size in sizes.sdk.largest(4)
    )
    reason = (
        f"The SDK's largest distributions are {largest}. The registrar's own "
        f"code ({sizes.registrar_code_bytes / 1000:.0f} kB) is not in its figure; "
        "the sagemaker distribution is in the SDK's."
    )
    return Outcome(goal, f"{ratio:.2f}×", _ratio_result(ratio, SDK_SIZE_RATIO), reason)


def render(results: Results) -> list[str]:
    """Return the Markdown section that compares the results with the targets."""
    outcomes = [
        time_versus_sdk(results),
        time_versus_boto3(results),
        new_group_calls(results),
        existing_group_calls(results),
        rerun_calls(results),
        constant_calls(results, "re-run"),
        constant_calls(results, "new registration"),
        installed_size(results),
    ]
    lines = [
        "## Targets",
        "",
        "| Target | Measured on moto | Result |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {o.goal} | {o.measured} | {o.result} |" for o in outcomes]
    lines += ["", "Why, and what would close each gap:", ""]
    lines += [f"- {o.goal}: {o.reason}" for o in outcomes if o.reason]
    return lines
