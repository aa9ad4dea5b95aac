"""Shared fixtures: no real AWS, a loopback-only network, and one moto server.

Every test runs with fake credentials and no INPUT_, GITHUB_ or AWS_ variables
from the outer environment. Any connection to a host that is not loopback
fails, in this process and in the subprocesses the tests start.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
NETGUARD_DIR = TESTS_DIR / "netguard"

sys.path.insert(0, str(NETGUARD_DIR))
from loopback_only import install  # noqa: E402

install()

from tools.emulator import (  # noqa: E402
    FAKE_CREDENTIALS,
    REGION,
    emulator,
    reset_emulator,
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remove the outer AWS, INPUT_ and GITHUB_ variables; set fake credentials."""
    for key in list(os.environ):
        if key.startswith(("AWS_", "INPUT_", "GITHUB_", "RUNNER_")):
            monkeypatch.delenv(key)
    for key, value in FAKE_CREDENTIALS.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """Return the endpoint of one moto server that lives for the whole run."""
    with emulator() as endpoint:
        yield endpoint


@pytest.fixture
def endpoint(moto_endpoint: str) -> str:
    """Return the moto server's endpoint, emptied before the test."""
    reset_emulator(moto_endpoint)
    return moto_endpoint


@pytest.fixture
def sagemaker(endpoint: str) -> Any:
    """Return a boto3 SageMaker client for the emptied moto server."""
    import boto3

    return boto3.client("sagemaker", region_name=REGION, endpoint_url=endpoint)


@pytest.fixture
def s3(endpoint: str) -> Any:
    """Return a boto3 S3 client for the emptied moto server."""
    import boto3

    return boto3.client("s3", region_name=REGION, endpoint_url=endpoint)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """Return an empty workspace directory, as the runner mounts one."""
    path = tmp_path / "workspace"
    path.mkdir()
    return path


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Return a spy on the requests of the clients the registrar makes."""
    from registrar import registration
    from tests.spy import RequestSpy

    recorder = RequestSpy()
    make_client = registration.make_client
    monkeypatch.setattr(
        registration,
        "make_client",
        lambda settings: recorder.attach_to(make_client(settings)),
    )
    return recorder
