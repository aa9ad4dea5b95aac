"""The FER+ example on the emulator: inputs, workspace, job file and environments.

The registrar, the SDK script and the boto3 script get the same model, image,
card file, metrics report and AWS settings. Every child process talks only to
127.0.0.1: to moto, or to the counting proxy in front of it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

from tools.emulator import (
    FAKE_CREDENTIALS,
    REGION,
    pack_model,
    push_image,
    runner_environment,
    upload_object,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO_ROOT / "bench"
NETGUARD_DIR = REPO_ROOT / "tests" / "netguard"
EXAMPLE = REPO_ROOT / "examples" / "fer-mobilenetv2"
BUCKET = "example-bucket"
MODEL_KEY = "FacialExpressionAnalysis/model.tar.gz"
# An image in the emulator's own account, which the registrar's pre-flight
# check resolves to a digest, as in examples/demo.py.
IMAGE_URI = (
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:1.9.1-cpu-py38"
)
METRICS_PATH = "evaluation/metrics.json"
CARD_PATH = ".github/model-card.yml"

# Inputs like those of examples/demo.py, with the group name left to each run.
INPUTS = {
    "model-package-group-description": "Facial expression classifiers (7 emotions)",
    "model-data-url": f"s3://{BUCKET}/{MODEL_KEY}",
    "image-uri": IMAGE_URI,
    "model-package-description": "MobileNetV2 fine-tuned on FER+ and RAF-DB",
    "content-types": "application/x-image",
    "response-types": "application/json",
    "realtime-instance-types": "ml.m5.large, ml.c5.xlarge",
    "transform-instance-types": "ml.m5.large",
    "metrics-file": METRICS_PATH,
    "model-card-file": CARD_PATH,
    "tags": "team=ml-platform\nproject=facial-expression",
    "customer-metadata": "dataset=FER-plus and RAF-DB\ntraining-epochs=30",
}


def seed_emulator(endpoint: str) -> None:
    """Upload the example's model.tar.gz and push the inference image."""
    upload_object(endpoint, INPUTS["model-data-url"], pack_model(EXAMPLE / "model"))
    push_image(endpoint, IMAGE_URI)


def make_workspace(root: Path) -> Path:
    """Lay out a checked-out model repository with the metrics and the card file."""
    workspace = root / "workspace"
    (workspace / "evaluation").mkdir(parents=True)
    (workspace / ".github").mkdir()
    shutil.copy(EXAMPLE / "metrics.json", workspace / METRICS_PATH)
    shutil.copy(EXAMPLE / "model-card.yml", workspace / CARD_PATH)
    return workspace


def _pairs(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines())


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(",")]


def write_job(workspace: Path, group: str, endpoint: str) -> Path:
    """Write the job file that the SDK and boto3 scripts read; return its path.

    It carries the same inputs as INPUTS. The card file is parsed here, so
    that the boto3 script needs nothing beyond boto3.
    """
    card = yaml.safe_load((workspace / CARD_PATH).read_text())
    job: dict[str, Any] = {
        "endpoint": endpoint,
        "region": REGION,
        "group": group,
        "group_description": INPUTS["model-package-group-description"],
        "model_data_url": INPUTS["model-data-url"],
        "image_uri": INPUTS["image-uri"],
        "package_description": INPUTS["model-package-description"],
        "approval_status": "PendingManualApproval",
        "content_types": _items(INPUTS["content-types"]),
        "response_types": _items(INPUTS["response-types"]),
        "realtime_instance_types": _items(INPUTS["realtime-instance-types"]),
        "transform_instance_types": _items(INPUTS["transform-instance-types"]),
        "customer_metadata": _pairs(INPUTS["customer-metadata"]),
        "tags": _pairs(INPUTS["tags"]),
        "metrics_path": str(workspace / METRICS_PATH),
        "card": card,
        "card_status": "Draft",
    }
    path = workspace.parent / f"job-{group}.json"
    path.write_text(json.dumps(job, indent=2))
    return path


def isolate_aws(env: dict[str, str], endpoint: str, home: Path) -> dict[str, str]:
    """Aim every AWS client of a child at `endpoint`, with no local AWS config.

    AWS_ENDPOINT_URL sends clients made without an explicit endpoint (the
    SDK makes S3, STS and runtime clients) there too. tests/netguard
    on PYTHONPATH rejects any connection to a host that is not loopback.
    """
    env.update(FAKE_CREDENTIALS)
    env.update(
        {
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_CONFIG_FILE": str(home / "aws-config-absent"),
            "AWS_SHARED_CREDENTIALS_FILE": str(home / "aws-credentials-absent"),
        }
    )
    return env


def base_environment() -> dict[str, str]:
    """Return this process's environment without AWS, SDK or runner variables."""
    prefixes = ("AWS_", "SAGEMAKER_", "INPUT_", "GITHUB_", "RUNNER_", "PYTHON")
    return {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}


def registrar_command(
    workspace: Path,
    group: str,
    endpoint: str,
    *,
    inputs: dict[str, str] | None = None,
    variables: dict[str, str] | None = None,
) -> tuple[list[str], dict[str, str]]:
    """Return the argv and environment of one registrar run, as the runner's.

    `inputs` are added to INPUTS; `variables` override runner variables.
    """
    all_inputs = {
        **INPUTS,
        "model-package-group-name": group,
        "endpoint-url": endpoint,
        **(inputs or {}),
    }
    env = runner_environment(all_inputs, workspace, extra=variables)
    env = {k: v for k, v in env.items() if not k.startswith(("SAGEMAKER_", "PYTHON"))}
    isolate_aws(env, endpoint, workspace.parent)
    env["PYTHONPATH"] = os.pathsep.join([str(NETGUARD_DIR), str(REPO_ROOT)])
    # The runner gives every step new, empty file-command files.
    for variable in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"):
        Path(env[variable]).write_text("")
    return [sys.executable, str(REPO_ROOT / "entrypoint.py")], env


def script_environment(endpoint: str, home: Path) -> dict[str, str]:
    """Return the environment of the SDK and boto3 scripts, guard included."""
    env = isolate_aws(base_environment(), endpoint, home)
    env["PYTHONPATH"] = str(NETGUARD_DIR)
    return env


def script_command(
    python: Path, script: str, job: Path, endpoint: str
) -> tuple[list[str], dict[str, str]]:
    """Return the argv and environment of the SDK or boto3 script."""
    env = script_environment(endpoint, job.parent)
    return [str(python), str(BENCH_DIR / script), str(job)], env
