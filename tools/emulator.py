"""A local SageMaker and S3 emulator and the GitHub runner's environment, for the
demo, the tests and the benchmark.

The emulator is moto in server mode on 127.0.0.1, reached over real HTTP with
fake credentials. Nothing here talks to AWS.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import subprocess
import sys
import tarfile
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from registrar.outputs import parse_outputs as parse_github_output

__all__ = ["parse_github_output"]

REPO_ROOT = Path(__file__).resolve().parent.parent
ENTRYPOINT = REPO_ROOT / "entrypoint.py"
REGION = "us-east-1"
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
}


@contextmanager
def emulator() -> Iterator[str]:
    """Run a moto server on a free port of 127.0.0.1; yield its endpoint URL."""
    from moto.server import ThreadedMotoServer

    # werkzeug logs every request to stderr; keep only its errors.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def reset_emulator(endpoint: str) -> None:
    """Drop every resource the emulator holds."""
    request = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")
    with urllib.request.urlopen(request, timeout=10):
        pass


def pack_model(model_dir: Path) -> bytes:
    """Return `model_dir` as a model.tar.gz, files at the archive's root."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path in sorted(model_dir.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.add(path, arcname=str(path.relative_to(model_dir)))
    return buffer.getvalue()


def upload_object(endpoint: str, uri: str, body: bytes) -> None:
    """Create the bucket of an s3:// URI if needed and put `body` there."""
    import boto3

    bucket, _, key = uri.removeprefix("s3://").partition("/")
    client = boto3.client("s3", region_name=REGION, endpoint_url=endpoint)
    existing = [item["Name"] for item in client.list_buckets().get("Buckets", [])]
    if bucket not in existing:
        client.create_bucket(Bucket=bucket)
    client.put_object(Bucket=bucket, Key=key, Body=body)


def push_image(endpoint: str, image_uri: str, content: str = "") -> str:
    """Tag an image in the emulated ECR repository of `image_uri`; return its digest.

    The manifest's layer is derived from `content`, so different content gives
    a different digest, as pushing a rebuilt image would.
    """
    import boto3

    repository, _, tag = image_uri.partition("/")[2].partition(":")
    client = boto3.client("ecr", region_name=REGION, endpoint_url=endpoint)
    names = [
        repo["repositoryName"]
        for repo in client.describe_repositories().get("repositories", [])
    ]
    if repository not in names:
        client.create_repository(repositoryName=repository)
    layer = "sha256:" + hashlib.sha256(f"{image_uri}|{content}".encode()).hexdigest()
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": 1024,
            "digest": layer,
        },
        "layers": [
            {
                "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size": 2048,
                "digest": layer,
            }
        ],
    }
    response = client.put_image(
        repositoryName=repository, imageManifest=json.dumps(manifest), imageTag=tag
    )
    return str(response["image"]["imageId"]["imageDigest"])


def runner_environment(
    inputs: Mapping[str, str],
    workspace: Path,
    *,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Return the environment the runner gives a Docker action's container.

    Inputs become `INPUT_<NAME>` with hyphens kept, the file commands get
    files in `workspace`'s parent, and the credentials are fake. Variables of
    this process that could reach real AWS are not passed on.
    """
    files = workspace.parent
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "INPUT_", "GITHUB_", "RUNNER_"))
    }
    env.update(FAKE_CREDENTIALS)
    env.update(
        {
            "AWS_REGION": REGION,
            "AWS_EC2_METADATA_DISABLED": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_OUTPUT": str(files / "github_output"),
            "GITHUB_STEP_SUMMARY": str(files / "step_summary.md"),
            "GITHUB_REPOSITORY": "example-org/fer-models",
            "GITHUB_SHA": "4f9c2b7d8e1a6c3b5d7f9e2a4c6b8d0e1f3a5c7b",
            "GITHUB_REF": "refs/tags/v1.4.0",
            "GITHUB_RUN_ID": "1234567890",
            "GITHUB_RUN_ATTEMPT": "1",
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_ACTOR": "octocat",
        }
    )
    for name, value in inputs.items():
        env[f"INPUT_{name.upper()}"] = value
    env.update(extra or {})
    return env


def run_entrypoint(
    env: Mapping[str, str], workspace: Path, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run `entrypoint.py` as the container would: a new process in the workspace."""
    return subprocess.run(
        [sys.executable, str(ENTRYPOINT)],
        cwd=workspace,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def describe_everything(endpoint: str) -> dict[str, list[str]]:
    """Return the names of every group, versioned package and card in the emulator."""
    import boto3

    client = boto3.client("sagemaker", region_name=REGION, endpoint_url=endpoint)
    groups = client.list_model_package_groups()["ModelPackageGroupSummaryList"]
    packages = client.list_model_packages(ModelPackageType="Versioned")[
        "ModelPackageSummaryList"
    ]
    cards = client.list_model_cards()["ModelCardSummaries"]
    return {
        "groups": [group["ModelPackageGroupName"] for group in groups],
        "packages": [package["ModelPackageArn"] for package in packages],
        "cards": [card["ModelCardName"] for card in cards],
    }


def to_json(value: object) -> str:
    """Return `value` as indented JSON for printing."""
    return json.dumps(value, indent=2, sort_keys=True, default=str)
