"""One registration as a child process, timed, or with its API calls counted.

Timed runs talk to moto directly. Counted runs go through tools/faultproxy.py,
which records each call. They are not timed, because that proxy adds tens of
milliseconds to every call (docs/benchmarks.md gives the measured delay).
"""

from __future__ import annotations

import hashlib
import json
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import scenario
from measure import ProcessRun, run_process

from tools.emulator import REGION, parse_github_output, reset_emulator
from tools.faultproxy import FaultProxy

# Operation name for the Search calls that the SDK script's stub returned.
STUBBED_SEARCH = "Search (stubbed in the script)"
# The contenders, in the order of the report's columns, and a registrar dry
# run that shows what validation costs without any AWS call.
LABELS = {
    "registrar": "Registrar",
    "sdk": "SageMaker SDK v2",
    "boto3": "boto3 script",
    "dry-run": "Registrar dry run: validation, no AWS call",
    "boto3-client": "`import boto3` and one SageMaker client, no call",
    "sdk-import": "`import sagemaker` alone",
}
# S3's REST methods on an object, as the S3 API names the operations.
S3_OPERATIONS = {
    "HEAD": "HeadObject",
    "GET": "GetObject",
    "PUT": "PutObject",
    "DELETE": "DeleteObject",
}
# Start-up floors: what each contender pays before its first API call.
BOTO3_CLIENT_CODE = "import boto3; boto3.client('sagemaker', region_name='us-east-1')"
SDK_IMPORT_CODE = "import sagemaker"


class RunFailedError(RuntimeError):
    """A contender's process failed or did not register what it should."""


@dataclass(frozen=True)
class Sample:
    """One registration: the process, and the API calls when they were counted."""

    process: ProcessRun
    calls: Counter[str]
    counted: bool

    @property
    def call_count(self) -> int:
        """All API calls, including those the SDK script's stub returned."""
        return sum(self.calls.values())


@dataclass
class Comparison:
    """Timed runs of each contender, and one counted run of each."""

    timed: dict[str, list[Sample]] = field(
        default_factory=lambda: {name: [] for name in LABELS}
    )
    counted: dict[str, Sample] = field(default_factory=dict)


def operation_name(operation: str) -> str:
    """Return a proxy's operation name as the API names it.

    The proxy names SageMaker calls by operation, S3 calls "s3:METHOD /path"
    and other JSON calls "service:Target.Operation".
    """
    service, separator, rest = operation.partition(":")
    if not separator:
        return operation
    if service == "s3":
        method = rest.split(" ", 1)[0]
        return f"S3 {S3_OPERATIONS.get(method, method)}"
    return f"{service.upper()} {rest.rsplit('.', 1)[-1]}"


def commit_sha(label: str) -> str:
    """Return a made-up 40-digit commit SHA for `label`."""
    return hashlib.sha1(label.encode()).hexdigest()


class Runner:
    """Runs contenders against one moto server through a counting proxy."""

    def __init__(self, moto_endpoint: str, proxy: FaultProxy, root: Path) -> None:
        self.moto_endpoint = moto_endpoint
        self.proxy = proxy
        self.workspace = scenario.make_workspace(root)

    def reset(self) -> None:
        """Empty the emulator, then upload the model and push the image again."""
        reset_emulator(self.moto_endpoint)
        scenario.seed_emulator(self.moto_endpoint)

    def endpoint(self, counted: bool) -> str:
        """Return the proxy's endpoint for a counted run, else moto's."""
        return self.proxy.endpoint if counted else self.moto_endpoint

    def _run(
        self, argv: list[str], env: dict[str, str], what: str, counted: bool
    ) -> Sample:
        self.proxy.clear()
        process = run_process(argv, env=env, cwd=self.workspace)
        calls = Counter(call.operation for call in self.proxy.calls)
        if process.returncode != 0:
            raise RunFailedError(
                f"{what} exited with {process.returncode}:\n"
                f"{process.stdout[-3000:]}\n{process.stderr[-3000:]}"
            )
        return Sample(process, calls, counted)

    def registrar(
        self,
        group: str,
        *,
        created: bool,
        sha: str | None = None,
        counted: bool = False,
    ) -> Sample:
        """Run entrypoint.py; check that it created (or reused) a version."""
        argv, env = scenario.registrar_command(
            self.workspace,
            group,
            self.endpoint(counted),
            variables={"GITHUB_SHA": sha} if sha else None,
        )
        sample = self._run(argv, env, f"registrar for group {group}", counted)
        outputs = parse_github_output(Path(env["GITHUB_OUTPUT"]).read_text())
        expected = "true" if created else "false"
        if outputs.get("created") != expected or not outputs.get("model-card-arn"):
            raise RunFailedError(
                f"registrar for group {group}: expected created={expected} and a "
                f"card, got outputs {outputs}"
            )
        return sample

    def dry_run(self, group: str) -> Sample:
        """Run entrypoint.py with dry-run on: validation only, no AWS call."""
        argv, env = scenario.registrar_command(
            self.workspace,
            group,
            self.moto_endpoint,
            inputs={"dry-run": "true"},
            # The plan file goes to RUNNER_TEMP, inside the benchmark's temp dir.
            variables={"RUNNER_TEMP": str(self.workspace.parent)},
        )
        sample = self._run(argv, env, f"registrar dry run for group {group}", False)
        outputs = parse_github_output(Path(env["GITHUB_OUTPUT"]).read_text())
        if not outputs.get("plan-file"):
            raise RunFailedError(f"dry run gave no plan-file output: {outputs}")
        return sample

    def snippet(self, python: Path, code: str) -> Sample:
        """Run `python -c code` in the scripts' environment and time it."""
        env = scenario.script_environment(self.moto_endpoint, self.workspace.parent)
        return self._run([str(python), "-c", code], env, f"python -c {code!r}", False)

    def script(
        self, python: Path, script: str, group: str, *, counted: bool = False
    ) -> Sample:
        """Run the SDK or boto3 script; check that it printed both ARNs."""
        endpoint = self.endpoint(counted)
        job = scenario.write_job(self.workspace, group, endpoint)
        argv, env = scenario.script_command(python, script, job, endpoint)
        sample = self._run(argv, env, f"{script} for group {group}", counted)
        lines = sample.process.stdout.strip().splitlines()
        result = json.loads(lines[-1]) if lines else {}
        if not result.get("package_arn") or not result.get("card_arn"):
            raise RunFailedError(f"{script} printed no ARNs:\n{sample.process.stdout}")
        stubbed = result.get("stubbed_calls", {}).get("Search", 0)
        if stubbed:
            sample.calls[STUBBED_SEARCH] += stubbed
        return sample

    def baseline(self, group: str, *, counted: bool = False) -> Sample:
        """Run the three-call boto3 script with this interpreter."""
        return self.script(
            Path(sys.executable), "boto3_register.py", group, counted=counted
        )


def call_latency_ms(endpoint: str, count: int = 20) -> float:
    """Return the median milliseconds of DescribeModelPackageGroup at `endpoint`."""
    import boto3

    client = boto3.client("sagemaker", region_name=REGION, endpoint_url=endpoint)
    client.create_model_package_group(ModelPackageGroupName="latency-probe")
    durations = []
    for _ in range(count):
        start = time.perf_counter()
        client.describe_model_package_group(ModelPackageGroupName="latency-probe")
        durations.append((time.perf_counter() - start) * 1000)
    return statistics.median(durations)
