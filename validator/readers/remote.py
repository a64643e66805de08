"""Inputs by URL (`s3://bucket/logs/*.jsonl.gz`, `gs://...`, `file:///...`) read through fsspec.

Imported only for a path with `://`, so a plain run never imports fsspec. Globs are expanded
by the filesystem, files are opened with `compression="infer"` (`.gz`, `.bz2`, ... by suffix),
and the decompressed stream goes to the ordinary readers. Credentials come from the usual
environment of each filesystem (AWS_* for s3fs, ...); the name shown in reports and errors is
the URL without userinfo, query string or fragment (`display_name`).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from validator.core.context import Context
from validator.core.findings import Finding
from validator.readers.detect import FORMATS_BY_EXTENSION, sniff_format
from validator.readers.dispatch import head_text, read_format
from validator.readers.document import Document
from validator.readers.source import ReadError, Source

INSTALL_HINT = "reading URLs needs fsspec: pip install 'messages-validator[dask]'"
_GLOB = frozenset("*?[")
# Suffixes fsspec's `compression="infer"` knows, as in fsspec.utils.compressions.
_COMPRESSED = (".gz", ".bz2", ".xz", ".zst", ".lz4", ".lzma")


def is_url(path: str) -> bool:
    return "://" in path


def display_name(url: str) -> str:
    """The URL as reports show it: no `user:password@`, no `?query`, no `#fragment`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.split("?", 1)[0].split("#", 1)[0].rsplit("@", 1)[-1]
    netloc = parts.netloc.rsplit("@", 1)[-1]
    if parts.scheme.lower() not in ("http", "https"):  # `?` is a glob character there
        rest = url.split("://", 1)[1]
        return f"{url.split('://', 1)[0]}://{netloc}{rest[len(parts.netloc) :]}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def format_name(name: str) -> str:
    """The name with a compression suffix dropped, for telling the format by extension."""
    lower = name.lower()
    for suffix in _COMPRESSED:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _fsspec() -> Any:
    try:
        import fsspec
    except ImportError:  # pragma: no cover - the extra is installed in tests
        raise ReadError("URL", INSTALL_HINT) from None
    return fsspec


def _filesystem(url: str) -> tuple[Any, str]:
    fsspec = _fsspec()
    try:
        return fsspec.core.url_to_fs(url)
    except (ValueError, ImportError) as exc:  # unknown protocol, its package missing
        raise ReadError(display_name(url), _clean(exc, url)) from None


def _clean(exc: BaseException, url: str) -> str:
    """An error message that never repeats the raw URL (it may hold credentials)."""
    text = str(exc) or type(exc).__name__
    return text.replace(url, display_name(url))


def _payload_file(path: str) -> bool:
    name = format_name(path)
    dot = name.rfind(".")
    return dot > name.rfind("/") and name[dot:].lower() in FORMATS_BY_EXTENSION


def expand_url(url: str) -> list[str]:
    """The file URLs a URL names: a glob expanded, a directory walked (payload files), sorted.

    A URL that names nothing is returned as is, so that reading it reports the error.
    """
    fs, path = _filesystem(url)
    try:
        if _GLOB & set(path):
            found = sorted(p for p in fs.glob(path) if not fs.isdir(p))
            if not found:
                return [url]  # nothing matches: reading it says "no such file"
        elif fs.isdir(path):
            found = sorted(p for p in fs.find(path) if _payload_file(p))
        else:
            return [url]
    except FileNotFoundError:
        return [url]
    except Exception as exc:  # credentials refused, endpoint down: no traceback
        raise ReadError(display_name(url), _clean(exc, url)) from None
    return [_with_protocol(fs, url, p) for p in found]


def _with_protocol(fs: Any, url: str, path: str) -> str:
    scheme = url.split("://", 1)[0]
    full = fs.unstrip_protocol(path)
    return full if full.startswith(f"{scheme}://") else f"{scheme}://{path.lstrip('/')}"


def size(url: str) -> int:
    """The stored size in bytes (0 when unknown, so the file is not cut)."""
    try:
        fs, path = _filesystem(url)
        return int(fs.size(path) or 0)
    except Exception:
        return 0


def open_raw(url: str) -> Any:
    """The stored bytes, seekable, not decompressed (for byte ranges of plain JSONL)."""
    fs, path = _filesystem(url)
    try:
        return fs.open(path, "rb")
    except Exception as exc:
        raise _read_error(exc, url) from None


def open_url(url: str) -> Source:
    """A `Source` of the URL's (decompressed) bytes; `ReadError` when it cannot be read."""
    fsspec = _fsspec()
    try:
        stream = fsspec.open(url, "rb", compression="infer").open()
        return Source.from_stream(stream, display_name(url))
    except ReadError:
        raise
    except Exception as exc:
        raise _read_error(exc, url) from None


def _read_error(exc: Exception, url: str) -> ReadError:
    name = display_name(url)
    if isinstance(exc, FileNotFoundError):
        return ReadError(name, "no such file")
    if isinstance(exc, PermissionError):
        return ReadError(name, "permission denied")
    if isinstance(exc, IsADirectoryError):
        return ReadError(name, "is a directory")
    return ReadError(name, _clean(exc, url))


def read_url(
    url: str, *, kind: str | None = None, hook_mode: bool = False, context: Context | None = None
) -> Iterator[Document | Finding]:
    """Documents of the file at a URL, as `read_path` gives them for a local file."""
    source = open_url(url)  # raises before the first document, so the CLI can exit 2
    kind = None if kind in (None, "auto") else kind
    return _read(source, kind, hook_mode, context)


def _read(
    source: Source, kind: str | None, hook: bool, context: Context | None
) -> Iterator[Document | Finding]:
    try:
        fmt = sniff_format(format_name(source.name), head_text(source))
        yield from read_format(source, fmt, kind, hook, context)
    except ReadError:
        raise
    except (OSError, EOFError, zlib.error) as exc:  # a truncated .gz, a connection lost mid-read
        raise ReadError(source.name, str(exc) or type(exc).__name__) from None
    finally:
        source.close()


__all__ = ["display_name", "expand_url", "is_url", "open_url", "read_url"]
