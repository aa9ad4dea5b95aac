"""Print the installed size of every distribution of this interpreter as JSON.

Run it with the interpreter of the environment to measure, which needs only
the standard library. A distribution's size is the sum of the files its
RECORD lists, and pip lists there the .pyc files it compiles at install time.
Output: {"name": {"version": "...", "bytes": N}, ...}, names normalized.
"""

from __future__ import annotations

import json
import re
import sys
from importlib import metadata
from pathlib import Path


def normalize(name: str) -> str:
    """Return a distribution name normalized as in PEP 503."""
    return re.sub(r"[-_.]+", "-", name).lower()


def distribution_bytes(distribution: metadata.Distribution) -> int:
    """Return the total size of the files the distribution's RECORD lists."""
    total = 0
    for file in distribution.files or []:
        path = Path(str(distribution.locate_file(file)))
        if path.is_file():
            total += path.stat().st_size
    return total


def main() -> int:
    """Print every distribution on sys.path with its version and size."""
    sizes = {
        normalize(dist.metadata["Name"]): {
            "version": dist.version,
            "bytes": distribution_bytes(dist),
        }
        for dist in metadata.distributions()
    }
    print(json.dumps(sizes, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
