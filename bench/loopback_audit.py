"""Reject and record every connection to a host that is not loopback.

The SDK and boto3 scripts install this audit hook before they import boto3 or
the SageMaker SDK. A blocked attempt raises in the caller, and the script also
fails at exit, because libraries such as the SDK's telemetry swallow errors.
"""

from __future__ import annotations

import ipaddress
import sys
from typing import Any

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
blocked: list[str] = []


def is_loopback(host: object) -> bool:
    """Return whether `host` is a loopback name or address."""
    if isinstance(host, bytes):
        host = host.decode()
    if not isinstance(host, str):
        return False
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.getaddrinfo":
        host = args[0]
    elif event == "socket.connect" and isinstance(args[1], tuple):
        host = args[1][0]
    else:
        return
    if host is None or is_loopback(host):
        return
    blocked.append(f"{event} {host!r}")
    raise ConnectionRefusedError(f"non-loopback host {host!r} is blocked")


def install() -> None:
    """Add the audit hook; it stays for the life of the process."""
    sys.addaudithook(_audit)


def exit_code_for_blocked() -> int:
    """Print blocked attempts to stderr; return 3 when there were any, else 0."""
    for attempt in blocked:
        print(f"blocked non-loopback connection: {attempt}", file=sys.stderr)
    return 3 if blocked else 0
