"""A fault-injecting HTTP proxy between boto3 and the moto server.

Tests point a boto3 client at the proxy, and the proxy forwards each request to
moto over real sockets on 127.0.0.1. A test adds `Fault`s to make chosen
SageMaker operations fail the way AWS fails: throttling, 5xx errors, dropped
connections, delays, denied access or any other JSON error.

SageMaker uses the AWS JSON 1.1 protocol: every call is `POST /` with the header
`X-Amz-Target: SageMaker.<Operation>`. Faults apply only to those calls. Other
services, such as S3 with its REST protocol, always pass through unchanged.

With `service_behaviour` on, the proxy also reproduces two behaviours of the real
SageMaker service that moto 5.2.5 lacks (see `FaultProxy`).
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import logging
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)

LISTEN_HOST = "127.0.0.1"
JSON_CONTENT_TYPE = "application/x-amz-json-1.1"
SAGEMAKER_TARGET_PREFIX = "SageMaker."
ACCOUNT_ID = "123456789012"
CALLER_ARN = f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/ci/registrar"
DEFAULT_REGION = "us-east-1"

FAULT_KINDS = frozenset(
    {
        "throttle",
        "http500",
        "http503",
        "drop",
        "drop-response",
        "delay",
        "access-denied",
        "error",
    }
)

# Connection-specific headers (RFC 9110 section 7.6.1), plus three headers the
# proxy handles itself. It recomputes Host and Content-Length for the upstream
# request, and http.server sends "100 Continue" for Expect before reading the body.
_NOT_FORWARDED = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        "expect",
    }
)

# SigV4 credential scope: <key id>/<yyyymmdd>/<region>/<service>/aws4_request.
_CREDENTIAL_SCOPE = re.compile(
    r"Credential=[^/\s]+/\d{8}/([^/\s]+)/([^/\s]+)/aws4_request"
)

# Request fields that name the resource in an access-denied message, in the
# order they are tried, with the resource type of the ARN they become.
_RESOURCE_FIELDS = (
    ("ModelCardName", "model-card"),
    ("ModelPackageGroupName", "model-package-group"),
    ("ModelPackageName", "model-package"),
)


@dataclass
class Fault:
    """A failure to inject into matching SageMaker calls.

    Each fault counts the requests whose operation matches. The matching requests
    numbered `after + 1` to `after + times` get the fault, and later ones pass
    through.
    When several faults match a request, all of them count it and the first one
    added whose window contains it is injected.

    Kinds:
        throttle: HTTP 400 ThrottlingException "Rate exceeded".
        http500: HTTP 500 InternalFailure.
        http503: HTTP 503 ServiceUnavailable.
        drop: close the connection without forwarding or replying.
        drop-response: forward the request, then close the connection without
            replying, as when a response is lost after the service acted.
        delay: sleep `delay_seconds`, then forward.
        access-denied: HTTP 400 AccessDeniedException naming the operation.
        error: HTTP `status` with error code `code`.
    """

    operation: str
    kind: str
    times: int = 1
    delay_seconds: float = 0
    after: int = 0
    code: str = ""
    message: str = ""
    status: int = 400

    def __post_init__(self) -> None:
        """Raise ValueError when a field is invalid for the fault's kind."""
        if not self.operation:
            raise ValueError('Fault operation is empty; use an operation name or "*"')
        if self.kind not in FAULT_KINDS:
            raise ValueError(
                f"invalid fault kind {self.kind!r}; use one of {sorted(FAULT_KINDS)}"
            )
        if self.times < 1:
            raise ValueError(f"Fault times must be at least 1, got {self.times}")
        if self.after < 0:
            raise ValueError(f"Fault after must not be negative, got {self.after}")
        if self.delay_seconds < 0:
            raise ValueError(
                f"Fault delay_seconds must not be negative, got {self.delay_seconds}"
            )
        if self.kind == "error" and not self.code:
            raise ValueError('a Fault of kind "error" needs an AWS error code in code')
        if not 400 <= self.status <= 599:
            raise ValueError(f"Fault status must be 400 to 599, got {self.status}")

    def matches(self, operation: str) -> bool:
        """Return whether this fault applies to `operation`."""
        return self.operation in ("*", operation)


@dataclass(frozen=True)
class Call:
    """One request that the proxy received, and what it did with it."""

    operation: str
    # HTTP status sent back, or None when the connection was closed instead.
    status: int | None
    # Kind of the injected fault, or None when no fault was injected.
    fault: str | None
    # Whether the request reached the upstream server.
    forwarded: bool

    @property
    def faulted(self) -> bool:
        """Whether a fault was injected into this call."""
        return self.fault is not None


@dataclass(frozen=True)
class _Request:
    method: str
    path: str
    # Headers to forward: everything except `_NOT_FORWARDED`.
    headers: tuple[tuple[str, str], ...]
    body: bytes
    operation: str
    is_sagemaker: bool
    region: str


@dataclass(frozen=True)
class _Response:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    # Whether the upstream server sent this response, not the proxy.
    forwarded: bool = False


@dataclass
class _FaultState:
    fault: Fault
    seen: int = 0


class FaultProxy:
    """An HTTP proxy on 127.0.0.1 that forwards to moto and injects faults.

    With `service_behaviour` on (the default), the proxy replies to two SageMaker
    calls itself, as the real service does and moto 5.2.5 does not:

    1. CreateModelPackageGroup for a name that already exists gets HTTP 400
       ValidationException "Model Package Group already exists: <arn>". moto
       would overwrite the group's description and drop its tags.
    2. CreateModelPackage with a ClientToken and a request equal to an earlier
       successful one gets that earlier response again, and no new version is
       created. moto ignores ClientToken.

    Faults are checked first, so a throttled create never reaches either check.
    """

    def __init__(
        self,
        upstream: str,
        *,
        service_behaviour: bool = True,
        upstream_timeout: float = 30,
    ) -> None:
        """Prepare a proxy for `upstream`, an http://127.0.0.1:PORT endpoint."""
        self.upstream_host, self.upstream_port = _parse_loopback_url(upstream)
        self.upstream = upstream
        self.service_behaviour = service_behaviour
        self.upstream_timeout = upstream_timeout
        self.endpoint = ""
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._faults: list[_FaultState] = []
        self._calls: list[Call] = []
        # Serializes check-and-create of groups so concurrent duplicates fail.
        self._group_lock = threading.Lock()
        self._token_lock = threading.Lock()
        # ClientToken -> (parsed request body, upstream response).
        self._tokens: dict[str, tuple[Any, _Response]] = {}

    def start(self) -> str:
        """Listen on a free port of 127.0.0.1 and return the proxy's endpoint."""
        if self._server is not None:
            raise RuntimeError(f"the proxy is already running at {self.endpoint}")
        server = _Server(self)
        port = server.server_address[1]
        self.endpoint = f"http://{LISTEN_HOST}:{port}"
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"faultproxy-{port}",
            daemon=True,
        )
        self._thread.start()
        logger.info("Fault proxy started at %s for %s", self.endpoint, self.upstream)
        return self.endpoint

    def stop(self) -> None:
        """Stop listening and close open client connections, if running."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.shutdown()
        server.close_connections()
        server.server_close()
        thread.join()
        self._server = None
        self._thread = None
        logger.info("Fault proxy at %s stopped", self.endpoint)

    def add(self, fault: Fault) -> None:
        """Inject `fault` into the matching calls from now on."""
        with self._lock:
            self._faults.append(_FaultState(fault))

    def clear(self) -> None:
        """Remove all faults, recorded calls and remembered client tokens."""
        with self._lock:
            self._faults.clear()
            self._calls.clear()
        with self._token_lock:
            self._tokens.clear()

    @property
    def calls(self) -> list[Call]:
        """A copy of every call received so far, oldest first."""
        with self._lock:
            return list(self._calls)

    def count(self, operation: str) -> int:
        """Return how many calls of `operation` the proxy received."""
        return sum(call.operation == operation for call in self.calls)

    def __enter__(self) -> FaultProxy:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _handle(self, request: _Request) -> _Response | None:
        """Record `request` and return its response, or None to close instead."""
        fault = self._take_fault(request) if request.is_sagemaker else None
        if fault is None:
            response: _Response | None = self._serve(request)
            forwarded = response is not None and response.forwarded
        else:
            logger.info("Injecting %s into %s", fault.kind, request.operation)
            response, forwarded = self._inject(fault, request)
        status = None if response is None else response.status
        kind = None if fault is None else fault.kind
        # Recorded before the reply is sent, so a caller that got its reply
        # always finds the call in `calls`.
        with self._lock:
            self._calls.append(Call(request.operation, status, kind, forwarded))
        return response

    def _take_fault(self, request: _Request) -> Fault | None:
        chosen = None
        with self._lock:
            for state in self._faults:
                if not state.fault.matches(request.operation):
                    continue
                state.seen += 1
                first = state.fault.after + 1
                last = state.fault.after + state.fault.times
                if chosen is None and first <= state.seen <= last:
                    chosen = state.fault
        return chosen

    def _inject(self, fault: Fault, request: _Request) -> tuple[_Response | None, bool]:
        """Return the reply for a faulted request and whether it was forwarded."""
        if fault.kind == "drop":
            return None, False
        if fault.kind == "drop-response":
            return None, self._serve(request).forwarded
        if fault.kind == "delay":
            time.sleep(fault.delay_seconds)
            response = self._serve(request)
            return response, response.forwarded
        return _fault_response(fault, request), False

    def _serve(self, request: _Request) -> _Response:
        if self.service_behaviour and request.operation == "CreateModelPackageGroup":
            return self._create_group(request)
        if self.service_behaviour and request.operation == "CreateModelPackage":
            return self._create_package(request)
        return self._forward(request)

    def _create_group(self, request: _Request) -> _Response:
        name = _json_object(request.body).get("ModelPackageGroupName")
        if not isinstance(name, str):
            return self._forward(request)
        with self._group_lock:
            arn = self._find_group(request, name)
            if arn is None:
                return self._forward(request)
        # NOTE: the real message is known to contain "Model Package Group already
        # exists"; the ARN after it is a guess at the rest of the text.
        message = f"Model Package Group already exists: {arn}"
        logger.info("Rejecting CreateModelPackageGroup for existing group %s", name)
        return _error_response(400, "ValidationException", message)

    def _find_group(self, request: _Request, name: str) -> str | None:
        """Return the ARN of group `name` upstream, or None when it is missing.

        moto does not check SigV4 signatures, so the create call's headers are
        reused for the describe call with only the target changed. Any reply
        other than 200, such as a 502 when moto is down, counts as missing.
        """
        headers = tuple(
            (key, value)
            for key, value in request.headers
            if key.lower() != "x-amz-target"
        )
        describe = replace(
            request,
            headers=(*headers, ("X-Amz-Target", "SageMaker.DescribeModelPackageGroup")),
            body=json.dumps({"ModelPackageGroupName": name}).encode(),
        )
        response = self._forward(describe)
        if response.status != 200:
            return None
        arn = _json_object(response.body).get("ModelPackageGroupArn")
        return arn if isinstance(arn, str) else name

    def _create_package(self, request: _Request) -> _Response:
        parsed = _json_object(request.body)
        token = parsed.get("ClientToken")
        if not isinstance(token, str):
            return self._forward(request)
        with self._token_lock:
            earlier = self._tokens.get(token)
            if earlier is not None and earlier[0] == parsed:
                logger.info("Replaying CreateModelPackage for ClientToken %s", token)
                return _as_replay(earlier[1])
            # The real service's response to a known token with a different request
            # is not documented, so such a request is forwarded and moto creates
            # another version. Only successful responses are remembered.
            response = self._forward(request)
            if 200 <= response.status < 300:
                self._tokens[token] = (parsed, response)
            return response

    def _forward(self, request: _Request) -> _Response:
        connection = http.client.HTTPConnection(
            self.upstream_host, self.upstream_port, timeout=self.upstream_timeout
        )
        try:
            connection.putrequest(
                request.method, request.path, skip_accept_encoding=True
            )
            for key, value in request.headers:
                connection.putheader(key, value)
            if request.body or request.method in ("POST", "PUT", "PATCH"):
                connection.putheader("Content-Length", str(len(request.body)))
            connection.endheaders(request.body)
            upstream = connection.getresponse()
            body = upstream.read()
            headers = _response_headers(request.method, upstream, body)
            return _Response(upstream.status, headers, body, forwarded=True)
        except (OSError, http.client.HTTPException) as error:
            logger.error(
                "Forwarding %s to %s failed: %s",
                request.operation,
                self.upstream,
                error,
            )
            message = f"forwarding to {self.upstream} failed: {error}"
            return _error_response(502, "BadGateway", message)
        finally:
            connection.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, proxy: FaultProxy) -> None:
        super().__init__((LISTEN_HOST, 0), _Handler)
        self.proxy = proxy
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def track(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(connection)

    def untrack(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(connection)

    def close_connections(self) -> None:
        """Shut down open keep-alive connections so their threads end."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # The client closed it already.


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # A connection that sends nothing for this many seconds is closed.
    timeout = 60
    server: _Server

    def setup(self) -> None:
        super().setup()
        # The handler writes headers and body separately; without TCP_NODELAY,
        # Nagle's algorithm delays the body until the client's delayed ACK.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def proxy_request(self) -> None:
        request = self._read_request()
        response = self.server.proxy._handle(request)
        if response is None:
            # Closing without a reply makes botocore raise ConnectionClosedError.
            self.close_connection = True
            return
        self.send_response_only(response.status)
        for key, value in response.headers:
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)
        self.wfile.flush()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_PATCH = proxy_request

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s %s", self.address_string(), format % args)

    def _read_request(self) -> _Request:
        body = self._read_body()
        connection_tokens = {
            token.strip().lower()
            for token in self.headers.get("Connection", "").split(",")
        }
        headers = tuple(
            (key, value)
            for key, value in self.headers.items()
            if key.lower() not in _NOT_FORWARDED | connection_tokens
        )
        target = self.headers.get("X-Amz-Target", "")
        region, service = _credential_scope(
            self.headers.get("Authorization", ""), self.path
        )
        is_sagemaker = target.startswith(SAGEMAKER_TARGET_PREFIX)
        if is_sagemaker:
            operation = target.removeprefix(SAGEMAKER_TARGET_PREFIX)
        elif target:
            operation = f"{service}:{target}"
        else:
            operation = f"{service}:{self.command} {urlsplit(self.path).path}"
        return _Request(
            self.command, self.path, headers, body, operation, is_sagemaker, region
        )

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked_body()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _read_chunked_body(self) -> bytes:
        chunks = []
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip(), 16)
            if size == 0:
                break
            chunks.append(self.rfile.read(size))
            self.rfile.readline()  # The CRLF after each chunk.
        while self.rfile.readline().strip():
            pass  # Trailer fields, which are not forwarded.
        return b"".join(chunks)


def _parse_loopback_url(url: str) -> tuple[str, int]:
    """Return the host and port of `url`, an http URL of a loopback host.

    Raises ValueError for any other URL, so the proxy never forwards off the host.
    """
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname or parts.port is None:
        raise ValueError(f"invalid upstream {url!r}; expected http://127.0.0.1:PORT")
    host = parts.hostname
    if host != "localhost" and not _is_loopback_address(host):
        raise ValueError(
            f"upstream {url!r} is not a loopback address; the proxy only forwards "
            "to a local server such as moto on 127.0.0.1"
        )
    return host, parts.port


def _is_loopback_address(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _credential_scope(authorization: str, path: str) -> tuple[str, str]:
    """Return the region and service a request was signed for.

    The scope comes from the Authorization header, or from X-Amz-Credential in
    the query of a presigned URL. Unsigned requests give the default region and
    service "unknown".
    """
    match = _CREDENTIAL_SCOPE.search(authorization)
    if match is None:
        query = unquote(urlsplit(path).query)
        match = _CREDENTIAL_SCOPE.search(
            query.replace("X-Amz-Credential=", "Credential=")
        )
    if match is None:
        return DEFAULT_REGION, "unknown"
    return match.group(1), match.group(2)


def _json_object(body: bytes) -> dict[str, Any]:
    """Return `body` parsed as a JSON object, or {} when it is not one."""
    try:
        value = json.loads(body or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _response_headers(
    method: str, upstream: http.client.HTTPResponse, body: bytes
) -> tuple[tuple[str, str], ...]:
    """Return the upstream headers to send back, with Content-Length set.

    A HEAD reply and a 1xx, 204 or 304 reply have no body, so their upstream
    Content-Length, which describes the resource, is passed on unchanged.
    """
    has_body = method != "HEAD" and upstream.status >= 200
    has_body = has_body and upstream.status not in (204, 304)
    dropped = _NOT_FORWARDED if has_body else _NOT_FORWARDED - {"content-length"}
    headers = [
        (key, value)
        for key, value in upstream.getheaders()
        if key.lower() not in dropped
    ]
    if has_body:
        headers.append(("Content-Length", str(len(body))))
    return tuple(headers)


def _error_response(status: int, code: str, message: str) -> _Response:
    """Return an AWS JSON 1.1 error, in the form botocore parses."""
    body = json.dumps({"__type": code, "message": message}).encode()
    headers = (
        ("Content-Type", JSON_CONTENT_TYPE),
        ("x-amzn-RequestId", str(uuid.uuid4())),
        ("Content-Length", str(len(body))),
    )
    return _Response(status, headers, body)


def _fault_response(fault: Fault, request: _Request) -> _Response:
    """Return the error reply for `fault`, whose kind is an error kind."""
    if fault.kind == "throttle":
        status, code, message = 400, "ThrottlingException", "Rate exceeded"
    elif fault.kind == "http500":
        status, code = 500, "InternalFailure"
        message = "An internal error occurred. Try the request again."
    elif fault.kind == "http503":
        status, code = 503, "ServiceUnavailable"
        message = "The service is unavailable. Try the request again."
    elif fault.kind == "access-denied":
        status, code = 400, "AccessDeniedException"
        message = _access_denied_message(request)
    else:
        status, code, message = fault.status, fault.code, fault.code
    return _error_response(status, code, fault.message or message)


def _access_denied_message(request: _Request) -> str:
    """Return an IAM implicit-deny message for the request's operation.

    NOTE: the resource ARN is built from the first name field of the request, so
    it can differ from the resource IAM checks. For CreateModelPackage it names
    the group, not the model package.
    """
    action = f"sagemaker:{request.operation}"
    resource = _resource_arn(request)
    return (
        f"User: {CALLER_ARN} is not authorized to perform: {action} on resource: "
        f"{resource} because no identity-based policy allows the {action} action"
    )


def _resource_arn(request: _Request) -> str:
    fields = _json_object(request.body)
    prefix = f"arn:aws:sagemaker:{request.region}:{ACCOUNT_ID}"
    for field_name, resource_type in _RESOURCE_FIELDS:
        value = fields.get(field_name)
        if isinstance(value, str) and value.startswith("arn:"):
            return value
        if isinstance(value, str) and value:
            return f"{prefix}:{resource_type}/{value}"
    return f"{prefix}:*"


def _as_replay(response: _Response) -> _Response:
    """Return a copy of an upstream response with a new x-amzn-RequestId."""
    headers = tuple(
        (key, value)
        for key, value in response.headers
        if key.lower() != "x-amzn-requestid"
    )
    request_id = ("x-amzn-RequestId", str(uuid.uuid4()))
    return replace(response, headers=(*headers, request_id), forwarded=False)
