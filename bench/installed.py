"""Installed size of each contender's run-time dependencies, and the SDK's venv."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from scenario import BENCH_DIR, REPO_ROOT

SDK_VENV = BENCH_DIR / ".venv-sdk"
SDK_REQUIREMENT = "sagemaker<3"
REQUIREMENTS = REPO_ROOT / "requirements.txt"
# Distributions that a new virtual environment brings to install packages.
INSTALLERS = frozenset({"pip", "setuptools", "wheel", "distribute"})
# boto3 and the packages it needs at run time: the hand-written script's set.
BOTO3_DISTRIBUTIONS = frozenset(
    {
        "boto3",
        "botocore",
        "s3transfer",
        "jmespath",
        "python-dateutil",
        "urllib3",
        "six",
    }
)
PIP_TIMEOUT_SECONDS = 900


@dataclass(frozen=True)
class InstalledSize:
    """The run-time distributions of one contender and how they were measured."""

    total_bytes: int
    versions: dict[str, str]
    bytes_by_name: dict[str, int]
    source: str

    def largest(self, count: int) -> list[tuple[str, int]]:
        """Return the `count` largest distributions as (name, bytes)."""
        ranked = sorted(self.bytes_by_name.items(), key=lambda item: -item[1])
        return ranked[:count]


def venv_python(venv: Path) -> Path:
    """Return the interpreter of a virtual environment."""
    return venv / "bin" / "python"


def distribution_sizes(python: Path) -> dict[str, dict[str, object]]:
    """Return {name: {"version", "bytes"}} for every distribution of `python`."""
    output = subprocess.run(
        [str(python), "-I", str(BENCH_DIR / "dist_sizes.py")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    sizes: dict[str, dict[str, object]] = json.loads(output)
    return sizes


def measure(python: Path, names: frozenset[str] | None, source: str) -> InstalledSize:
    """Sum the distributions `names` of `python`, or all but the installers."""
    sizes = distribution_sizes(python)
    chosen = {
        name: info
        for name, info in sizes.items()
        if (name in names if names is not None else name not in INSTALLERS)
    }
    if names is not None and set(names) - set(chosen):
        missing = ", ".join(sorted(set(names) - set(chosen)))
        raise RuntimeError(f"{python}: distributions not installed: {missing}")
    bytes_by_name = {name: int(str(info["bytes"])) for name, info in chosen.items()}
    versions = {name: str(info["version"]) for name, info in chosen.items()}
    return InstalledSize(sum(bytes_by_name.values()), versions, bytes_by_name, source)


def requirement_names(path: Path) -> frozenset[str]:
    """Return the normalized names pinned in a pip-compile requirements file."""
    pattern = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==")
    names = set()
    for line in path.read_text().splitlines():
        match = pattern.match(line)
        if match:
            names.add(re.sub(r"[-_.]+", "-", match.group(1)).lower())
    return frozenset(names)


def registrar_size(fresh_venv: bool) -> InstalledSize:
    """Measure requirements.txt installed alone in a throwaway venv.

    Without `fresh_venv`, or when the install fails (no network), the same
    pinned distributions are measured in this interpreter's environment.
    """
    names = requirement_names(REQUIREMENTS)
    if fresh_venv:
        with tempfile.TemporaryDirectory(prefix="registrar-deps-") as temp:
            venv = Path(temp) / "venv"
            try:
                create_venv(venv)
                pip_install(venv, ["--require-hashes", "--no-deps", "-r", REQUIREMENTS])
            except subprocess.CalledProcessError as error:
                print(
                    f"installing requirements.txt in a new venv failed: {error}",
                    file=sys.stderr,
                )
            else:
                source = "throwaway venv, `pip install --require-hashes --no-deps`"
                return measure(venv_python(venv), None, source)
    source = "requirements.txt pins, measured in the project's .venv"
    return measure(Path(sys.executable), names, source)


def registrar_code_bytes() -> int:
    """Return the size of the registrar package itself, without bytecode caches."""
    package = REPO_ROOT / "registrar"
    return sum(
        path.stat().st_size
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def boto3_size() -> InstalledSize:
    """Measure boto3 and its run-time dependencies in this interpreter's venv."""
    return measure(Path(sys.executable), BOTO3_DISTRIBUTIONS, "the project's .venv")


def sdk_size(venv: Path) -> InstalledSize:
    """Measure everything but the installers in the SDK's venv."""
    return measure(venv_python(venv), None, "bench/.venv-sdk")


def create_venv(venv: Path) -> None:
    """Create a virtual environment with pip."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)


def pip_install(venv: Path, arguments: list[str | Path]) -> None:
    """Run pip install in `venv` quietly; raise CalledProcessError on failure."""
    command = [str(venv_python(venv)), "-m", "pip", "install", "--quiet"]
    command += ["--disable-pip-version-check", *map(str, arguments)]
    subprocess.run(command, check=True, timeout=PIP_TIMEOUT_SECONDS)


def ensure_sdk_venv(create: bool) -> Path | None:
    """Return bench/.venv-sdk, creating it when missing and `create` is true.

    Returns None when it is missing and may not be created, or when creating
    it fails. A half-made venv is left in place, and the next call repairs it.
    """
    python = venv_python(SDK_VENV)
    if python.exists() and _has_sdk(python):
        return SDK_VENV
    if not create:
        return None
    try:
        if not python.exists():
            create_venv(SDK_VENV)
        pip_install(SDK_VENV, [SDK_REQUIREMENT])
    except subprocess.CalledProcessError as error:
        print(f"creating {SDK_VENV} failed: {error}", file=sys.stderr)
        return None
    return SDK_VENV


def _has_sdk(python: Path) -> bool:
    code = "import importlib.metadata as m; m.version('sagemaker')"
    check = [str(python), "-I", "-c", code]
    return subprocess.run(check, capture_output=True, timeout=60).returncode == 0
