"""The httpx2 / httpx glue: which library a transport is built on, the content decoder
of a response, and a response whose byte stream passes each chunk to a call's checks."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Iterator
from typing import Any


def library_of(transport: Any) -> Any:
    """`httpx2` or `httpx`: the module whose classes `transport` is built on."""
    for cls in type(transport).__mro__:
        top = cls.__module__.split(".")[0]
        if top in ("httpx2", "httpx"):
            return importlib.import_module(top)
    raise TypeError(f"{type(transport).__name__} is not an httpx2 or httpx transport")


def default_library() -> Any:
    try:
        return importlib.import_module("httpx2")
    except ImportError:
        return importlib.import_module("httpx")


def decoder(lib: Any, headers: Any) -> Any:
    """A content decoder for the response's `content-encoding`, or None when unsupported."""
    codings = [c.strip().lower() for c in headers.get("content-encoding", "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    supported = getattr(getattr(lib, "_decoders", None), "SUPPORTED_DECODERS", {})
    if not codings:
        return _Identity()
    if len(codings) == 1 and codings[0] in supported:
        return supported[codings[0]]()
    return None


class _Identity:
    def decode(self, data: bytes) -> bytes:
        return data

    def flush(self) -> bytes:
        return b""


def _sync_stream_class(lib: Any) -> type:
    class CheckedStream(lib.SyncByteStream):
        """The inner byte stream, each chunk fed to the checks and passed on unchanged."""

        def __init__(self, inner: Any, call: Any) -> None:
            self.inner, self.call = inner, call

        def __iter__(self) -> Iterator[bytes]:
            for chunk in self.inner:
                self.call.chunk(chunk)
                yield chunk
            self.call.finish()

        def close(self) -> None:  # a body closed before its end is not checked (incomplete)
            self.inner.close()

    return CheckedStream


def _async_stream_class(lib: Any) -> type:
    class CheckedAsyncStream(lib.AsyncByteStream):
        """The inner async byte stream, each chunk fed to the checks and passed on unchanged."""

        def __init__(self, inner: Any, call: Any) -> None:
            self.inner, self.call = inner, call

        async def __aiter__(self) -> AsyncIterator[bytes]:
            async for chunk in self.inner:
                self.call.chunk(chunk)
                yield chunk
            self.call.finish()

        async def aclose(self) -> None:
            await self.inner.aclose()

    return CheckedAsyncStream


_STREAMS: dict[tuple[str, bool], type] = {}


def wrapped_response(lib: Any, response: Any, call: Any, *, is_async: bool) -> Any:
    """A new response of the same status, headers and extensions, read through our stream."""
    key = (lib.__name__, is_async)
    if key not in _STREAMS:
        _STREAMS[key] = (_async_stream_class if is_async else _sync_stream_class)(lib)
    call.start_response(lib, response)
    return lib.Response(
        status_code=response.status_code,
        headers=response.headers,
        stream=_STREAMS[key](response.stream, call),
        extensions=response.extensions,
        request=_request_of(response),
    )


def _request_of(response: Any) -> Any:
    try:
        return response.request
    except RuntimeError:  # a response made by hand has none
        return None
