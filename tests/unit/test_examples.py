"""The example and project workflows and the IAM policy keep what readers rely on.

Every workflow under .github/workflows and examples/workflows is parsed with
PyYAML: each job declares minimal permissions and a timeout, each remote action
is pinned to a commit, and no run script contains a ${{ }} expression. The
inputs and outputs the workflows name must exist in action.yml, and the IAM
policy must grant what the action calls, scoped to the group and its cards.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from tests.helpers import REPO_ROOT

WORKFLOW_DIRS = (
    REPO_ROOT / ".github" / "workflows",
    REPO_ROOT / "examples" / "workflows",
)
WORKFLOW_PATHS = sorted(
    path
    for directory in WORKFLOW_DIRS
    for pattern in ("*.yml", "*.yaml")
    for path in directory.glob(pattern)
)
REUSABLE = "examples/workflows/reusable-register.yml"
CALLER = "examples/workflows/caller.yml"
CI = ".github/workflows/ci.yml"

# The examples name this project's action and the reusable workflow that wraps
# it by major tag, the form the README documents. OWNER is a placeholder for
# the reader's own organization. Every other remote action must be pinned to a
# commit.
FIRST_PARTY = "OWNER/"
ACTION_USES_PREFIX = "OWNER/sagemaker-model-registrar@"
LOCAL_PREFIXES = ("./", "$/")
COMMIT_PIN = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")
PINNED_USES_LINE = re.compile(r"^\s*(?:-\s*)?uses:\s*\S+@[0-9a-f]{40}\b(?P<rest>.*)$")
VERSION_COMMENT = re.compile(r"^\s*#\s*v\d+\.\d+\.\d+\s*$")
STEP_OUTPUT = re.compile(r"steps\.([\w-]+)\.outputs\.([\w-]+)")
NEEDS_OUTPUT = re.compile(r"needs\.register\.outputs\.([\w-]+)")

OIDC_JOB = {"id-token": "write", "contents": "read"}
# Permissions of each job, by workflow file and job id.
EXPECTED_PERMISSIONS: dict[tuple[str, str], dict[str, str]] = {
    ("examples/workflows/release.yml", "register"): OIDC_JOB,
    (REUSABLE, "register"): OIDC_JOB,
    (CALLER, "register"): OIDC_JOB,
    (CALLER, "report"): {},
    (CI, "test"): {"contents": "read"},
    (CI, "self-test"): {"contents": "read"},
    (".github/workflows/release.yml", "image"): {
        "contents": "read",
        "packages": "write",
    },
    (".github/workflows/release.yml", "major-tag"): {"contents": "write"},
}
# A job missing from the table above may hold at most these.
UNLISTED_JOB_MAXIMUM = OIDC_JOB

POLICY_ACTIONS = {
    "sagemaker:DescribeModelPackageGroup",
    "sagemaker:CreateModelPackageGroup",
    "sagemaker:AddTags",
    "sagemaker:CreateModelPackage",
    "sagemaker:DescribeModelPackage",
    "sagemaker:UpdateModelPackage",
    "sagemaker:ListModelPackages",
    "sagemaker:Search",
    "sagemaker:DescribeModelCard",
    "sagemaker:CreateModelCard",
    "sagemaker:UpdateModelCard",
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "ecr:DescribeImages",
}
# These take no resource ARN, so they are granted on "*". The SageMaker API
# permissions reference lists no resource-level permissions for List calls.
UNSCOPED_ACTIONS = {"sagemaker:Search", "sagemaker:ListModelPackages"}
CARD_RESOURCE = "arn:aws:sagemaker:REGION:ACCOUNT_ID:model-card/GROUP_NAME-v*"


def relative(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix()


def load_workflow(path: Path) -> dict[str, Any]:
    return dict(yaml.safe_load(path.read_text()))


def triggers(workflow: dict[str, Any]) -> Any:
    # PyYAML reads the bare key `on` as the boolean True.
    return workflow.get("on", workflow.get(True))


WORKFLOWS = {relative(path): load_workflow(path) for path in WORKFLOW_PATHS}


def iter_jobs() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for name, workflow in WORKFLOWS.items():
        for job_id, job in workflow["jobs"].items():
            yield name, job_id, job


def iter_steps() -> Iterator[tuple[str, str, int, dict[str, Any]]]:
    for name, job_id, job in iter_jobs():
        for index, step in enumerate(job.get("steps", [])):
            yield name, job_id, index, step


def is_action_step(step: dict[str, Any]) -> bool:
    uses = str(step.get("uses", ""))
    return uses in LOCAL_PREFIXES or uses.startswith(ACTION_USES_PREFIX)


JOBS = [
    pytest.param(name, job_id, id=f"{name}:{job_id}") for name, job_id, _ in iter_jobs()
]
# A job that calls a reusable workflow cannot set timeout-minutes, so the jobs
# of the called workflow carry the timeout and are checked with the rest.
RUNNER_JOBS = [
    pytest.param(name, job_id, id=f"{name}:{job_id}")
    for name, job_id, job in iter_jobs()
    if "uses" not in job
]
REMOTE_USES = [
    pytest.param(str(item["uses"]), id=f"{name}:{job_id}:{item['uses']}")
    for name, job_id, job in iter_jobs()
    for item in [job, *job.get("steps", [])]
    if "uses" in item
    and not str(item["uses"]).startswith((*LOCAL_PREFIXES, FIRST_PARTY))
]
RUN_STEPS = [
    pytest.param(str(step["run"]), id=f"{name}:{job_id}:{index}")
    for name, job_id, index, step in iter_steps()
    if "run" in step
]
ACTION_STEPS = [
    pytest.param(dict(step.get("with", {})), id=f"{name}:{job_id}:{index}")
    for name, job_id, index, step in iter_steps()
    if is_action_step(step)
]


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    return dict(yaml.safe_load((REPO_ROOT / "action.yml").read_text()))


@pytest.fixture(scope="module")
def policy() -> dict[str, Any]:
    return dict(json.loads((REPO_ROOT / "examples" / "iam-policy.json").read_text()))


def as_list(value: str | list[str]) -> list[str]:
    """Return an IAM Action or Resource element, which may be one string, as a list."""
    return [value] if isinstance(value, str) else list(value)


def effective_permissions(name: str, job_id: str) -> Any:
    workflow = WORKFLOWS[name]
    job = workflow["jobs"][job_id]
    return job.get("permissions", workflow.get("permissions"))


def test_workflows_found() -> None:
    assert {
        ".github/workflows/ci.yml",
        ".github/workflows/release.yml",
        "examples/workflows/release.yml",
        REUSABLE,
        CALLER,
    } <= set(WORKFLOWS)


@pytest.mark.parametrize(("name", "job_id"), JOBS)
def test_permissions_declared(name: str, job_id: str) -> None:
    # A mapping, so neither the repository default nor read-all/write-all applies.
    assert isinstance(effective_permissions(name, job_id), dict)


@pytest.mark.parametrize(("name", "job_id"), JOBS)
def test_permissions_minimal(name: str, job_id: str) -> None:
    granted = dict(effective_permissions(name, job_id) or {})
    expected = EXPECTED_PERMISSIONS.get((name, job_id))
    if expected is None:
        assert granted.items() <= UNLISTED_JOB_MAXIMUM.items()
    else:
        assert granted == expected


@pytest.mark.parametrize(("name", "job_id"), RUNNER_JOBS)
def test_job_has_timeout(name: str, job_id: str) -> None:
    timeout = WORKFLOWS[name]["jobs"][job_id].get("timeout-minutes")
    assert isinstance(timeout, int) and timeout > 0


@pytest.mark.parametrize("uses", REMOTE_USES)
def test_remote_uses_pinned(uses: str) -> None:
    if uses.startswith("docker://"):
        assert "@sha256:" in uses
    else:
        assert COMMIT_PIN.fullmatch(uses)


@pytest.mark.parametrize("path", WORKFLOW_PATHS, ids=relative)
def test_pins_name_version(path: Path) -> None:
    unlabelled = [
        line.strip()
        for line in path.read_text().splitlines()
        if (match := PINNED_USES_LINE.match(line))
        and not VERSION_COMMENT.match(match["rest"])
    ]
    assert unlabelled == []


def test_one_pin_per_action() -> None:
    pins: dict[str, set[str]] = {}
    for param in REMOTE_USES:
        uses = str(param.values[0])
        repository, _, ref = uses.partition("@")
        pins.setdefault(repository, set()).add(ref)
    assert {repo: refs for repo, refs in pins.items() if len(refs) > 1} == {}


@pytest.mark.parametrize("script", RUN_STEPS)
def test_run_has_no_expression(script: str) -> None:
    assert "${{" not in script


@pytest.mark.parametrize("inputs", ACTION_STEPS)
def test_action_inputs_exist(inputs: dict[str, Any], action: dict[str, Any]) -> None:
    assert set(inputs) - set(action["inputs"]) == set()


@pytest.mark.parametrize("inputs", ACTION_STEPS)
def test_action_required_inputs_given(
    inputs: dict[str, Any], action: dict[str, Any]
) -> None:
    required = {name for name, spec in action["inputs"].items() if spec.get("required")}
    assert required - set(inputs) == set()


@pytest.mark.parametrize("path", WORKFLOW_PATHS, ids=relative)
def test_action_outputs_exist(path: Path, action: dict[str, Any]) -> None:
    workflow = WORKFLOWS[relative(path)]
    action_step_ids = {
        step["id"]
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if is_action_step(step) and "id" in step
    }
    unknown = {
        output
        for step_id, output in STEP_OUTPUT.findall(path.read_text())
        if step_id in action_step_ids and output not in action["outputs"]
    }
    assert unknown == set()


def test_examples_use_major_tag() -> None:
    refs = {
        str(step["uses"])
        for name, _, _, step in iter_steps()
        if name.startswith("examples/") and is_action_step(step)
    }
    assert refs == {f"{ACTION_USES_PREFIX}v1"}


def test_reusable_outputs_listed() -> None:
    outputs = triggers(WORKFLOWS[REUSABLE])["workflow_call"]["outputs"]
    assert set(outputs) == {
        "model-package-arn",
        "model-package-version",
        "model-card-arn",
        "created",
    }


@pytest.mark.parametrize(
    "output",
    ["model-package-arn", "model-package-version", "model-card-arn", "created"],
)
def test_reusable_output_maps_to_action(output: str, action: dict[str, Any]) -> None:
    workflow = WORKFLOWS[REUSABLE]
    declared = triggers(workflow)["workflow_call"]["outputs"][output]["value"]
    job = workflow["jobs"]["register"]
    step = next(step for step in job["steps"] if step.get("id") == "register")
    assert declared == f"${{{{ jobs.register.outputs.{output} }}}}"
    assert job["outputs"][output] == f"${{{{ steps.register.outputs.{output} }}}}"
    assert str(step["uses"]).startswith(ACTION_USES_PREFIX)
    assert output in action["outputs"]


def test_caller_inputs_exist() -> None:
    declared = triggers(WORKFLOWS[REUSABLE])["workflow_call"]["inputs"]
    passed = WORKFLOWS[CALLER]["jobs"]["register"]["with"]
    assert set(passed) - set(declared) == set()


def test_caller_required_inputs_given() -> None:
    declared = triggers(WORKFLOWS[REUSABLE])["workflow_call"]["inputs"]
    passed = WORKFLOWS[CALLER]["jobs"]["register"]["with"]
    required = {name for name, spec in declared.items() if spec.get("required")}
    assert required - set(passed) == set()


def test_caller_passes_role_secret() -> None:
    call = WORKFLOWS[CALLER]["jobs"]["register"]
    assert set(call["secrets"]) == {"role-to-assume"}


def test_caller_reads_declared_outputs() -> None:
    declared = triggers(WORKFLOWS[REUSABLE])["workflow_call"]["outputs"]
    used = set(NEEDS_OUTPUT.findall((REPO_ROOT / CALLER).read_text()))
    assert used
    assert used - set(declared) == set()


def test_self_test_reaches_service() -> None:
    job = WORKFLOWS[CI]["jobs"]["self-test"]
    hosts = {
        urlsplit(str(step["with"]["endpoint-url"])).hostname
        for step in job["steps"]
        if is_action_step(step)
    }
    assert hosts == set(job["services"])


def test_policy_version(policy: dict[str, Any]) -> None:
    assert policy["Version"] == "2012-10-17"


def test_policy_allows_only(policy: dict[str, Any]) -> None:
    assert {statement["Effect"] for statement in policy["Statement"]} == {"Allow"}


def test_policy_actions(policy: dict[str, Any]) -> None:
    granted = {
        action
        for statement in policy["Statement"]
        for action in as_list(statement["Action"])
    }
    assert granted == POLICY_ACTIONS


def test_policy_star_only_unscoped(policy: dict[str, Any]) -> None:
    on_any_resource = {
        action
        for statement in policy["Statement"]
        if "*" in as_list(statement["Resource"])
        for action in as_list(statement["Action"])
    }
    assert on_any_resource == UNSCOPED_ACTIONS


def test_policy_cards_scoped(policy: dict[str, Any]) -> None:
    card_resources = {
        resource
        for statement in policy["Statement"]
        for resource in as_list(statement["Resource"])
        if ":model-card/" in resource
    }
    assert card_resources == {CARD_RESOURCE}


def test_policy_tags_on_create(policy: dict[str, Any]) -> None:
    statement = next(
        s for s in policy["Statement"] if s["Action"] == "sagemaker:AddTags"
    )
    assert statement["Condition"] == {
        "StringEquals": {
            "sagemaker:TaggingAction": ["CreateModelPackageGroup", "CreateModelCard"]
        }
    }


def test_policy_placeholders() -> None:
    text = (REPO_ROOT / "examples" / "iam-policy.json").read_text()
    missing = [
        placeholder
        for placeholder in (
            "REGION",
            "ACCOUNT_ID",
            "GROUP_NAME",
            "BUCKET",
            "MODEL_PREFIX",
            "REPOSITORY",
        )
        if placeholder not in text
    ]
    assert missing == []
