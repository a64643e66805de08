"""Hypothesis strategies for every kind of Messages API payload, valid by the spec and its rules.

    from hypothesis import given
    from validator import strategies as mv

    @given(mv.requests(tools=True, thinking=True))
    def test_my_client_accepts(body): ...

Generic JSON Schema generators do not cope with discriminated unions of this size and know
nothing of the cross-field rules; these build payloads the way a client would: roles alternate
starting with `user`, every `tool_use` is answered by `tool_result`s first in the next user
turn, thinking blocks come first in an assistant turn, `budget_tokens` < `max_tokens` <= the
model's maximum, no sampling parameters, no final assistant turn (no prefill), tool names
unique, `tool_choice` only with tools, forced tool use never with manual thinking, at most two
cache breakpoints, no beta-only field, base64 images are real bytes of their media type.

One strategy per spec kind (`KIND_STRATEGIES`): `requests()`, `count_tokens_requests()`,
`responses()`, `errors()`, `stream_events()`, `streams()`, `exchanges()`, `batch_creates()`,
`batch_lines()`, `batch_results()`, `batches()`, `count_tokens_responses()`.

hypothesis is a test dependency, not a runtime one: this is the only package that imports
it, and nothing else imports it. Families in modules: `leaves` (texts, blocks, tools),
`requests`, `responses` (messages, streams, errors), `batches`, `exchanges`.
"""

from typing import Any

from validator.strategies.batches import (
    batch_creates,
    batch_lines,
    batch_results,
    batches,
    count_tokens_responses,
    custom_ids,
)
from validator.strategies.exchanges import HEADERS, exchanges
from validator.strategies.leaves import (
    IMAGES,
    MAX_OUTPUT,
    MODEL,
    WORDS,
    Json,
    base64_images,
    cache_control,
    document_blocks,
    free_text,
    id_suffixes,
    image_blocks,
    multiline,
    safe_chars,
    signatures,
    text_blocks,
    texts,
    tool_lists,
    tool_names,
    url_images,
    user_blocks,
    user_blocks_no_images,
)
from validator.strategies.requests import (
    COUNT_TOKENS_FIELDS,
    answer_turn,
    assistant_turn,
    conversations,
    count_tokens_requests,
    requests,
    system_prompts,
    thinking_configs,
    tool_choices,
    user_content,
)
from validator.strategies.responses import (
    ERROR_TYPES,
    errors,
    request_ids,
    responses,
    stream_events,
    stream_of,
    streams,
    usages,
)

KIND_STRATEGIES: dict[str, Any] = {
    "request": requests,
    "count-tokens": count_tokens_requests,
    "response": responses,
    "error": errors,
    "stream": streams,
    "stream-event": stream_events,
    "exchange": exchanges,
    "batch-create": batch_creates,
    "batch-line": batch_lines,
    "batch-result": batch_results,
    "batch": batches,
    "count-tokens-response": count_tokens_responses,
}
"""spec kind -> a function returning the strategy of its valid payloads."""

__all__ = [
    "COUNT_TOKENS_FIELDS",
    "ERROR_TYPES",
    "HEADERS",
    "IMAGES",
    "KIND_STRATEGIES",
    "MAX_OUTPUT",
    "MODEL",
    "WORDS",
    "Json",
    "answer_turn",
    "assistant_turn",
    "base64_images",
    "batch_creates",
    "batch_lines",
    "batch_results",
    "batches",
    "cache_control",
    "conversations",
    "count_tokens_requests",
    "count_tokens_responses",
    "custom_ids",
    "document_blocks",
    "errors",
    "exchanges",
    "free_text",
    "id_suffixes",
    "image_blocks",
    "multiline",
    "request_ids",
    "requests",
    "responses",
    "safe_chars",
    "signatures",
    "stream_events",
    "stream_of",
    "streams",
    "system_prompts",
    "text_blocks",
    "texts",
    "thinking_configs",
    "tool_choices",
    "tool_lists",
    "tool_names",
    "url_images",
    "usages",
    "user_blocks",
    "user_blocks_no_images",
    "user_content",
]
