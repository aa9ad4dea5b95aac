"""The Dockerfile follows what the runner expects of a Docker action's image.

No Docker engine runs on the build machines, so these checks read the file.
hadolint lints it in `make lint`, and the entrypoint tests run the entrypoint
as the runner would.
"""

from __future__ import annotations

import re

from tests.helpers import REPO_ROOT

DOCKERFILE = (REPO_ROOT / "Dockerfile").read_text()
INSTRUCTIONS = [
    line.split(maxsplit=1)[0].upper()
    for line in DOCKERFILE.splitlines()
    if line.strip() and not line.startswith((" ", "#"))
]


def test_base_image_pins_python_minor() -> None:
    assert re.search(r"^FROM python:3\.\d+-slim", DOCKERFILE, re.MULTILINE)


def test_no_user_or_workdir() -> None:
    # The runner starts the container as root with the workspace as its
    # working directory; either instruction would break that.
    assert "USER" not in INSTRUCTIONS
    assert "WORKDIR" not in INSTRUCTIONS


def test_installs_hash_locked_requirements() -> None:
    assert "--require-hashes -r /app/requirements.txt" in DOCKERFILE


def test_entrypoint_exec_form() -> None:
    assert 'ENTRYPOINT ["python", "/app/entrypoint.py"]' in DOCKERFILE


def test_output_unbuffered_and_no_bytecode() -> None:
    assert "PYTHONUNBUFFERED=1" in DOCKERFILE
    assert "PYTHONDONTWRITEBYTECODE=1" in DOCKERFILE


def test_copies_only_runtime_files() -> None:
    copies = re.findall(r"^COPY (\S+)", DOCKERFILE, re.MULTILINE)
    assert copies == ["requirements.txt", "registrar", "entrypoint.py"]
