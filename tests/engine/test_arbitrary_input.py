"""Arbitrary JSON values through the engine and
arbitrary bytes through the CLI.

For every kind, `check_value` gets (a) any JSON value at all and (b) a realistic payload of
that kind (built from the spec's own examples) with one node replaced by any JSON value.
It must return, and every finding must be well formed: a catalogued rule id, an RFC 6901
pointer, a severity, a one-line message. Random bytes and text through `validator.cli.main`
give exit code 0, 1 or 2 and never a traceback.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from payloads import replaced, seeds

from validator import catalogue
from validator.cli import main
from validator.core.context import Context
from validator.core.findings import Finding, Severity
from validator.engine import check_value
from validator.readers import KINDS as READER_KINDS

# Every kind a payload can be checked as (`unknown` and the tiny count_tokens reply aside).
KINDS = [k for k in READER_KINDS if k not in ("unknown", "count-tokens-response")]
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
POINTER = re.compile(r"^(/([^~/]|~[01])*)*$")


SEEDS = seeds()

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["", " ", "\n", "text", "image", "tool_use", "message", "error", "user"]),
)
keys = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["type", "content", "messages", "role", "text", "index", "delta", "~/"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=25,
)


def paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every node's path (containers and leaves, the root included)."""
    out = [here]
    if isinstance(value, dict):
        for k, v in value.items():
            out += paths(v, (*here, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += paths(v, (*here, i))
    return out


def well_formed(findings: list[Finding]) -> None:
    for f in findings:
        assert catalogue.get(f.rule) is not None, f.rule
        assert isinstance(f.pointer, str) and POINTER.match(f.pointer), f.pointer
        assert isinstance(f.severity, Severity)
        assert isinstance(f.message, str) and f.message.strip(), f
        assert len(f.message.splitlines()) == 1, f.message
        assert "valid under" not in f.message, f.message


CONTEXTS = [
    None,
    Context(headers={}, uri="https://api.anthropic.com/v1/messages?beta=true"),
    Context(headers={"anthropic-version": "2023-06-01"}),
    Context(headers={"anthropic-version": "2026-10-21", "anthropic-beta": "files-api-2025-04-14"}),
]


def test_seeds_are_clean() -> None:
    """The seeds are valid, so that a finding after a mutation comes from the mutation."""
    context = Context(headers={"anthropic-version": "2023-06-01"})
    for name, value in SEEDS.items():
        found = check_value(name.split()[-1], value, context=context)
        assert [f for f in found if f.severity is Severity.ERROR] == [], name


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(value=json_values, context=st.sampled_from(CONTEXTS))
def test_any_json_value_gives_well_formed_findings(
    kind: str, value: Any, context: Context | None
) -> None:
    well_formed(check_value(kind, value, context=context))


@pytest.mark.parametrize("name", [*KINDS, "streamed exchange"])
@SETTINGS
@given(data=st.data())
def test_one_node_replaced_gives_well_formed_findings(name: str, data: st.DataObject) -> None:
    seed, kind = SEEDS[name], name.split()[-1]
    path = data.draw(st.sampled_from(paths(seed)), label="path")
    value = replaced(seed, path, data.draw(json_values, label="new"))
    context = data.draw(st.sampled_from(CONTEXTS), label="context")
    well_formed(check_value(kind, value, context=context))


def test_a_stream_event_value_with_a_newline_keeps_rule_messages_one_line() -> None:
    events = replaced(SEEDS["stream"], (3, "index"), "\n")
    found = check_value("stream", events)
    well_formed(found)
    assert "delta-before-block-start" in " ".join(f.rule for f in found)


@pytest.mark.parametrize("kind", KINDS)
def test_non_json_python_values_do_not_raise(kind: str) -> None:
    """What a YAML file can hold but JSON cannot (dates, int keys, bytes) is a finding."""
    import datetime

    for odd in (datetime.date(2026, 1, 1), b"\x00", {1: "x"}, {"messages": (1, 2)}, 1e308 * 10):
        well_formed(check_value(kind, odd))


# -- the CLI ---------------------------------------------------------------------------------
NAMES = ["x.json", "x.yaml", "x.jsonl", "x.sse", "x.har", "x.txt", "x"]


def run_cli(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> int:
    code = main(["check", *extra, str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code


CLI_SETTINGS = settings(
    SETTINGS,
    max_examples=60,
    # capsys is read out (and so emptied) after every run
    suppress_health_check=[*SETTINGS.suppress_health_check, HealthCheck.function_scoped_fixture],
)


@CLI_SETTINGS
@given(blob=st.binary(max_size=300), name=st.sampled_from(NAMES))
def test_random_bytes_through_the_cli(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    blob: bytes,
    name: str,
) -> None:
    path = tmp_path_factory.mktemp("bytes") / name
    path.write_bytes(blob)
    assert run_cli(path, capsys) in (0, 1, 2)


TEXTISH = st.one_of(
    st.text(max_size=200),
    json_values.map(json.dumps),
    st.lists(st.sampled_from(["event: ping", "data: {}", "data: {", "", ": c", "event: x"])).map(
        "\n".join
    ),
)


@CLI_SETTINGS
@given(text=TEXTISH, name=st.sampled_from(NAMES), kind=st.sampled_from(["auto", *KINDS]))
def test_random_text_through_the_cli(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    text: str,
    name: str,
    kind: str,
) -> None:
    path = tmp_path_factory.mktemp("text") / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    for fmt in ("text", "json"):
        assert run_cli(path, capsys, "--kind", kind, "--format", fmt) in (0, 1, 2)


# -- what the properties above found, pinned ---------------------------------------------------
def test_a_key_with_a_newline_stays_on_one_line() -> None:
    found = check_value("request", {**SEEDS["request"], "a\nb": 1})
    assert [(f.rule, f.pointer, f.message) for f in found] == [
        ("schema/unknown-field", "/a\nb", "unexpected field `a\\nb`")
    ]


@pytest.mark.parametrize("tag", [[], {}, ["text_delta"]])
def test_a_stream_with_an_unhashable_tag_is_a_finding(tag: Any) -> None:
    events = replaced(SEEDS["stream"], (3, "delta", "type"), tag)
    found = check_value("stream", events)
    well_formed(found)
    assert [(f.rule, f.pointer) for f in found] == [("schema/unknown-type", "/3/delta/type")]
    events = replaced(SEEDS["stream"], (1, "content_block", "type"), tag)
    found = check_value("stream", events)
    assert [(f.rule, f.pointer) for f in found] == [
        ("schema/unknown-type", "/1/content_block/type")
    ]


def test_an_empty_yaml_file_is_not_a_payload(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("")
    assert run_cli(path, capsys) == 0
    path.write_text("# only a comment\n")
    assert run_cli(path, capsys) == 0


# -- the fast and the detailed path agree on these values too ---------------------------------
SCHEMA_KINDS = [k for k in KINDS if k not in ("stream", "exchange")]
with_newline = st.one_of(json_values, st.text(max_size=12).map(lambda s: s + "\n"))


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
@SETTINGS
@given(data=st.data())
def test_fast_and_detailed_paths_agree_on_replaced_nodes(kind: str, data: st.DataObject) -> None:
    """jsonschema-rs and jsonschema (ECMA patterns) give one verdict, trailing `\\n` included."""
    from validator.schema import spec

    seed = SEEDS[kind]
    path = data.draw(st.sampled_from(paths(seed)), label="path")
    value = replaced(seed, path, data.draw(with_newline, label="new"))
    for beta in (False, True):
        try:
            fast = spec.fast_validator(kind, beta=beta).is_valid(value)
        except (ValueError, OverflowError):
            continue  # numbers jsonschema-rs cannot hold: the engine takes the detailed path
        detailed = next(spec.detailed_validator(kind, beta=beta).iter_errors(value), None)
        assert fast == (detailed is None), (kind, beta, path, detailed)


@CLI_SETTINGS
@given(blob=st.binary(max_size=300) | TEXTISH.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_random_bytes_on_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], blob: bytes
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(blob), encoding="utf-8"))
    code = main(["check", "--format", "json", "-"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code in (0, 1, 2)
    if code != 2:
        json.loads(out)  # the JSON report stays a JSON document


@SETTINGS
@given(value=json_values, name=st.sampled_from(["x.json", "x.yaml", "x.jsonl", "x.har"]))
def test_any_json_value_through_the_readers_and_the_engine(
    tmp_path_factory: pytest.TempPathFactory, value: Any, name: str
) -> None:
    """Detection, reading and checking of any JSON value in a file: findings, no exception."""
    from validator.engine import check_document
    from validator.readers import Document, read_path
    from validator.readers.detect import detect_kind

    assert isinstance(detect_kind(value), str)
    path = tmp_path_factory.mktemp("values") / name
    path.write_text(json.dumps(value), encoding="utf-8")
    for item in read_path(str(path)):
        if isinstance(item, Document):
            found = check_document(item)
            well_formed(found)
            assert all(f.line is None or f.line >= 1 for f in found)
        else:
            well_formed([item])
