"""Fail any network connection to a host that is not loopback.

Installed in the test process by conftest.py and in every subprocess the tests
start through `sitecustomize.py` in this folder (on PYTHONPATH), so neither the
registrar nor boto3 can reach AWS or an instance metadata address from a test.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


class NonLoopbackConnectionError(OSError):
    """A test tried to reach a host that is not 127.0.0.0/8 or ::1."""


def is_loopback(host: object) -> bool:
    """Return whether `host` is a loopback name or address."""
    if not isinstance(host, str):
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _check(address: Any) -> None:
    if isinstance(address, tuple) and not is_loopback(address[0]):
        raise NonLoopbackConnectionError(
            f"tests may only connect to loopback; blocked {address[0]!r}"
        )


def install() -> None:
    """Patch socket connect, connect_ex and getaddrinfo; safe to call twice."""
    if getattr(socket.socket.connect, "_loopback_only", False):
        return
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        _check(address)
        original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _check(address)
        return original_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not is_loopback(
            host.decode() if isinstance(host, bytes) else host
        ):
            raise NonLoopbackConnectionError(
                f"tests may only resolve loopback names; blocked {host!r}"
            )
        return original_getaddrinfo(host, *args, **kwargs)

    connect._loopback_only = True  # type: ignore[attr-defined]
    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo
