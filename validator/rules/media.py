"""Media rules: base64 images and PDFs in a request (reference §5.1, §5.2, §11.6).

Images and documents are found in message content, in `tool_result` content and in
custom-content document sources (validator.rules.media_data). Each block's base64 is decoded
once per check (`RuleContext.memo`), however many rules read it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from validator.core.findings import Severity
from validator.rules import Hit, RuleContext, rule
from validator.rules.facts import fact, recorded_before
from validator.rules.media_data import KNOWN_TYPES, Media, decode, media, pdf_facts, sniff

MAX_IMAGE_BYTES = 5 * 1024 * 1024  # 5,242,880: the API's "5 MB"
MAX_SIDE, MAX_SIDE_MANY, MANY_IMAGES = 8000, 2000, 20
MAX_IMAGES, MAX_IMAGES_1M = 100, 600
MAX_PAGES, MAX_PAGES_1M = 100, 600
ONE_MILLION = 1_000_000


def _images(payload: Any, ctx: RuleContext) -> list[Media]:
    return [m for m in ctx.memo(media, payload) if m.block.get("type") == "image"]


def _one_million(payload: Any, ctx: RuleContext) -> bool:
    window = fact(payload, ctx, "context-window")
    return isinstance(window, int) and window >= ONE_MILLION


@rule("media/base64-invalid", needs=("block:image|block:document",))
def base64_invalid(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A base64 image or PDF source's `data` decodes as base64."""
    for item in ctx.memo(media, payload):
        data = item.base64
        if data is None or ctx.memo(decode, item.base64) is not None:
            continue
        hint = " (drop the data: URL prefix)" if data.startswith("data:") else ""
        yield Hit(item.data_pointer, f"source.data is not valid base64{hint}")


# The first public report of the API rejecting bytes that do not match their media_type
# (anthropics/claude-code#12064, 2025-11-21); older recordings show the API accepting them.
MEDIA_TYPE_ENFORCED = "2025-11-21"


@rule("media/media-type-mismatch", needs=("block:image|block:document",))
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
    for item in ctx.memo(media, payload):
        data = ctx.memo(decode, item.base64)
        declared = item.source.get("media_type")
        if not data or not isinstance(declared, str) or declared not in KNOWN_TYPES:
            continue
        actual = sniff(data)
        if actual != declared:
            shown = f"{actual} bytes" if actual else "bytes of no known image or PDF format"
            text = f"media_type is {declared}, but the data holds {shown}{note}"
            yield Hit(f"{item.pointer}/source/media_type", text, severity)


@rule("media/image-too-large", needs=("block:image",))
def image_too_large(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A base64 image is at most 5 MB (5,242,880 bytes) decoded."""
    for item in _images(payload, ctx):
        data = ctx.memo(decode, item.base64)
        if data is not None and len(data) > MAX_IMAGE_BYTES:
            text = f"image exceeds 5 MB maximum: {len(data)} bytes > {MAX_IMAGE_BYTES} bytes"
            yield Hit(item.data_pointer, text)


@rule("media/image-dimensions-too-large", needs=("block:image",))
def image_dimensions_too_large(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Image sides are at most 8000 px, or 2000 px when the request holds more than 20 images."""
    images = _images(payload, ctx)
    if not images:
        return  # before the import: imagesize pulls in urllib/http (~25 ms of cold start)
    import imagesize

    limit = MAX_SIDE_MANY if len(images) > MANY_IMAGES else MAX_SIDE
    for item in images:
        data = ctx.memo(decode, item.base64)
        if not data:
            continue
        width, height = imagesize.get(io.BytesIO(data), exif_rotation=False)
        if max(width, height) > limit:
            many = " for requests with more than 20 images" if limit == MAX_SIDE_MANY else ""
            text = f"image is {width}x{height} px; the maximum side is {limit} px{many}"
            yield Hit(item.data_pointer, text)


@rule("media/too-many-images", needs=("block:image",))
def too_many_images(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A request holds at most 100 images (600 on 1M-context models)."""
    images = _images(payload, ctx)
    limit = MAX_IMAGES_1M if _one_million(payload, ctx) else MAX_IMAGES
    if len(images) > limit:
        text = f"the request holds {len(images)} images; the maximum is {limit}"
        yield Hit(images[limit].pointer, text)


def _pdfs(payload: Any, ctx: RuleContext) -> Iterator[tuple[Media, bool, int]]:
    """(document, password protected?, page count) of each small base64 PDF, read once."""
    for item in ctx.memo(media, payload):
        if item.block.get("type") == "document":
            facts = ctx.memo(pdf_facts, ctx.memo(decode, item.base64))
            if facts is not None:
                yield item, *facts


@rule("media/pdf-encrypted", needs=("block:document",))
def pdf_encrypted(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A base64 PDF is not password protected."""
    for item, locked, _ in _pdfs(payload, ctx):
        if locked:
            yield Hit(item.data_pointer, "the PDF is password protected")


@rule("media/pdf-too-many-pages", needs=("block:document",))
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
