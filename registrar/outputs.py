"""Step outputs (`$GITHUB_OUTPUT`) and the step summary (`$GITHUB_STEP_SUMMARY`)."""

from __future__ import annotations

import secrets
from pathlib import Path


def format_outputs(outputs: dict[str, str]) -> str:
    """Return outputs in the runner's multi-line form, a random delimiter each.

    The delimiter is fresh per value and checked against it, so a value that
    contains newlines or a delimiter-looking line cannot end early and add outputs.
    """
    blocks = []
    for name, value in outputs.items():
        delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
        while delimiter in value:
            delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
        blocks.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    return "".join(blocks)


def parse_outputs(text: str) -> dict[str, str]:
    """Parse `$GITHUB_OUTPUT` text as the runner does: `name=value` lines and
    `name<<DELIMITER` blocks.
    """
    outputs: dict[str, str] = {}
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        head, sep, delimiter = line.partition("<<")
        if sep and "=" not in head:
            end = lines.index(delimiter, index)
            outputs[head] = "\n".join(lines[index:end])
            index = end + 1
        elif "=" in line:
            name, _, value = line.partition("=")
            outputs[name] = value
    return outputs


def write_outputs(path: str | None, outputs: dict[str, str]) -> None:
    """Append `outputs` to the `$GITHUB_OUTPUT` file; do nothing without one."""
    if not path:
        return
    with Path(path).open("a", encoding="utf-8") as handle:
        handle.write(format_outputs(outputs))


def append_summary(path: str | None, markdown: str) -> None:
    """Append Markdown to the `$GITHUB_STEP_SUMMARY` file; do nothing without one."""
    if not path:
        return
    with Path(path).open("a", encoding="utf-8") as handle:
        handle.write(markdown.rstrip("\n") + "\n")


def escape_markdown_cell(text: str) -> str:
    """Return text that stays inside one Markdown table cell."""
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\r", " ")
        .replace("\n", " ")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
