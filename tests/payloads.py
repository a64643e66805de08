"""Payloads and helpers that many test modules share (import as `from payloads import ...`)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

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
