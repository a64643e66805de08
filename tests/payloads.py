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
# budget_tokens not below max_tokens: one error, a rule the API itself enforces.
BUDGET_REQUEST = {**GOOD_REQUEST, "thinking": {"type": "enabled", "budget_tokens": 2048}}
BUDGET_RULE = "thinking/budget-not-below-max-tokens"


def installed_exe() -> str:
    """The `messages-validator` console script installed beside this Python."""
    found = shutil.which("messages-validator", path=str(Path(sys.executable).parent))
    assert found, "the console script is installed beside this Python"
    return found
