"""Through `validator.check_request`: a real small header of each image
format, a mismatched media_type, the 5 MB and 8000/2000 px limits, and proof that dimensions
come from the header alone (a valid header over a garbage body still gives its size, with
every pixel decoder made unimportable)."""

from __future__ import annotations

import base64
import struct
import sys
from typing import Any

import pytest
from payloads import document, gif, jpeg, pdf, png, webp

from validator import check_request

MAKERS = {"image/png": png, "image/jpeg": jpeg, "image/gif": gif, "image/webp": webp}
DATA = "/messages/0/content/0/source/data"


def image(data: bytes, media_type: str) -> dict[str, Any]:
    text = base64.b64encode(data).decode()
    return {"type": "image", "source": {"type": "base64", "media_type": media_type, "data": text}}


def request(*blocks: dict[str, Any]) -> dict[str, Any]:
    content = [*blocks, {"type": "text", "text": "Describe."}]
    return {
        "model": "claude-haiku-4-5",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": content}],
    }


def found(payload: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f.rule, f.pointer) for f in check_request(payload).findings]


@pytest.mark.parametrize("media_type", sorted(MAKERS))
def test_each_format_passes_and_a_mismatch_is_flagged(media_type: str) -> None:
    data = MAKERS[media_type](640, 480)
    assert found(request(image(data, media_type))) == []
    other = next(t for t in sorted(MAKERS) if t != media_type)
    assert found(request(image(data, other))) == [
        ("media/media-type-mismatch", "/messages/0/content/0/source/media_type")
    ]


@pytest.mark.parametrize("media_type", sorted(MAKERS))
def test_dimensions_come_from_the_header_not_from_decoding(
    media_type: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every decoder that could read pixels is made unimportable: only a header reader works.
    for name in ("PIL", "PIL.Image", "cv2", "imageio"):
        monkeypatch.setitem(sys.modules, name, None)
    garbage = bytes(range(256)) * 16  # not pixel data of any format
    tall = MAKERS[media_type](10, 9000) + garbage
    small = MAKERS[media_type](10, 10) + garbage
    assert found(request(image(tall, media_type))) == [("media/image-dimensions-too-large", DATA)]
    assert found(request(image(small, media_type))) == []
    message = check_request(request(image(tall, media_type))).findings[0].message
    assert "10x9000" in message and "8000" in message


def test_more_than_twenty_images_take_the_2000_px_limit() -> None:
    wide = image(png(2001, 100), "image/png")
    assert found(request(*[wide] * 20)) == []  # 20 images: 8000 px still
    hits = found(request(*[wide] * 20, image(png(10, 10), "image/png")))
    assert hits == [("media/image-dimensions-too-large", f"/messages/0/content/{i}/source/data")
                    for i in range(20)]  # fmt: skip
    assert found(request(*[image(png(2000, 2000), "image/png")] * 21)) == []


def test_five_megabytes_decoded() -> None:
    header = png(100, 100)
    limit = 5 * 1024 * 1024
    assert found(request(image(header + bytes(limit - len(header)), "image/png"))) == []
    over = image(header + bytes(limit - len(header) + 1), "image/png")
    assert found(request(over)) == [("media/image-too-large", DATA)]


def test_pdf_pages_and_password_with_pypdf() -> None:
    assert found(request(document(pdf(100)))) == []
    assert found(request(document(pdf(101)))) == [("media/pdf-too-many-pages", DATA)]
    assert found(request(document(pdf(1, password="pw")))) == [("media/pdf-encrypted", DATA)]


def webp_lossless(width: int, height: int) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    chunk = b"VP8L" + struct.pack("<I", 5) + b"\x2f" + struct.pack("<I", bits)
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def webp_lossy(width: int, height: int) -> bytes:
    frame = b"\x00\x00\x00" + b"\x9d\x01\x2a" + struct.pack("<HH", width, height)
    chunk = b"VP8 " + struct.pack("<I", len(frame)) + frame
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


@pytest.mark.parametrize("make", [webp_lossless, webp_lossy])
def test_every_webp_header_kind_gives_its_size(make: Any) -> None:
    assert found(request(image(make(100, 8000), "image/webp"))) == []
    assert found(request(image(make(8001, 100), "image/webp"))) == [
        ("media/image-dimensions-too-large", DATA)
    ]
