"""Check what an SDK really sends and receives: an HTTP transport that validates as it passes.

    import anthropic, httpx2
    from validator.transport import ValidatingTransport

    transport = ValidatingTransport(httpx2.HTTPTransport())       # or any inner transport
    client = anthropic.Anthropic(http_client=httpx2.Client(transport=transport))

Every Messages API call (`/v1/messages`, `/v1/messages/count_tokens`, `/v1/messages/batches`)
is checked: the request before it is sent, the response when its body has been read, and a
stream event by event as the SDK reads it (the bytes are passed through untouched, nothing is
held back; at the end of the stream the stream and exchange rules run). The request's headers
and URI are the context; the call is `live`, so its own `x-api-key` / `Authorization` headers
are expected, not reported as a leak.

`anthropic` 2.x talks through `httpx2`, 0.x/1.x through `httpx`: the inner transport decides
which library the transport belongs to (default: an `httpx2.HTTPTransport`, else httpx's).
Neither library is imported before a transport is made.

Modes: `raise` (default) raises `MessagesValidationError` at the first error-level finding
(`fail_on` of the config); with `anthropic` installed the exception is also an
`anthropic.AnthropicError`, which the SDK passes through untouched instead of wrapping it in
`APIConnectionError`. `collect` gathers findings on `transport.findings` / `transport.report`;
`warn` issues a `MessagesValidationWarning` per call with findings.
"""

from validator.transport.errors import MessagesValidationError, MessagesValidationWarning
from validator.transport.transports import (
    MODES,
    AsyncValidatingTransport,
    Collector,
    ValidatingTransport,
)

__all__ = [
    "MODES",
    "AsyncValidatingTransport",
    "Collector",
    "MessagesValidationError",
    "MessagesValidationWarning",
    "ValidatingTransport",
]
