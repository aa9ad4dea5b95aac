"""Benchmark the registrar against the SageMaker SDK v2 and a plain boto3 script.

Each contender registers the FER+ example (examples/fer-mobilenetv2) as a
child process against one moto server on 127.0.0.1. The report is written to
docs/benchmarks.md, or to the --output path. `make bench` runs this with no
flags.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "tests" / "netguard"))

from loopback_only import install as install_loopback_guard  # noqa: E402

install_loopback_guard()

import installed  # noqa: E402
import machine  # noqa: E402
import report  # noqa: E402
from growth import GrowthResult, measure_size  # noqa: E402
from runs import (  # noqa: E402
    BOTO3_CLIENT_CODE,
    SDK_IMPORT_CODE,
    Comparison,
    Runner,
    Sample,
    call_latency_ms,
)

from tools.emulator import FAKE_CREDENTIALS, emulator  # noqa: E402
from tools.faultproxy import FaultProxy  # noqa: E402

DEFAULT_OUTPUT = REPO_ROOT / "docs" / "benchmarks.md"
DEFAULT_SIZES = "10,100,1000,5000"


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=7, help="timed runs per figure (default 7)"
    )
    parser.add_argument(
        "--warmup", type=int, default=1, help="untimed rounds first (default 1)"
    )
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help=f"group sizes, in versions, comma-separated (default {DEFAULT_SIZES})",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="one run each and group size 10; creates no venv (a quick check)",
    )
    parser.add_argument(
        "--skip-sdk", action="store_true", help="do not measure the SageMaker SDK"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="Markdown report to write (default docs/benchmarks.md)",
    )
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Return the command-line options, with --smoke applied and sizes parsed."""
    parser = build_parser()
    options = parser.parse_args(argv)
    if options.smoke:
        options.runs, options.warmup, options.sizes = 1, 0, "10"

    try:
        options.size_list = [int(size) for size in options.sizes.split(",")]
    except ValueError:
        parser.error(f"--sizes: invalid list {options.sizes!r}; use e.g. 10,100")
    if options.runs < 1 or options.warmup < 0 or min(options.size_list) < 1:
        parser.error("--runs and every size must be at least 1, --warmup at least 0")
    return options


def use_fake_credentials() -> None:
    """Drop this process's AWS variables and use fake credentials."""
    for key in list(os.environ):
        if key.startswith("AWS_"):
            del os.environ[key]
    os.environ.update(FAKE_CREDENTIALS)
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


def run_round(
    runner: Runner, sdk_python: Path | None, label: str, counted: bool
) -> dict[str, Sample]:
    """Register the example once with each contender, each in a new group."""
    samples = {
        "registrar": runner.registrar(
            f"fer-registrar-{label}", created=True, counted=counted
        ),
        "boto3": runner.baseline(f"fer-boto3-{label}", counted=counted),
    }
    if sdk_python is not None:
        samples["sdk"] = runner.script(
            sdk_python, "sdk_register.py", f"fer-sdk-{label}", counted=counted
        )
    if not counted:
        samples["dry-run"] = runner.dry_run(f"fer-dry-run-{label}")
        samples["boto3-client"] = runner.snippet(
            Path(sys.executable), BOTO3_CLIENT_CODE
        )
        if sdk_python is not None:
            samples["sdk-import"] = runner.snippet(sdk_python, SDK_IMPORT_CODE)
    return samples


def compare(
    runner: Runner, sdk_python: Path | None, runs: int, warmup: int
) -> Comparison:
    """Time every contender round after round, then count each one's calls."""
    comparison = Comparison()
    for index in range(warmup + runs):
        runner.reset()
        samples = run_round(runner, sdk_python, str(index), counted=False)
        if index >= warmup:
            for name, sample in samples.items():
                comparison.timed[name].append(sample)
        print(f"round {index + 1} of {warmup + runs} done", file=sys.stderr)
    runner.reset()
    comparison.counted = run_round(runner, sdk_python, "counted", counted=True)
    return comparison


def sdk_skip_reason(options: argparse.Namespace, sdk_venv: Path | None) -> str | None:
    """Return why the SDK was not measured, or None when it was."""
    if sdk_venv is not None:
        return None
    if options.skip_sdk:
        return "--skip-sdk was given"
    if options.smoke:
        return (
            "bench/.venv-sdk is missing or has no sagemaker, and --smoke "
            "creates no venv"
        )
    return "creating bench/.venv-sdk failed (pip's error is on standard error)"


def measure_sizes(options: argparse.Namespace, sdk_venv: Path | None) -> report.Sizes:
    """Measure each contender's installed run-time dependencies."""
    return report.Sizes(
        registrar=installed.registrar_size(fresh_venv=not options.smoke),
        sdk=installed.sdk_size(sdk_venv) if sdk_venv else None,
        baseline=installed.boto3_size(),
        registrar_code_bytes=installed.registrar_code_bytes(),
    )


def measure_runs(
    options: argparse.Namespace, sdk_python: Path | None
) -> tuple[Comparison, list[GrowthResult], float, float]:
    """Run every contender on a new emulator.

    Returns the comparison, the group-size results, and the median latency of
    one call direct to moto and through the proxy, in milliseconds.
    """
    with (
        tempfile.TemporaryDirectory(prefix="registrar-bench-") as temp,
        emulator() as moto_endpoint,
        FaultProxy(moto_endpoint, service_behaviour=False) as proxy,
    ):
        runner = Runner(moto_endpoint, proxy, Path(temp))
        comparison = compare(runner, sdk_python, options.runs, options.warmup)

        growth = []
        for size in options.size_list:
            growth.append(measure_size(runner, size, options.runs, options.warmup))
            print(f"group size {size} done", file=sys.stderr)

        runner.reset()
        direct_ms = call_latency_ms(moto_endpoint)
        runner.reset()
        proxied_ms = call_latency_ms(proxy.endpoint)
    return comparison, growth, direct_ms, proxied_ms


def main(argv: list[str]) -> int:
    """Run the benchmark and write the report."""
    options = parse_args(argv)
    started = time.monotonic()
    revision = machine.registrar_revision()
    use_fake_credentials()

    sdk_venv = None
    if not options.skip_sdk:
        sdk_venv = installed.ensure_sdk_venv(create=not options.smoke)
    sdk_python = installed.venv_python(sdk_venv) if sdk_venv else None
    sizes = measure_sizes(options, sdk_venv)
    comparison, growth, direct_ms, proxied_ms = measure_runs(options, sdk_python)

    results = report.Results(
        options=options,
        argv=argv,
        comparison=comparison,
        growth=growth,
        sizes=sizes,
        revision=revision,
        direct_call_ms=direct_ms,
        proxied_call_ms=proxied_ms,
        sdk_skipped_reason=sdk_skip_reason(options, sdk_venv),
        total_seconds=time.monotonic() - started,
    )
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(report.render(results))
    print(f"wrote {options.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
