"""Register the FER+ example model in a local SageMaker emulator, as a runner would.

Starts moto on 127.0.0.1, uploads the example's model.tar.gz to an emulated
bucket, lays out a workspace like a checked-out repository, and runs
entrypoint.py with the environment that GitHub gives a Docker action. Prints
the step outputs and the step summary, then stops the emulator.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tools.emulator import (  # noqa: E402
    FAKE_CREDENTIALS,
    emulator,
    pack_model,
    parse_github_output,
    push_image,
    run_entrypoint,
    runner_environment,
    upload_object,
)

EXAMPLE = REPO_ROOT / "examples" / "fer-mobilenetv2"
BUCKET = "example-bucket"
MODEL_KEY = "FacialExpressionAnalysis/model.tar.gz"
# The PyTorch CPU inference image, mirrored into the team's own ECR registry
# (the emulator's account), where the pre-flight check can resolve its digest.
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:1.9.1-cpu-py38"

INPUTS = {
    "model-package-group-name": "FacialExpressionAnalysis-ModelGroup",
    "model-package-group-description": "Facial expression classifiers (7 emotions)",
    "model-data-url": f"s3://{BUCKET}/{MODEL_KEY}",
    "image-uri": IMAGE,
    "model-package-description": (
        "MobileNetV2 fine-tuned on FER+ and RAF-DB\n(release v1.4.0)"
    ),
    "content-types": "application/x-image",
    "response-types": "application/json",
    "realtime-instance-types": "ml.m5.large, ml.c5.xlarge",
    "transform-instance-types": "ml.m5.large",
    "metrics-file": "evaluation/metrics.json",
    "model-card-file": ".github/model-card.yml",
    "tags": "team=ml-platform\nproject=facial-expression",
    "customer-metadata": "dataset=FER-plus and RAF-DB\ntraining-epochs=30",
}


def seed_emulator(endpoint: str) -> None:
    """Put the example's model.tar.gz in S3 and its image in ECR."""
    artifact = pack_model(EXAMPLE / "model")
    upload_object(endpoint, f"s3://{BUCKET}/{MODEL_KEY}", artifact)
    print(f"Uploaded s3://{BUCKET}/{MODEL_KEY} ({len(artifact)} bytes)")
    digest = push_image(endpoint, IMAGE)
    print(f"Pushed {IMAGE} ({digest})\n")


def make_workspace(root: Path) -> Path:
    """Lay out a workspace the way a checked-out model repository looks."""
    workspace = root / "workspace"
    (workspace / "evaluation").mkdir(parents=True)
    (workspace / ".github").mkdir()
    shutil.copy(EXAMPLE / "metrics.json", workspace / "evaluation" / "metrics.json")
    shutil.copy(EXAMPLE / "model-card.yml", workspace / ".github" / "model-card.yml")
    return workspace


def main() -> int:
    """Run the demo; return the action's exit code."""
    with (
        tempfile.TemporaryDirectory(prefix="registrar-demo-") as temp,
        emulator() as endpoint,
    ):
        print(f"SageMaker and S3 emulator: {endpoint}")
        seed_emulator(endpoint)
        workspace = make_workspace(Path(temp))
        inputs = {**INPUTS, "endpoint-url": endpoint}
        env = runner_environment(inputs, workspace)
        result = run_entrypoint(env, workspace)
        print("----- action log -----")
        print(result.stdout, end="")
        print(result.stderr, end="", file=sys.stderr)
        print(f"----- exit code {result.returncode} -----\n")
        output_file = Path(env["GITHUB_OUTPUT"])
        if output_file.exists():
            print("Step outputs:")
            for name, value in parse_github_output(output_file.read_text()).items():
                print(f"  {name} = {value}")
        summary_file = Path(env["GITHUB_STEP_SUMMARY"])
        if summary_file.exists():
            print("\nStep summary:\n")
            print(summary_file.read_text())
        return result.returncode


if __name__ == "__main__":
    # The demo's own clients use the same fake credentials as the action.
    os.environ.update(FAKE_CREDENTIALS)
    os.environ["AWS_REGION"] = "us-east-1"
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    sys.exit(main())
