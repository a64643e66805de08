"""Media bytes: where images and documents sit in a request, their base64, and what the bytes are.

Image sizes come from the header through `imagesize` (in the rules), never by decoding pixels;
PDFs are opened with `pypdf` only when they are small enough to read cheaply.
"""

from __future__ import annotations

import binascii
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

PDF_READ_LIMIT = 8 * 1024 * 1024  # larger PDFs are not parsed (page count, encryption)


SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


KNOWN_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"})


@dataclass(frozen=True)
class Media:
    """One image or document block and where it sits."""

    pointer: str  # of the block
    block: dict[str, Any]

    @property
    def source(self) -> dict[str, Any]:
        source = self.block.get("source")
        return source if isinstance(source, dict) else {}

    @property
    def base64(self) -> str | None:
        data = self.source.get("data")
        return data if self.source.get("type") == "base64" and isinstance(data, str) else None

    @property
    def data_pointer(self) -> str:
        return f"{self.pointer}/source/data"


def _walk(items: Any, pointer: str) -> Iterator[Media]:
    for j, block in enumerate(items if isinstance(items, list) else []):
        if not isinstance(block, dict):
            continue
        here = f"{pointer}/{j}"
        kind = block.get("type")
        if kind in ("image", "document"):
            yield Media(here, block)
        if kind == "tool_result":
            yield from _walk(block.get("content"), f"{here}/content")
        source = block.get("source")
        if kind == "document" and isinstance(source, dict) and source.get("type") == "content":
            yield from _walk(source.get("content"), f"{here}/source/content")


def media(payload: Any) -> list[Media]:
    """Every image and document block of a request, in order."""
    messages = payload.get("messages") if isinstance(payload, dict) else None
    found: list[Media] = []
    for i, message in enumerate(messages if isinstance(messages, list) else []):
        if isinstance(message, dict):
            found.extend(_walk(message.get("content"), f"/messages/{i}/content"))
    return found


def decode(data: str | None) -> bytes | None:
    """The base64 bytes, or None when there are none or they do not decode."""
    if data is None:
        return None
    try:
        return binascii.a2b_base64("".join(data.split()).encode("ascii"), strict_mode=True)
    except (binascii.Error, ValueError):
        return None


def sniff(data: bytes) -> str | None:
    """The media type the bytes' signature shows, or None."""
    for magic, media_type in SIGNATURES:
        if data.startswith(magic):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if b"%PDF-" in data[:1024]:
        return "application/pdf"
    return None


def _pdf(data: bytes | None) -> Any:
    """A pypdf reader for small PDFs; None when too large or unreadable."""
    if not data or len(data) > PDF_READ_LIMIT or sniff(data) != "application/pdf":
        return None
    import logging  # here, not at import: only a request with a PDF pays for it

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed PDFs log noisily
    try:
        return PdfReader(io.BytesIO(data))
    except Exception:  # pypdf raises many types on damaged files; not our finding
        return None


def _locked(reader: Any) -> bool:
    """Encrypted and not readable with the empty user password."""
    try:
        return bool(reader.is_encrypted) and not reader.decrypt("")
    except Exception:  # an unsupported cipher: the API cannot open it either
        return True


def _pages(reader: Any) -> int:
    try:
        return len(reader.pages)
    except Exception:
        return 0


def pdf_facts(data: bytes | None) -> tuple[bool, int] | None:
    """(password protected?, page count) of a small PDF; None when it is not read."""
    reader = _pdf(data)
    if reader is None:
        return None
    if _locked(reader):
        return True, 0
    return False, _pages(reader)
