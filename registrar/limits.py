"""SageMaker's patterns and length limits, checked locally before any request.

botocore checks only required members, types and minimum lengths; maximum
lengths, patterns and enum values are enforced by the service alone. Each check
raises ValueError with a message that shows the value and the fix; the caller
prefixes the input or file name. Limits come from the SageMaker API reference
(botocore service model `sagemaker/2017-07-24/service-2.json`).
"""

from __future__ import annotations

import re
import unicodedata

ENTITY_NAME_PATTERN = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
GROUP_ARN_PATTERN = re.compile(
    r"^arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]+:[0-9]{12}:model-package-group/"
    r"(?P<name>[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})$"
)
REGION_PATTERN = re.compile(r"^[a-z]{2}(-[a-z]+)+-[0-9]+$")
INSTANCE_TYPE_PATTERN = re.compile(r"^ml\.[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+$")
MIME_TYPE_PATTERN = re.compile(r"^[-\w]+/.+$")
# registry host[:port]/repository[:tag] or @sha256:digest, as the Docker reference
# grammar allows, restricted to the lower-case repository names ECR requires.
IMAGE_URI_PATTERN = re.compile(
    r"^(?P<registry>[a-zA-Z0-9.-]+(:[0-9]+)?)/"
    r"(?P<repository>[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*)"
    r"(:(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
    r"(@(?P<digest>sha256:[a-f0-9]{64}))?$"
)
S3_BUCKET_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")

DESCRIPTION_MAX = 1024
METADATA_MAX_ENTRIES = 50
METADATA_KEY_MAX = 128
METADATA_VALUE_MAX = 256
TAG_MAX_ENTRIES = 50
TAG_KEY_MAX = 128
TAG_VALUE_MAX = 256
IMAGE_URI_MAX = 255
MODEL_DATA_URL_MAX = 1024
CONTENT_TYPE_MAX = 256
ENTITY_NAME_MAX = 63
CARD_TEXT_MAX = 1024
CARD_LONG_TEXT_MAX = 2048

# Tag keys and values and customer metadata share the pattern
# [\p{L}\p{Z}\p{N}_.:/=+\-@]*: letters, separators, digits and these marks.
_METADATA_PUNCTUATION = frozenset("_.:/=+-@")


def shorten(text: str, limit: int = 80) -> str:
    """Return `text` cut to `limit` characters, for showing a value in a message."""
    flat = text.replace("\n", "\\n").replace("\r", "\\r")
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def is_endpoint_url(value: str) -> bool:
    """Return whether `value` is an http(s) URL with a host and a valid port."""
    from urllib.parse import urlsplit

    if any(char.isspace() for char in value):
        return False
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    return port is None or 0 < port < 65536


def is_metadata_text(text: str) -> bool:
    """Return whether `text` fits the tag and customer metadata character set."""
    return all(
        char in _METADATA_PUNCTUATION or unicodedata.category(char)[0] in "LZN"
        for char in text
    )


def check_entity_name(value: str) -> str:
    """Return `value` when it is a valid SageMaker entity name."""
    if len(value) > ENTITY_NAME_MAX:
        raise ValueError(
            f"'{shorten(value)}' is {len(value)} characters, max {ENTITY_NAME_MAX}; "
            "use a shorter name"
        )
    if not ENTITY_NAME_PATTERN.match(value):
        raise ValueError(
            f"'{shorten(value)}' is not a valid SageMaker name; use letters, "
            "digits and hyphens, starting and ending with a letter or digit"
        )
    return value


def fold_description(value: str, max_length: int = DESCRIPTION_MAX) -> str:
    """Return a description with line breaks folded into spaces.

    SageMaker description patterns allow no control characters, and workflows
    often pass multi-line text from `|` blocks. Other control characters (a tab,
    an escape sequence) are rejected rather than silently changed.
    """
    folded = " ".join(part.strip() for part in value.splitlines() if part.strip())
    for char in folded:
        if unicodedata.category(char)[0] == "C":
            raise ValueError(
                f"contains the control character {char!r}; remove it "
                "(SageMaker descriptions allow no control characters)"
            )
    if len(folded) > max_length:
        raise ValueError(
            f"is {len(folded)} characters after folding line breaks, "
            f"max {max_length}; shorten it"
        )
    return folded


def check_s3_uri(value: str) -> str:
    """Return `value` when it is an s3://bucket/key URI that SageMaker accepts."""
    value_text = shorten(value)
    if not value.startswith("s3://"):
        raise ValueError(f"'{value_text}' is not an S3 URI (expected s3://bucket/key)")
    bucket, _, key = value[len("s3://") :].partition("/")
    if not S3_BUCKET_PATTERN.match(bucket):
        raise ValueError(
            f"'{value_text}' has an invalid bucket name '{shorten(bucket)}' "
            "(expected 3-63 lower-case letters, digits, dots and hyphens)"
        )
    if not key or key.endswith("/"):
        raise ValueError(
            f"'{value_text}' names no object "
            "(expected s3://bucket/key of a model.tar.gz)"
        )
    if len(value) > MODEL_DATA_URL_MAX or any(char.isspace() for char in value):
        raise ValueError(
            f"'{value_text}' is not a valid S3 URI "
            f"(no spaces, max {MODEL_DATA_URL_MAX} characters)"
        )
    return value


def check_image_uri(value: str) -> str:
    """Return `value` when it is a container image reference SageMaker accepts."""
    if len(value) > IMAGE_URI_MAX:
        raise ValueError(
            f"'{shorten(value)}' is {len(value)} characters, max {IMAGE_URI_MAX}"
        )
    if not IMAGE_URI_PATTERN.match(value):
        raise ValueError(
            f"'{shorten(value)}' is not a container image URI (expected "
            "registry/repository:tag or registry/repository@sha256:digest, e.g. "
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-model:1.0)"
        )
    return value


def check_key_value(
    key: str, value: str, *, key_max: int, value_max: int, allow_empty_value: bool
) -> None:
    """Raise ValueError unless a tag or metadata pair fits SageMaker's limits."""
    if not key or len(key) > key_max:
        raise ValueError(f"key '{key}' must be 1-{key_max} characters")
    if not allow_empty_value and not value:
        raise ValueError(f"'{key}' has an empty value; give it a value or remove it")
    if len(value) > value_max:
        raise ValueError(
            f"the value of '{key}' is {len(value)} characters, max {value_max}"
        )
    for text in (key, value):
        if not is_metadata_text(text):
            raise ValueError(
                f"'{key}={value}' contains a character SageMaker rejects; use "
                "letters, digits, spaces and _ . : / = + - @ only"
            )
