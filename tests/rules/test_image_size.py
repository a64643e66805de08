"""`validator.rules.image_size` reads the sizes `imagesize` reads, byte for byte, on the four
formats the API takes (and on damaged, truncated and odd headers), without importing it."""

from __future__ import annotations

import struct

import imagesize
from hypothesis import given, settings
from hypothesis import strategies as st
from payloads import fresh_imports, gif, jpeg, png, webp

from validator.rules.image_size import image_size

SIDES = st.integers(1, 20000)


def _expected(data: bytes) -> tuple[int, int]:
    import io

    return imagesize.get(io.BytesIO(data), exif_rotation=False)


def _vp8(width: int, height: int) -> bytes:
    frame = b"\x9d\x01\x2a" + struct.pack("<HH", width & 0x3FFF, height & 0x3FFF)
    chunk = b"VP8 " + struct.pack("<I", 10) + b"\x00\x00\x00" + frame
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def _vp8l(width: int, height: int) -> bytes:
    bits = (width - 1) & 0x3FFF | ((height - 1) & 0x3FFF) << 14
    chunk = b"VP8L" + struct.pack("<I", 5) + b"\x2f" + struct.pack("<I", bits)
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def _progressive_jpeg(width: int, height: int) -> bytes:
    """A JPEG whose frame header (SOF2) follows a comment, restart markers and fill bytes."""
    comment = b"\xff\xfe" + struct.pack(">H", 70) + bytes(68)
    sof = b"\xff\xff\xc2" + struct.pack(">HBHHB", 17, 8, height, width, 3) + bytes(9)
    return b"\xff\xd8\xff\xd0" + comment + b"\xff\xc4\x00\x02" + sof + b"\xff\xd9"


MAKERS = st.sampled_from([png, jpeg, gif, webp, _vp8, _vp8l, _progressive_jpeg])


@settings(max_examples=400, deadline=None)
@given(MAKERS, SIDES, SIDES)
def test_well_formed_headers_give_the_sizes_imagesize_gives(make, width, height) -> None:
    data = make(width, height)
    assert image_size(data) == _expected(data)


@settings(max_examples=600, deadline=None)
@given(
    MAKERS,
    SIDES,
    SIDES,
    st.integers(0, 120),
    st.lists(st.tuples(st.integers(0, 119), st.integers(0, 255)), max_size=4),
)
def test_truncated_and_damaged_headers_agree_with_imagesize(
    make, width, height, cut, damage
) -> None:
    data = bytearray(make(width, height)[: max(cut, 2)])
    for offset, byte in damage:
        if offset < len(data):
            data[offset] = byte
    assert image_size(bytes(data)) == _expected(bytes(data))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=80))
def test_any_bytes_agree_with_imagesize(data: bytes) -> None:
    assert image_size(data) == _expected(data)


def test_a_check_with_an_image_does_not_import_imagesize() -> None:
    code = (
        "import base64, sys\n"
        "from validator import engine\n"
        f"data = base64.b64encode({png(40, 30)!r}).decode()\n"
        "block = {'type': 'image', 'source': {'type': 'base64', 'media_type': 'image/png',"
        " 'data': data}}\n"
        "request = {'model': 'claude-sonnet-4-6', 'max_tokens': 5,"
        " 'messages': [{'role': 'user', 'content': [block]}]}\n"
        "print(engine.check_value('request', request))\n"
    )
    loaded, printed = fresh_imports(code, {"imagesize", "urllib.request"})
    assert loaded == [] and printed == "[]"  # the image was checked (and is fine)
