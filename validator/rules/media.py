"""Media rules: base64 images and PDFs in a request (reference §5.1, §5.2, §11.6).

Images and documents are found in message content, in `tool_result` content and in
custom-content document sources. Each block's base64 is decoded once per request (the
decoded bytes are cached for the payload being checked); image sizes come from the header
through `imagesize`, never by decoding pixels; PDFs are opened with `pypdf` only when they
are small enough to read cheaply.
"""

from __future__ import annotations

import binascii
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from validator.core.findings import Severity
from validator.rules import Hit, RuleContext, rule
from validator.rules.facts import recorded_before
from validator.rules.models import fact

MAX_IMAGE_BYTES = 5 * 1024 * 1024  # 5,242,880: the API's "5 MB"
MAX_SIDE, MAX_SIDE_MANY, MANY_IMAGES = 8000, 2000, 20
MAX_IMAGES, MAX_IMAGES_1M = 100, 600
MAX_PAGES, MAX_PAGES_1M = 100, 600
ONE_MILLION = 1_000_000
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


# Decode once per check: [payload, rule context, {pointer: (data string, bytes or None)}].
# The engine gives every rule of one check the same RuleContext; the data string is kept too,
# to notice a payload changed in place between two rules called directly.
_cache: list[Any] = [None, None, {}]


def decoded(payload: Any, item: Media, ctx: RuleContext) -> bytes | None:
    """The block's base64 bytes, or None when it has no base64 or it does not decode."""
    if _cache[0] is not payload or _cache[1] is not ctx:
        _cache[:] = [payload, ctx, {}]
    table: dict[str, tuple[Any, Any]] = _cache[2]
    data = item.base64
    hit = table.get(item.pointer)
    if hit is None or hit[0] is not data:
        hit = table[item.pointer] = (data, _decode(data))
    return hit[1]


def _decode(data: str | None) -> bytes | None:
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


def _images(payload: Any) -> list[Media]:
    return [m for m in media(payload) if m.block.get("type") == "image"]


def _one_million(payload: Any, ctx: RuleContext) -> bool:
    window = fact(payload, ctx, "context-window")
    return isinstance(window, int) and window >= ONE_MILLION


@rule("media/base64-invalid")
def base64_invalid(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A base64 image or PDF source's `data` decodes as base64."""
    for item in media(payload):
        data = item.base64
        if data is None or decoded(payload, item, ctx) is not None:
            continue
        hint = " (drop the data: URL prefix)" if data.startswith("data:") else ""
        yield Hit(item.data_pointer, f"source.data is not valid base64{hint}")


# The first public report of the API rejecting bytes that do not match their media_type
# (anthropics/claude-code#12064, 2025-11-21); older recordings show the API accepting them.
MEDIA_TYPE_ENFORCED = "2025-11-21"


@rule("media/media-type-mismatch")
def media_type_mismatch(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """The bytes' signature matches the declared `media_type`.

    Judged by the recording date: a recording made before 2025-11-21 (the first rejection seen)
    gets a warning, as the API then accepted JPEG bytes labelled PNG and the like.
    """
    recorded = recorded_before(ctx, MEDIA_TYPE_ENFORCED)
    severity = Severity.WARNING if recorded else None
    note = (
        f" (recorded {recorded.isoformat()}, accepted then; rejected since {MEDIA_TYPE_ENFORCED})"
        if recorded
        else ""
    )
    for item in media(payload):
        data = decoded(payload, item, ctx)
        declared = item.source.get("media_type")
        if not data or not isinstance(declared, str) or declared not in KNOWN_TYPES:
            continue
        actual = sniff(data)
        if actual != declared:
            shown = f"{actual} bytes" if actual else "bytes of no known image or PDF format"
            text = f"media_type is {declared}, but the data holds {shown}{note}"
            yield Hit(f"{item.pointer}/source/media_type", text, severity)


@rule("media/image-too-large")
def image_too_large(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A base64 image is at most 5 MB (5,242,880 bytes) decoded."""
    for item in _images(payload):
        data = decoded(payload, item, ctx)
        if data is not None and len(data) > MAX_IMAGE_BYTES:
            text = f"image exceeds 5 MB maximum: {len(data)} bytes > {MAX_IMAGE_BYTES} bytes"
            yield Hit(item.data_pointer, text)


@rule("media/image-dimensions-too-large")
def image_dimensions_too_large(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Image sides are at most 8000 px, or 2000 px when the request holds more than 20 images."""
    images = _images(payload)
    if not images:
        return  # before the import: imagesize pulls in urllib/http (~25 ms of cold start)
    import imagesize

    limit = MAX_SIDE_MANY if len(images) > MANY_IMAGES else MAX_SIDE
    for item in images:
        data = decoded(payload, item, ctx)
        if not data:
            continue
        width, height = imagesize.get(io.BytesIO(data), exif_rotation=False)
        if max(width, height) > limit:
            many = " for requests with more than 20 images" if limit == MAX_SIDE_MANY else ""
            text = f"image is {width}x{height} px; the maximum side is {limit} px{many}"
            yield Hit(item.data_pointer, text)


@rule("media/too-many-images")
def too_many_images(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A request holds at most 100 images (600 on 1M-context models)."""
    images = _images(payload)
    limit = MAX_IMAGES_1M if _one_million(payload, ctx) else MAX_IMAGES
    if len(images) > limit:
        text = f"the request holds {len(images)} images; the maximum is {limit}"
        yield Hit(images[limit].pointer, text)


def _pdf(data: bytes | None) -> Any:
    """A pypdf reader for small PDFs; None when too large or unreadable."""
    if not data or len(data) > PDF_READ_LIMIT or sniff(data) != "application/pdf":
        return None
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


def _pdfs(payload: Any, ctx: RuleContext) -> Iterator[tuple[Media, bool, int]]:
    """(document, password protected?, page count) of each small base64 PDF, read once."""
    for item in media(payload):
        if item.block.get("type") != "document":
            continue
        data = decoded(payload, item, ctx)
        table = _cache[2]
        key = f"pdf:{item.pointer}"
        if key not in table or table[key][0] is not data:
            reader = _pdf(data)
            facts = None if reader is None else (_locked(reader), 0)
            if facts is not None and not facts[0]:
                facts = (False, _pages(reader))
            table[key] = (data, facts)
        if table[key][1] is not None:
            yield item, *table[key][1]


@rule("media/pdf-encrypted")
def pdf_encrypted(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A base64 PDF is not password protected."""
    for item, locked, _ in _pdfs(payload, ctx):
        if locked:
            yield Hit(item.data_pointer, "the PDF is password protected")


@rule("media/pdf-too-many-pages")
def pdf_too_many_pages(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """The request's PDFs hold at most 100 pages in all (600 on 1M-context models)."""
    limit = MAX_PAGES_1M if _one_million(payload, ctx) else MAX_PAGES
    total = 0
    for item, _, pages in _pdfs(payload, ctx):
        total += pages
        if total > limit:
            text = f"the request's PDFs hold {total} pages here; at most {limit} may be provided"
            yield Hit(item.data_pointer, text)
            return
