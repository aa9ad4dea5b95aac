"""Tests for the fault-injecting proxy, with boto3 talking to a real moto server."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError

from tools.emulator import REGION, emulator, reset_emulator
from tools.faultproxy import Fault, FaultProxy

GROUP = "fer-models"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fer:1.4.0"
MODEL_DATA_URL = "s3://fer-artifacts/models/model.tar.gz"


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    """Return the endpoint of a moto server that this module shares."""
    with emulator() as endpoint:
        yield endpoint


@pytest.fixture
def proxy(upstream: str) -> Iterator[FaultProxy]:
    """Return a running proxy in front of the emptied moto server."""
    reset_emulator(upstream)
    with FaultProxy(upstream) as running:
        yield running


@pytest.fixture
def make_client(proxy: FaultProxy) -> Iterator[Any]:
    """Return a factory of SageMaker clients for the proxy, closed after the test."""
    clients: list[Any] = []

    def make(attempts: int = 3, endpoint: str = "") -> Any:
        # botocore's "max_attempts" counts retries only, while
        # "total_max_attempts" also counts the first attempt.
        config = Config(retries={"mode": "standard", "total_max_attempts": attempts})
        client = boto3.client(
            "sagemaker",
            region_name=REGION,
            endpoint_url=endpoint or proxy.endpoint,
            config=config,
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def sagemaker(make_client: Any) -> Any:
    """Return a SageMaker client for the proxy, with 3 attempts per call."""
    return make_client()


def create_group(client: Any, description: str = "original") -> str:
    """Create the test group through `client` and return its ARN."""
    response = client.create_model_package_group(
        ModelPackageGroupName=GROUP,
        ModelPackageGroupDescription=description,
        Tags=[{"Key": "team", "Value": "vision"}],
    )
    return str(response["ModelPackageGroupArn"])


def create_package(client: Any, **extra: Any) -> str:
    """Register a version in the test group and return its ARN."""
    response = client.create_model_package(
        ModelPackageGroupName=GROUP,
        ModelApprovalStatus="PendingManualApproval",
        InferenceSpecification={
            "Containers": [{"Image": IMAGE, "ModelDataUrl": MODEL_DATA_URL}],
            "SupportedContentTypes": ["application/json"],
            "SupportedResponseMIMETypes": ["application/json"],
        },
        **extra,
    )
    return str(response["ModelPackageArn"])


def list_versions(client: Any) -> list[str]:
    """Return the ARNs of the versions in the test group."""
    response = client.list_model_packages(ModelPackageGroupName=GROUP)
    return [item["ModelPackageArn"] for item in response["ModelPackageSummaryList"]]


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> dict[str, Any]:
    """Return the parsed error of a ClientError."""
    return dict(excinfo.value.response["Error"])


def status_of(excinfo: pytest.ExceptionInfo[ClientError]) -> int:
    """Return the HTTP status of a ClientError."""
    return int(excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"])


def closed_port() -> int:
    """Return a port of 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_passthrough_create_describe(proxy: FaultProxy, sagemaker: Any) -> None:
    arn = create_group(sagemaker)
    described = sagemaker.describe_model_package_group(ModelPackageGroupName=GROUP)

    assert arn.endswith(f":model-package-group/{GROUP}")
    assert described["ModelPackageGroupDescription"] == "original"
    assert proxy.count("CreateModelPackageGroup") == 1
    assert proxy.count("DescribeModelPackageGroup") == 1
    assert not any(call.faulted for call in proxy.calls)
    assert all(call.status == 200 for call in proxy.calls)


def test_throttle_twice_then_success(proxy: FaultProxy, make_client: Any) -> None:
    proxy.add(Fault("CreateModelPackageGroup", "throttle", times=2))

    response = make_client(attempts=5).create_model_package_group(
        ModelPackageGroupName=GROUP
    )

    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert proxy.count("CreateModelPackageGroup") == 3
    assert [call.fault for call in proxy.calls] == ["throttle", "throttle", None]


def test_throttle_single_attempt(proxy: FaultProxy, make_client: Any) -> None:
    proxy.add(Fault("CreateModelPackageGroup", "throttle"))

    with pytest.raises(ClientError, match="ThrottlingException") as excinfo:
        make_client(attempts=1).create_model_package_group(ModelPackageGroupName=GROUP)

    assert error_of(excinfo)["Code"] == "ThrottlingException"
    assert error_of(excinfo)["Message"] == "Rate exceeded"
    assert status_of(excinfo) == 400
    assert proxy.count("CreateModelPackageGroup") == 1


def test_throttle_reply_headers(proxy: FaultProxy, make_client: Any) -> None:
    proxy.add(Fault("ListModelPackageGroups", "throttle"))

    with pytest.raises(ClientError, match="Rate exceeded") as excinfo:
        make_client(attempts=1).list_model_package_groups()

    headers = excinfo.value.response["ResponseMetadata"]["HTTPHeaders"]
    request_id = excinfo.value.response["ResponseMetadata"]["RequestId"]
    assert headers["content-type"] == "application/x-amz-json-1.1"
    assert str(uuid.UUID(request_id)) == request_id


@pytest.mark.parametrize(("kind", "status"), [("http500", 500), ("http503", 503)])
def test_server_error_retried(
    proxy: FaultProxy, sagemaker: Any, kind: str, status: int
) -> None:
    proxy.add(Fault("CreateModelPackageGroup", kind))

    create_group(sagemaker)

    first, second = proxy.calls
    assert first.status == status
    assert first.fault == kind
    assert second.status == 200
    assert proxy.count("CreateModelPackageGroup") == 2


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [("http500", 500, "InternalFailure"), ("http503", 503, "ServiceUnavailable")],
)
def test_server_error_code(
    proxy: FaultProxy, make_client: Any, kind: str, status: int, code: str
) -> None:
    proxy.add(Fault("ListModelPackageGroups", kind))

    with pytest.raises(ClientError, match=code) as excinfo:
        make_client(attempts=1).list_model_package_groups()

    assert error_of(excinfo)["Code"] == code
    assert status_of(excinfo) == status


def test_drop_retried(proxy: FaultProxy, sagemaker: Any) -> None:
    proxy.add(Fault("CreateModelPackageGroup", "drop"))

    create_group(sagemaker)

    first, second = proxy.calls
    assert first.status is None
    assert first.forwarded is False
    assert second.status == 200
    assert second.forwarded is True


def test_drop_single_attempt(proxy: FaultProxy, make_client: Any) -> None:
    proxy.add(Fault("ListModelPackageGroups", "drop"))

    with pytest.raises(ConnectionClosedError, match="Connection was closed"):
        make_client(attempts=1).list_model_package_groups()

    assert proxy.count("ListModelPackageGroups") == 1


def test_drop_response_replays_token(proxy: FaultProxy, sagemaker: Any) -> None:
    create_group(sagemaker)
    proxy.add(Fault("CreateModelPackage", "drop-response"))

    arn = create_package(sagemaker)

    first, second = proxy.calls[-2:]
    assert first.forwarded is True
    assert first.status is None
    assert second.forwarded is False
    assert list_versions(sagemaker) == [arn]


def test_drop_response_behaviour_off(proxy: FaultProxy, sagemaker: Any) -> None:
    proxy.service_behaviour = False
    create_group(sagemaker)
    proxy.add(Fault("CreateModelPackage", "drop-response"))

    create_package(sagemaker)

    assert len(list_versions(sagemaker)) == 2


def test_delay_forwards(proxy: FaultProxy, sagemaker: Any) -> None:
    proxy.add(Fault("CreateModelPackageGroup", "delay", delay_seconds=0.3))

    started = time.monotonic()
    create_group(sagemaker)
    elapsed = time.monotonic() - started

    assert elapsed >= 0.3
    assert proxy.calls[0].fault == "delay"
    assert proxy.calls[0].forwarded is True
    assert proxy.count("CreateModelPackageGroup") == 1


def test_access_denied(proxy: FaultProxy, sagemaker: Any) -> None:
    proxy.add(Fault("CreateModelCard", "access-denied"))

    with pytest.raises(ClientError, match="not authorized") as excinfo:
        sagemaker.create_model_card(
            ModelCardName="fer-card", Content="{}", ModelCardStatus="Draft"
        )

    message = error_of(excinfo)["Message"]
    assert error_of(excinfo)["Code"] == "AccessDeniedException"
    assert status_of(excinfo) == 400
    assert message.startswith("User: arn:aws:sts::123456789012:assumed-role/ci/")
    assert "perform: sagemaker:CreateModelCard on resource: " in message
    assert message.endswith("allows the sagemaker:CreateModelCard action")
    assert ":model-card/fer-card " in message
    assert proxy.count("CreateModelCard") == 1


def test_error_kind(proxy: FaultProxy, sagemaker: Any) -> None:
    proxy.add(
        Fault(
            "CreateModelPackageGroup",
            "error",
            code="ResourceLimitExceeded",
            message="The account-level limit on model package groups is reached.",
        )
    )

    with pytest.raises(ClientError, match="limit on model package groups") as excinfo:
        create_group(sagemaker)

    assert error_of(excinfo)["Code"] == "ResourceLimitExceeded"
    assert status_of(excinfo) == 400
    assert proxy.count("CreateModelPackageGroup") == 1


def test_times_and_after(proxy: FaultProxy, make_client: Any) -> None:
    client = make_client(attempts=1)
    proxy.add(Fault("ListModelPackageGroups", "http500", after=1, times=2))

    client.list_model_package_groups()
    for _ in range(2):
        with pytest.raises(ClientError, match="InternalFailure"):
            client.list_model_package_groups()
    client.list_model_package_groups()

    statuses = [call.status for call in proxy.calls]
    assert statuses == [200, 500, 500, 200]


def test_wildcard_operation(proxy: FaultProxy, make_client: Any) -> None:
    client = make_client(attempts=1)
    proxy.add(Fault("*", "http503", times=2))

    with pytest.raises(ClientError, match="ServiceUnavailable"):
        client.list_model_package_groups()
    with pytest.raises(ClientError, match="ServiceUnavailable"):
        client.list_model_cards()

    assert client.list_model_package_groups()["ModelPackageGroupSummaryList"] == []


def test_first_matching_fault_wins(proxy: FaultProxy, make_client: Any) -> None:
    client = make_client(attempts=1)
    proxy.add(Fault("ListModelCards", "throttle"))
    proxy.add(Fault("ListModelCards", "http500", times=2))

    with pytest.raises(ClientError, match="ThrottlingException"):
        client.list_model_cards()
    with pytest.raises(ClientError, match="InternalFailure"):
        client.list_model_cards()
    client.list_model_cards()

    assert [call.fault for call in proxy.calls] == ["throttle", "http500", None]


def test_clear_removes_faults(proxy: FaultProxy, sagemaker: Any) -> None:
    proxy.add(Fault("*", "access-denied", times=10))
    proxy.clear()

    create_group(sagemaker)

    assert proxy.calls[0].faulted is False


def test_duplicate_group_rejected(proxy: FaultProxy, sagemaker: Any) -> None:
    arn = create_group(sagemaker, "original")

    with pytest.raises(ClientError, match="already exists") as excinfo:
        create_group(sagemaker, "replacement")

    described = sagemaker.describe_model_package_group(ModelPackageGroupName=GROUP)
    tags = sagemaker.list_tags(ResourceArn=arn)["Tags"]
    assert error_of(excinfo)["Code"] == "ValidationException"
    assert "Model Package Group already exists" in error_of(excinfo)["Message"]
    assert status_of(excinfo) == 400
    assert described["ModelPackageGroupDescription"] == "original"
    assert tags == [{"Key": "team", "Value": "vision"}]
    assert [call.forwarded for call in proxy.calls[:2]] == [True, False]


def test_duplicate_group_behaviour_off(proxy: FaultProxy, sagemaker: Any) -> None:
    proxy.service_behaviour = False
    create_group(sagemaker, "original")

    create_group(sagemaker, "replacement")

    assert proxy.count("CreateModelPackageGroup") == 2
    assert all(call.forwarded for call in proxy.calls)


def test_concurrent_duplicate_groups(proxy: FaultProxy, make_client: Any) -> None:
    clients = [make_client(attempts=1) for _ in range(8)]
    barrier = threading.Barrier(len(clients))
    outcomes: list[str] = []
    outcomes_lock = threading.Lock()

    def create(client: Any) -> None:
        barrier.wait()
        try:
            create_group(client)
            outcome = "created"
        except ClientError as error:
            outcome = error.response["Error"]["Code"]
        with outcomes_lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=create, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    forwarded = [call for call in proxy.calls if call.forwarded]
    assert outcomes.count("created") == 1
    assert outcomes.count("ValidationException") == 7
    assert len(forwarded) == 1


def test_client_token_replayed(proxy: FaultProxy, sagemaker: Any) -> None:
    create_group(sagemaker)
    token = "2b0c61d4-9a77-5c1e-8f0a-3c9d1e6b7a55"

    first = create_package(sagemaker, ClientToken=token)
    second = create_package(sagemaker, ClientToken=token)

    assert second == first
    assert list_versions(sagemaker) == [first]
    assert [call.forwarded for call in proxy.calls[-3:-1]] == [True, False]


def test_client_token_other_request(proxy: FaultProxy, sagemaker: Any) -> None:
    create_group(sagemaker)
    token = "2b0c61d4-9a77-5c1e-8f0a-3c9d1e6b7a55"

    first = create_package(sagemaker, ClientToken=token)
    second = create_package(
        sagemaker, ClientToken=token, ModelPackageDescription="retrained"
    )

    assert second != first
    assert len(list_versions(sagemaker)) == 2


def test_new_token_new_version(proxy: FaultProxy, sagemaker: Any) -> None:
    create_group(sagemaker)

    create_package(sagemaker)
    create_package(sagemaker)

    assert len(list_versions(sagemaker)) == 2


def test_s3_passthrough(proxy: FaultProxy) -> None:
    proxy.add(Fault("*", "drop", times=10))
    s3 = boto3.client("s3", region_name=REGION, endpoint_url=proxy.endpoint)
    try:
        s3.create_bucket(Bucket="fer-artifacts")
        s3.put_object(Bucket="fer-artifacts", Key="models/m.tar.gz", Body=b"x" * 2048)
        head = s3.head_object(Bucket="fer-artifacts", Key="models/m.tar.gz")
        body = s3.get_object(Bucket="fer-artifacts", Key="models/m.tar.gz")["Body"]
        content = body.read()
    finally:
        s3.close()

    operations = [call.operation for call in proxy.calls]
    assert head["ContentLength"] == 2048
    assert content == b"x" * 2048
    assert "s3:PUT /fer-artifacts/models/m.tar.gz" in operations
    assert not any(call.faulted for call in proxy.calls)


def test_upstream_down_gives_502(make_client: Any) -> None:
    with FaultProxy(f"http://127.0.0.1:{closed_port()}") as broken:
        client = make_client(attempts=1, endpoint=broken.endpoint)
        with pytest.raises(ClientError, match="BadGateway") as excinfo:
            client.list_model_package_groups()

    assert status_of(excinfo) == 502
    assert broken.calls[0].forwarded is False


def test_stop_closes_listener(upstream: str) -> None:
    proxy = FaultProxy(upstream)
    port = int(proxy.start().rsplit(":", 1)[1])
    proxy.stop()
    proxy.stop()

    with socket.socket() as probe:
        result = probe.connect_ex(("127.0.0.1", port))

    assert result != 0


def test_start_twice_rejected(proxy: FaultProxy) -> None:
    with pytest.raises(RuntimeError, match="already running"):
        proxy.start()


def test_non_loopback_upstream_rejected() -> None:
    with pytest.raises(ValueError, match="not a loopback address"):
        FaultProxy("http://10.0.0.5:5000")


def test_https_upstream_rejected() -> None:
    with pytest.raises(ValueError, match="invalid upstream"):
        FaultProxy("https://127.0.0.1:5000")


@pytest.mark.parametrize(
    ("fields", "match"),
    [
        ({"kind": "explode"}, "invalid fault kind"),
        ({"kind": "error"}, "needs an AWS error code"),
        ({"kind": "throttle", "times": 0}, "times must be at least 1"),
        ({"kind": "throttle", "after": -1}, "after must not be negative"),
        ({"kind": "delay", "delay_seconds": -1}, "delay_seconds must not be"),
        ({"kind": "error", "code": "X", "status": 200}, "status must be 400 to 599"),
    ],
)
def test_fault_validation(fields: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Fault("CreateModelPackage", **fields)
