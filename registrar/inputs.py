"""Read action inputs and the GitHub context from the environment.

This is the only module that reads environment variables. The runner passes an
input of a Docker action as `INPUT_` plus the input name in upper case with its
hyphens kept (`INPUT_MODEL-DATA-URL`). A shell or another CI system can only
set the underscore spelling (`INPUT_MODEL_DATA_URL`), so both are read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import InputError


def read_inputs(names: Iterable[str], environ: Mapping[str, str]) -> dict[str, str]:
    """Return the non-empty inputs among `names`, keyed by their kebab-case name.

    An input that the workflow leaves out may arrive as an empty string, so empty
    and whitespace-only values count as unset. Surrounding whitespace is dropped
    because YAML block scalars (`|`) add a trailing newline. Both spellings with
    different values are an InputError.
    """
    values: dict[str, str] = {}
    for name in names:
        upper = name.upper()
        hyphen = (environ.get(f"INPUT_{upper}") or "").strip()
        underscore = (environ.get(f"INPUT_{upper.replace('-', '_')}") or "").strip()
        if hyphen and underscore and hyphen != underscore:
            raise InputError(
                f"{name}: INPUT_{upper} and INPUT_{upper.replace('-', '_')} are both "
                "set, to different values; set only one of them"
            )
        if hyphen or underscore:
            values[name] = hyphen or underscore
    return values


def find_undecodable(values: Mapping[str, str]) -> str | None:
    """Return the first input whose value was not valid UTF-8, if any.

    Python decodes such environment bytes to surrogate characters, which no
    AWS request can carry.
    """
    for name, value in values.items():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return name
    return None


@dataclass(frozen=True)
class GitHubContext:
    """Provenance of the run, read from the runner's default variables."""

    repository: str | None = None
    server_url: str = "https://github.com"
    sha: str | None = None
    ref: str | None = None
    run_id: str | None = None
    run_attempt: str | None = None
    actor: str | None = None
    workspace: str | None = None
    output_path: str | None = None
    summary_path: str | None = None
    debug: bool = False

    @property
    def repository_url(self) -> str | None:
        """Return the repository's web address, when the repository is known."""
        if not self.repository:
            return None
        return f"{self.server_url}/{self.repository}"

    @property
    def run_url(self) -> str | None:
        """Return the workflow run's web address, when the run is known."""
        if not self.repository_url or not self.run_id:
            return None
        url = f"{self.repository_url}/actions/runs/{self.run_id}"
        if self.run_attempt:
            url += f"/attempts/{self.run_attempt}"
        return url


def read_github_context(environ: Mapping[str, str]) -> GitHubContext:
    """Return the GitHub context; every field is None outside a runner."""

    def get(key: str) -> str | None:
        return environ.get(key) or None

    return GitHubContext(
        repository=get("GITHUB_REPOSITORY"),
        server_url=(get("GITHUB_SERVER_URL") or "https://github.com").rstrip("/"),
        sha=get("GITHUB_SHA"),
        ref=get("GITHUB_REF"),
        run_id=get("GITHUB_RUN_ID"),
        run_attempt=get("GITHUB_RUN_ATTEMPT"),
        actor=get("GITHUB_ACTOR"),
        workspace=get("GITHUB_WORKSPACE"),
        output_path=get("GITHUB_OUTPUT"),
        summary_path=get("GITHUB_STEP_SUMMARY"),
        debug=environ.get("RUNNER_DEBUG") == "1",
    )


def read_region(environ: Mapping[str, str]) -> str | None:
    """Return the region from `AWS_REGION`, then `AWS_DEFAULT_REGION`."""
    return environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION") or None
