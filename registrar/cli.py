"""`python -m registrar`: the action's pipeline from command-line flags.

Each action input is a flag of the same name (`--model-data-url s3://...`).
Logs go to standard error and the outputs to standard output as one JSON
object, so GitLab CI, a Makefile or a notebook can use the same code.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import __version__, workflow
from .config import ActionInputs, input_names
from .outputs import parse_outputs

# Inputs that are flags without a value on the command line.
SWITCHES = ("dry-run",)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser: one flag per action input, described as in action.yml."""
    parser = argparse.ArgumentParser(
        prog="python -m registrar",
        description=(
            "Register a model package version in SageMaker Model Registry and "
            "link a model card to it. Outputs are printed as JSON."
        ),
    )
    parser.add_argument("--version", action="version", version=__version__)
    for name in input_names():
        field = ActionInputs.model_fields[name.replace("-", "_")]
        help_text = _help_from_action(name)
        if name in SWITCHES:
            parser.add_argument(
                f"--{name}", action="store_const", const="true", help=help_text
            )
        else:
            parser.add_argument(
                f"--{name}",
                metavar="VALUE",
                required=field.is_required(),
                help=help_text,
            )
    return parser


def _help_from_action(name: str) -> str | None:
    # action.yml is the single place for input descriptions; it sits beside the
    # package in a checkout and in the image.
    action = Path(__file__).resolve().parent.parent / "action.yml"
    if not action.is_file():
        return None
    import yaml

    spec = yaml.safe_load(action.read_text(encoding="utf-8"))["inputs"].get(name, {})
    description = spec.get("description")
    return str(description) if description else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the registrar from flags; print the outputs as JSON; return the exit code."""
    from .main import main as run_action

    args = vars(build_parser().parse_args(argv))
    environ = {
        key: value for key, value in os.environ.items() if not key.startswith("INPUT_")
    }
    for name in input_names():
        value = args.get(name.replace("-", "_"))
        if value is not None:
            environ[f"INPUT_{name.upper()}"] = value
    workflow.set_stream(sys.stderr)
    with tempfile.TemporaryDirectory(prefix="registrar-") as temp:
        output_path = Path(temp) / "outputs"
        environ["GITHUB_OUTPUT"] = str(output_path)
        environ.pop("GITHUB_STEP_SUMMARY", None)
        code = run_action(environ)
        text = output_path.read_text(encoding="utf-8") if output_path.exists() else ""
    if code == 0:
        print(json.dumps(parse_outputs(text), indent=2, sort_keys=True))
    return code
