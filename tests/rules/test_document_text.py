"""Rules that answer from the document's text (`Document.text`, a JSONL line) instead of
serialising each payload again: the answer is the same as without the text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from payloads import GOOD_REQUEST, GOOD_RESPONSE

from validator.engine import check_document
from validator.readers import Document, read_path
from validator.rules.request import NUMBER_GROWTH

KEY = "sk-ant-api03-Hv4Bq8Tn2Wc6Ys0Rk3Lp9Zd1Mf5Jx7Ga"  # made up for these tests


def _checked(tmp_path: Path, line: str) -> list[tuple[str, str | None, str]]:
    path = tmp_path / "traffic.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    (doc,) = [d for d in read_path(str(path)) if isinstance(d, Document)]
    assert doc.text is not None  # the reader kept the line
    return sorted((f.rule, f.part, f.pointer) for f in check_document(doc))


def _spelled(key: str, escape: bool) -> str:
    """The key as JSON text, its `s` written `\\u0073` when `escape`."""
    text = json.dumps(key)
    return text.replace("s", "\\u0073", 1) if escape else text


@pytest.mark.parametrize("escape", [False, True])
@pytest.mark.parametrize("part", ["request", "response"])
def test_a_key_in_any_part_of_a_line_is_found_however_it_is_spelled(
    tmp_path: Path, escape: bool, part: str
) -> None:
    request = json.dumps({**GOOD_REQUEST, "messages": [{"role": "user", "content": "@K"}]})
    response = json.dumps({**GOOD_RESPONSE, "content": [{"type": "text", "text": "@K"}]})
    if part == "request":
        request = request.replace('"@K"', _spelled(KEY, escape))
    else:
        response = response.replace('"@K"', _spelled(KEY, escape))
    found = _checked(tmp_path, f'{{"request": {request}, "response": {response}}}')
    assert [f for f in found if f[0] == "secrets/api-key-in-payload"] == [
        (
            "secrets/api-key-in-payload",
            part,
            "/messages/0/content" if part == "request" else "/content/0/text",
        )
    ]


def test_a_key_in_a_streamed_line_is_found(tmp_path: Path) -> None:
    delta = {"type": "content_block_delta", "index": 0}
    delta["delta"] = {"type": "text_delta", "text": KEY}
    sse = f"event: content_block_delta\ndata: {json.dumps(delta)}\n\n"
    found = _checked(tmp_path, json.dumps({"request": GOOD_REQUEST, "response_sse": sse}))
    assert ("secrets/api-key-in-payload", "stream", "/0/delta/text") in found


NUMBERS = st.builds(
    lambda mantissa, exponent: f"{mantissa}e{exponent}",
    st.sampled_from(["1", "9", "-1", "1.5", "0", "7.25"]),
    st.integers(-320, 310),
) | st.integers(-(2**63), 2**63 - 1).map(str)
TOKENS = NUMBERS | st.text(max_size=8).map(json.dumps) | st.sampled_from(["true", "null"])


@settings(max_examples=500, deadline=None)
@given(st.lists(TOKENS, max_size=20))
def test_compact_json_is_never_more_than_number_growth_times_its_text(tokens: list[str]) -> None:
    text = ("[" + ", ".join(tokens) + "]").encode()
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:  # an exponent past the float range: not JSON orjson reads
        return
    assert len(orjson.dumps(value)) <= NUMBER_GROWTH * len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_a_string_has_no_more_utf8_bytes_than_its_json_text(text: str) -> None:
    for spelled in (json.dumps(text), json.dumps(text, ensure_ascii=False)):
        assert len(text.encode("utf-8", "surrogatepass")) <= len(spelled.encode("utf-8"))


def test_a_large_body_is_still_measured_past_the_bound(tmp_path: Path) -> None:
    """A line over 1/8 of the limit is measured; the real limit is what decides."""
    from validator.rules import RuleContext
    from validator.rules.request import MAX_BODY_BYTES, body_too_large

    payload: dict[str, Any] = {**GOOD_REQUEST}
    big = b" " * (MAX_BODY_BYTES // NUMBER_GROWTH + 1)
    assert list(body_too_large(payload, RuleContext("request", text=big))) == []
    payload["metadata"] = {"user_id": "x" * MAX_BODY_BYTES}
    hits = list(body_too_large(payload, RuleContext("request", text=big)))
    assert len(hits) == 1
