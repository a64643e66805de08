"""Kind and format detection (design §5): by content first, then by extension."""

from __future__ import annotations

from typing import Any

FORMATS_BY_EXTENSION = {
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".har": "har",
    ".sse": "sse",
}
STREAM_EVENTS = frozenset(
    {
        "message_start",
        "message_delta",
        "message_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "ping",
        "error",
    }
)
HEAD_TEXT = 4096  # characters of a file's head: enough to tell SSE, JSONL and JSON apart
_SSE_FIELDS = ("event:", "data:", "id:", "retry:", ":")
_EXCHANGE_KEYS = ("response", "response_sse", "status", "uri", "request_headers", "stream")


def sniff_format(name: str, head: str) -> str:
    """`json`, `yaml`, `jsonl`, `har` or `sse`, from the extension, else the first bytes."""
    dot = name.rfind(".")
    ext = name[dot:].lower() if dot > max(name.rfind("/"), name.rfind("\\")) else ""
    if ext in FORMATS_BY_EXTENSION:
        return FORMATS_BY_EXTENSION[ext]
    text = head.lstrip("\ufeff \t\r\n")
    if text.startswith(_SSE_FIELDS):
        return "sse"
    if text.startswith(("{", "[")):
        return "jsonl" if _looks_like_jsonl(text) else "json"
    return "yaml"


def _looks_like_jsonl(text: str) -> bool:
    """Two or more lines that each open an object, and a first line that parses alone."""
    import orjson

    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2 or not lines[1].lstrip().startswith("{"):
        return False
    try:
        orjson.loads(lines[0])
    except orjson.JSONDecodeError:
        return False
    return True


def is_exchange(value: Any) -> bool:
    """A recorded request/response pair (the corpus format, or check_exchange's dict)."""
    return (
        isinstance(value, dict)
        and "request" in value
        and any(key in value for key in _EXCHANGE_KEYS)
    )


def is_har(value: Any) -> bool:
    """A HAR log (`{"log": {"entries": [...]}}`), whatever the file's extension."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("log"), dict)
        and ("entries" in value["log"])
    )


def is_stream(value: Any) -> bool:
    """A JSON list of stream event payloads (each an object with a string `type`)."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(e, dict) and isinstance(e.get("type"), str) for e in value)
    )


def detect_kind(value: Any, *, count_tokens: bool = False) -> str:
    """The kind of one parsed payload; `unknown` when it is not a Messages API payload.

    `count_tokens` is the hint (flag, filename or URI) that a body without `max_tokens` is
    a count_tokens request rather than a create request missing it.
    """
    if is_stream(value):
        return "stream"
    if not isinstance(value, dict):
        return "unknown"
    if "custom_id" in value and ("params" in value or "result" in value):
        return "batch-line" if "params" in value else "batch-result"
    if is_exchange(value):
        return "exchange"
    kind = _by_type(value.get("type"))
    if kind is not None:
        return kind
    if isinstance(value.get("requests"), list):
        return "batch-create"
    if "messages" in value:
        return "count-tokens" if count_tokens and "max_tokens" not in value else "request"
    if "input_tokens" in value and "output_tokens" not in value:
        return "count-tokens-response"
    return _by_members(value)


# Members only one kind has: a payload whose `messages` or `type` is missing or broken is
# still reported as the payload it plainly is, not skipped as "not a payload".
_REQUEST_ONLY = frozenset({"max_tokens", "system", "tool_choice", "thinking", "stop_sequences"})
_RESPONSE_ONLY = frozenset({"stop_reason", "stop_sequence"})
_BATCH_ONLY = frozenset({"processing_status", "request_counts", "results_url"})


def _by_members(value: dict[str, Any]) -> str:
    """The kind the set of members says, for a payload with no telling `messages`/`type`."""
    keys = value.keys()
    if value.get("role") == "assistant" and (keys & _RESPONSE_ONLY or "content" in keys):
        return "response"
    if keys & _RESPONSE_ONLY and "usage" in keys:
        return "response"
    if "model" in keys and keys & _REQUEST_ONLY:
        return "request"
    if len(keys & _BATCH_ONLY) >= 2:
        return "batch"
    error = value.get("error")
    if isinstance(error, dict) and "message" in error and "type" in error:
        return "error"
    return "unknown"


def _by_type(type_: Any) -> str | None:
    if type_ == "message":
        return "response"
    if type_ == "error":
        return "error"
    if type_ == "message_batch":
        return "batch"
    if isinstance(type_, str) and type_ in STREAM_EVENTS:  # a list or object tag: unhashable
        return "stream-event"
    return None


def count_tokens_hint(name: str) -> bool:
    """A filename that says count_tokens (`count_tokens.json`, `req-count-tokens.yaml`)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return "count_tokens" in base or "count-tokens" in base
