"""Workflow commands and step outputs cannot be forged by input text."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator

import pytest

from registrar import workflow
from registrar.outputs import escape_markdown_cell, format_outputs, parse_outputs


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    workflow.set_stream(buffer)
    yield buffer
    workflow.set_stream(io.StringIO())


def test_error_escapes_message_and_properties(stream: io.StringIO) -> None:
    workflow.error("50% done\nnext", title="a:b,c", file="dir/f.yml", line=3)
    assert stream.getvalue() == (
        "::error title=a%3Ab%2Cc,file=dir/f.yml,line=3::50%25 done%0Anext\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        "::set-output name=x::y",
        "  ::add-mask::secret",
        "a\n::error::forged",
        "acc\r::add-mask::PWN >= 0.5",
        "a\r\n::notice::x",
    ],
)
def test_info_makes_commands_inert(stream: io.StringIO, text: str) -> None:
    workflow.info(text)
    # The runner ends a line at CR, LF or CRLF.
    for line in re.split(r"\r\n|\r|\n", stream.getvalue()):
        assert not line.lstrip().startswith("::")


def test_group_closes_on_error(stream: io.StringIO) -> None:
    with pytest.raises(RuntimeError, match="boom"), workflow.group("Stage"):
        raise RuntimeError("boom")
    assert stream.getvalue() == "::group::Stage\n::endgroup::\n"


def test_logging_warning_becomes_annotation(stream: io.StringIO) -> None:
    workflow.configure_logging(debug_enabled=False)
    logging.getLogger("registrar.test").warning(
        "replaced %s", "x", extra={"file": "card.yml"}
    )
    assert stream.getvalue() == "::warning file=card.yml::replaced x\n"


def test_logging_debug_hidden_unless_enabled(stream: io.StringIO) -> None:
    workflow.configure_logging(debug_enabled=False)
    logging.getLogger("registrar.test").debug("request body")
    assert stream.getvalue() == ""


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "two\nlines",
        "ghadelimiter_0000\ninjected=1",
        "x<<EOF\ninjected<<EOF\nvalue\nEOF",
        "::set-output name=x::y",
        "",
    ],
)
def test_outputs_round_trip(value: str) -> None:
    text = format_outputs({"model-card-name": value, "model-card-version": "2"})
    assert parse_outputs(text) == {"model-card-name": value, "model-card-version": "2"}


def test_markdown_cell_keeps_row_on_cr() -> None:
    assert "\r" not in escape_markdown_cell("acc\r# heading")
