"""What the proxy checks and writes: a request's findings as it comes in, the exchange's
once the response has been sent, and the exchange's record (the JSONL `check` reads).

The checks see the call's headers as sent, with `Context(live=True)`: the call's own
credential headers are expected there, not a leak, a fact owned by the rule
`secrets/credential-in-headers` (as for `validator.transport`). What is written (the
record) has every credential header replaced by `REDACTED` (`settings.redacted`).
"""

from __future__ import annotations

import json
import time
from typing import Any

from validator.core.context import Context
from validator.core.redact import redact, redact_value
from validator.proxy.settings import Settings, redacted
from validator.proxy.sse import SSESplitter


def findings_lines(report: Any, where: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**where, **finding.to_dict()} for finding in report.findings]


def check_request(body: bytes, kind: str, context: Context, settings: Settings) -> tuple[Any, Any]:
    """(parsed request or None, report or None) of a request body."""
    from validator import check

    try:
        payload = json.loads(body) if body else None
    except ValueError:
        return None, None  # not JSON: the API answers that itself
    return payload, check(payload, kind, context=context, config=settings.config)


def after_response(
    settings: Settings,
    *,
    method: str,
    uri: str,
    status: int,
    headers: dict[str, str],
    payload: Any,
    kind: str | None,
    splitter: SSESplitter | None,
    copy: list[bytes],
    complete: bool,
    started: float,
) -> None:
    """Check the exchange (its response or stream) and write the findings and the record."""
    response: Any = None
    text: str | None = None
    sse: str | None = None
    events: list[Any] | None = None
    raw = b"".join(copy)
    if splitter is not None:
        splitter.close()
        events = splitter.events
        sse = raw.decode("utf-8", "replace")
    else:
        try:
            response = json.loads(raw) if raw else None
        except ValueError:
            text = raw.decode("utf-8", "replace")
    where = {"method": method, "uri": uri, "phase": "response", "status": status}
    if kind == "request" and complete:
        from validator import check

        value = {
            "request": payload,
            "response": response,
            "stream": events or None,
            "request_headers": headers,
            "status": status,
        }
        report = check(
            value,
            "exchange",
            context=Context(headers=headers, uri=uri, live=True),
            config=settings.config,
        )
        for line in findings_lines(report, where):
            if line.get("part") != "request":  # logged when the request came in
                settings.write(settings.log, line)
    if settings.record is not None:
        entry = {  # no credential is written, wherever the client put it
            "method": method,
            "uri": redact(uri),
            "status": status,
            "request": redact_value(payload),
            "request_headers": redact_value(redacted(headers)),
            "response": redact_value(response),
            "response_sse": redact_value(sse),
            "response_text": redact_value(text),
            "recorded_at": time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime()),
            "duration_ms": round((time.monotonic() - started) * 1000, 3),
        }
        settings.write(settings.record, entry)
