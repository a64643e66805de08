"""The exception and the warning a transport raises or issues when a call has findings."""

from __future__ import annotations

import functools

from validator import PayloadInvalid


class MessagesValidationError(PayloadInvalid):
    """A Messages API call that passed through a transport had findings (`raise` mode).

    `.report` holds the findings; the message is the text report. Raised as an instance of a
    subclass that is also an `anthropic.AnthropicError` when the SDK is installed.
    """


class MessagesValidationWarning(UserWarning):
    """Issued in `warn` mode; the message is the text report of one call."""


@functools.cache
def sdk_error() -> type[MessagesValidationError]:
    """MessagesValidationError that the SDK re-raises as it is (it wraps other exceptions)."""
    try:
        from anthropic import AnthropicError
    except ImportError:
        return MessagesValidationError
    return type("MessagesValidationError", (MessagesValidationError, AnthropicError), {})
