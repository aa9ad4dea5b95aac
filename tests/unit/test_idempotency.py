"""The idempotency key: stable for one registration, different for another."""

from __future__ import annotations

import re
from typing import Any

import pytest

from registrar.idempotency import compute_idempotency_key

BASE: dict[str, Any] = {
    "group": "fer-models",
    "model_data_url": "s3://example-bucket/fer/model.tar.gz",
    "image_uri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/fer:1",
    "commit_sha": "4f9c2b7d8e1a6c3b5d7f9e2a4c6b8d0e1f3a5c7b",
    "card_content": {"model_overview": {"model_owner": "platform"}},
}


def test_key_fits_client_token() -> None:
    key = compute_idempotency_key(**BASE)
    assert len(key) <= 36
    assert re.fullmatch(r"[a-zA-Z0-9-]+", key)


def test_key_is_stable() -> None:
    assert compute_idempotency_key(**BASE) == compute_idempotency_key(**dict(BASE))


def test_key_ignores_card_key_order() -> None:
    content = {"b": 1, "a": {"y": 2, "x": 3}}
    reordered = {"a": {"x": 3, "y": 2}, "b": 1}
    first = compute_idempotency_key(**{**BASE, "card_content": content})
    second = compute_idempotency_key(**{**BASE, "card_content": reordered})
    assert first == second


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("group", "other-group"),
        ("model_data_url", "s3://example-bucket/fer/model-2.tar.gz"),
        ("image_uri", "123456789012.dkr.ecr.us-east-1.amazonaws.com/fer:2"),
        ("commit_sha", None),
        ("card_content", {"evaluation_details": []}),
    ],
)
def test_key_changes_with_registration(field: str, value: Any) -> None:
    assert compute_idempotency_key(**{**BASE, field: value}) != (
        compute_idempotency_key(**BASE)
    )
