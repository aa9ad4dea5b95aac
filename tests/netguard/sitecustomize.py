"""Loaded by every Python subprocess the tests start: block non-loopback hosts."""

from loopback_only import install

install()
