"""What the proxy is told (upstream, mode, limits, where findings and records go), the
headers it drops or redacts, and the API's error envelope it answers with itself."""

from __future__ import annotations

import json
import sys
import threading
from dataclasses import dataclass, field
from typing import Any, TextIO

from starlette.responses import JSONResponse

DEFAULT_UPSTREAM = "https://api.anthropic.com"
MAX_BODY = 32 * 1024 * 1024  # request bodies above this get 413; response copies stop here
CREDENTIAL_HEADERS = frozenset({"x-api-key", "authorization", "proxy-authorization", "cookie"})
# Hop-by-hop headers (RFC 9110 §7.6.1) and those the proxy sets itself.
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding"}
    | {"upgrade", "host", "content-length", "accept-encoding"}
)
RESPONSE_DROP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding"}
    | {"upgrade"}
)


def api_error(status: int, error_type: str, message: str) -> JSONResponse:
    """The API's error envelope."""
    body = {"type": "error", "error": {"type": error_type, "message": message}}
    return JSONResponse(body, status_code=status)


def redacted(headers: Any) -> dict[str, str]:
    """Headers (lower-cased names) with every credential value replaced by `REDACTED`."""
    return {
        k.lower(): ("REDACTED" if k.lower() in CREDENTIAL_HEADERS else v)
        for k, v in headers.items()
    }


@dataclass
class Settings:
    upstream: str = DEFAULT_UPSTREAM
    mode: str = "log"  # "log" | "reject"
    log: TextIO | None = None  # findings as JSON lines; None: stderr
    record: TextIO | None = None  # exchanges as JSONL, the format `check` reads
    max_body: int = MAX_BODY
    connect_timeout: float = 10.0
    read_timeout: float = 600.0
    config: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def write(self, stream: TextIO | None, line: dict[str, Any]) -> None:
        out = stream if stream is not None else sys.stderr
        text = json.dumps(line, ensure_ascii=False)
        with self._lock:
            out.write(text + "\n")
            out.flush()
