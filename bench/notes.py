"""The fixed text of the benchmark page: setup, method and caveats."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runs import operation_name

if TYPE_CHECKING:
    from report import Results

MB = 1_000_000

GROWTH = [
    "The group is filled directly through boto3 with N − 1 versions that carry",
    "other idempotency keys, then the registrar registers the example as",
    "version N. The re-runs repeat that registration with the same inputs",
    "while the group contains exactly N versions. Their own version is the",
    "newest, as when a failed or cancelled workflow is re-run soon after. New",
    "registrations (a new commit each) follow: the counted one finds N",
    "versions, the timed ones N + 1 to N + runs. Filling the group is not part",
    "of any figure. The ListModelPackages column is the median of 10 calls",
    "from the benchmark process straight to moto while the group contains N",
    "versions, each the first page that the fallback lookup reads.",
    "",
    "Had the re-run's version been older than the 100 newest, the fallback",
    "lookup would not have found it, and the re-run would have registered a",
    "second version (`FALLBACK_SCAN_LIMIT` in registrar/registry.py).",
]


def other_services(results: Results) -> str:
    """Return which calls to services other than SageMaker the counted runs made."""
    samples = list(results.comparison.counted.values())
    for result in results.growth:
        samples += [result.rerun_counted, result.new_counted]
    # The proxy names SageMaker calls by operation, others as "service:...".
    others = sorted(
        {operation_name(op) for sample in samples for op in sample.calls if ":" in op}
    )
    if not others:
        return "no contender called any service but SageMaker"
    listed = ", ".join(others[:-1]) + " and " if len(others) > 1 else ""
    return f"the only calls to other services were {listed}{others[-1]}"


def method(results: Results) -> list[str]:
    """Return the notes on how each figure was measured."""
    sizes = results.sizes
    return [
        "## Method and caveats",
        "",
        "- Contenders. The registrar is `entrypoint.py` with the environment "
        "the runner gives a Docker action (`runner_environment` in "
        "tools/emulator.py). bench/sdk_register.py registers with "
        "`sagemaker.model.Model.register` and creates a `ModelCard` linked "
        "through `ModelPackage.from_model_package_arn`, with the metrics as "
        "evaluation details. bench/boto3_register.py makes three boto3 calls "
        "with no check. All three get the same model, image, types, card "
        "sections, metrics, tags and customer metadata, and all run with the "
        "Python of the project's .venv or of bench/.venv-sdk, same version.",
        "- What differs in the result. The registrar also records where the "
        "model came from (commit, repository, workflow run) and an idempotency "
        "key, checks the card against SageMaker's schema, and waits until the "
        "group and the version are Completed. `Model.register` creates the "
        "group without description or tags, and `ModelCard.create` takes no "
        "tags. The boto3 script checks nothing; on the real service its second "
        "run fails, because the group exists (moto accepts it).",
        "- Time and memory. Each contender runs as its own process, started "
        "through bench/spawn.py, which times it from posix_spawn to wait4 and "
        "reads its peak RSS (`ru_maxrss`) from wait4's rusage. The small "
        "wrapper is needed because Linux keeps the forking process's peak RSS "
        "across exec: a contender forked straight from the benchmark process, "
        "which holds moto, would report the benchmark's peak as its own.",
        "- API calls. Counted in one more run of each contender through "
        "tools/faultproxy.py (no faults, `service_behaviour` off), which sees "
        f"every service's calls; {other_services(results)}. The timed runs talk "
        "to moto directly, because that proxy slows every call: a "
        "DescribeModelPackageGroup from the benchmark process took "
        f"{results.direct_call_ms:.1f} ms direct and "
        f"{results.proxied_call_ms:.1f} ms through the proxy (median of 20). "
        "Setting TCP_NODELAY on the proxy's accepted sockets, tried by hand, "
        "removed the delay: the handler sends the headers and the body in "
        "separate writes, so Nagle's algorithm holds the body back until the "
        "client's delayed ACK.",
        "- The SDK on moto. moto has no Search over model cards, and the SDK "
        "makes two (`from_model_package_arn` checks that no card documents the "
        "version yet, and `ModelCard` looks up the group's newest card to copy "
        "sections from). A stub in the script returns no results for both, and "
        "they count as calls. Its Search over model package groups (in `register`) "
        "and over training jobs (while linking the card) reach moto. "
        "`training_details` is set after the card is linked, because sagemaker "
        "2.257.7 raises AttributeError when it is given up front and no "
        "training job is found.",
        "- Network. Every contender runs with tests/netguard on PYTHONPATH, "
        "which rejects connections to any host that is not loopback; the two "
        "scripts also install an audit hook that fails the run if anything "
        "tried. AWS_ENDPOINT_URL sends the SDK's other clients (S3, STS, "
        "runtime) to the emulator too. The SDK's defaults config is given "
        "inline with TelemetryOptOut set, so the SDK sends no usage reports. "
        "`import sagemaker` still reads /etc/xdg/sagemaker/config.yaml and "
        "~/.config/sagemaker/config.yaml when it builds its default session; "
        "SAGEMAKER_* variables are cleared, so it fetches no config from S3.",
        "- Installed size. The sum of the files each distribution's RECORD "
        "lists (with the bytecode pip compiles at install), pip and setuptools "
        f"left out. Registrar: {sizes.registrar.source}. SDK: "
        f"{sizes.sdk.source if sizes.sdk else 'not measured'}. boto3 script: "
        "boto3, botocore, s3transfer, jmespath, python-dateutil, urllib3 and "
        f"six from {sizes.baseline.source}.",
        "- moto is not SageMaker. Calls on moto take a few milliseconds and "
        "have no network round trip, so each extra call costs more on the real "
        "service than these times show. The call counts of the Search path "
        "above are read from registrar/registration.py and registrar/registry.py, "
        "not measured; they also need a role allowed sagemaker:Search.",
    ]
