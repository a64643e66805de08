"""Payloads and helpers that many test modules share (import as `from payloads import ...`)."""

from __future__ import annotations

import ast
import base64
import copy
import io
import os
import shutil
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pypdf import PdfWriter

from validator import engine
from validator.core.findings import Finding
from validator.readers import Document
from validator.readers.exchange import read_exchange
from validator.schema.spec import load_spec

GOOD_REQUEST = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 1024,
    "messages": [{"role": "user", "content": "Hello"}],
}
GOOD_RESPONSE = {
    "id": "msg_01",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-6",
    "content": [{"type": "text", "text": "Hi!"}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 5, "output_tokens": 3},
}
# The events of a stream that rebuilds GOOD_RESPONSE (with a ping, as the API sends).
GOOD_STREAM = [
    {"type": "message_start", "message": {**GOOD_RESPONSE, "content": [], "stop_reason": None}},
    {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    {"type": "ping"},
    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi!"}},
    {"type": "content_block_stop", "index": 0},
    {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {"output_tokens": 3},
    },
    {"type": "message_stop"},
]
# budget_tokens not below max_tokens: one error, a rule the API itself enforces.
BUDGET_REQUEST = {**GOOD_REQUEST, "thinking": {"type": "enabled", "budget_tokens": 2048}}
BUDGET_RULE = "thinking/budget-not-below-max-tokens"


def installed_exe() -> str:
    """The `messages-validator` console script installed beside this Python."""
    found = shutil.which("messages-validator", path=str(Path(sys.executable).parent))
    assert found, "the console script is installed beside this Python"
    return found


def fresh_imports(
    code: str, watched: Iterable[str], *argv: str, cwd: Path | None = None
) -> tuple[list[str], str]:
    """Run `code` in a fresh interpreter (`argv` as its arguments); return which of the
    `watched` modules it left imported, sorted, and what it printed before that.

    For cold-start tests: what a run imports is what every run of it pays.
    """
    names = sorted(set(watched))
    probe = f"{code}\nimport sys as _sys\nprint([m for m in {names!r} if m in _sys.modules])\n"
    done = subprocess.run(
        [sys.executable, "-c", probe, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    *printed, last = done.stdout.splitlines()
    return ast.literal_eval(last), "\n".join(printed)


def png(width: int, height: int) -> bytes:
    chunk = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    crc = struct.pack(">I", zlib.crc32(chunk))
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + crc


def jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + bytes(9)
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00"


def webp(width: int, height: int) -> bytes:
    size = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    chunk = b"VP8X" + struct.pack("<I", 10) + bytes(4) + size
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def pdf(pages: int, password: str | None = None, owner_only: bool = False) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(72, 72)
    if password is not None:
        user = "" if owner_only else password
        writer.encrypt(user_password=user, owner_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image(data: bytes | str, media_type: str = "image/png") -> dict[str, Any]:
    text = data if isinstance(data, str) else base64.b64encode(data).decode()
    return {"type": "image", "source": {"type": "base64", "media_type": media_type, "data": text}}


def document(data: bytes) -> dict[str, Any]:
    text = base64.b64encode(data).decode()
    source = {"type": "base64", "media_type": "application/pdf", "data": text}
    return {"type": "document", "source": source}


def exchanges(records: list[dict[str, Any]]) -> Iterator[tuple[int, dict[str, Any], Document]]:
    """(record number, record, exchange document) for every record of the corpus."""
    for number, record in enumerate(records, start=1):
        for item in read_exchange(
            record, file="corpus", number=number, base=None, position=corpus_position
        ):
            if isinstance(item, Document):
                yield number, record, item


def findings_of(doc: Document) -> list[Finding]:
    return engine.check_value("exchange", doc.value, context=doc.context, meta=doc.meta)


def accepted(record: dict[str, Any]) -> bool:
    return 200 <= record["status"] < 300


def retired(findings: list[Finding]) -> bool:
    return any(f.rule == "models/retired-model" for f in findings)


def corpus_position(tokens: list[str]) -> tuple[int, int]:
    return (1, 1)


SCHEMAS: dict[str, Any] = load_spec()["components"]["schemas"]


def example(name: str) -> Any:
    return copy.deepcopy(SCHEMAS[name]["example"])


def stream_events() -> list[dict[str, Any]]:
    """A whole text stream: start, a text block with a delta, the message delta, stop."""
    start = {"type": "message_start", "message": {**example("Message"), "content": []}}
    start["message"]["stop_reason"] = None
    return [
        start,
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "ping"},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi"}},
        {"type": "content_block_stop", "index": 0},
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": None},
            "usage": {"output_tokens": 3},
        },
        {"type": "message_stop"},
    ]


def seeds() -> dict[str, Any]:
    """A realistic valid payload of every kind."""
    request = example("CreateMessageParams")
    return {
        "request": request,
        "count-tokens": example("CountMessageTokensParams"),
        "response": example("Message"),
        "error": example("ErrorResponse"),
        "stream": stream_events(),
        "stream-event": stream_events()[3],
        "exchange": {
            "request": request,
            "response": example("Message"),
            "stream": None,
            "request_headers": {"anthropic-version": "2023-06-01", "x-api-key": "k"},
            "status": 200,
        },
        "batch-create": example("CreateMessageBatchParams"),
        "batch-line": example("MessageBatchIndividualRequest"),
        "batch-result": example("MessageBatchIndividualResponse"),
        "batch": example("MessageBatch"),
        "streamed exchange": {
            "request": {**request, "stream": True},
            "response": None,
            "stream": stream_events(),
            "request_headers": {"anthropic-version": "2023-06-01", "anthropic-beta": "a,b"},
            "status": 200,
        },
    }


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    out = copy.deepcopy(value)
    node = out
    for token in path[:-1]:
        node = node[token]
    node[path[-1]] = new
    return out
