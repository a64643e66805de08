"""messages-validator: check Anthropic Messages API payloads against the spec and its rules."""

from __future__ import annotations

__version__ = "0.1.0"
