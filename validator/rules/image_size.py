"""Image dimensions from the header bytes, never by decoding pixels.

The four formats the API takes (PNG, JPEG, GIF, WebP) are read here, exactly as the
`imagesize` library reads them (sizes only, no EXIF rotation; (-1, -1) where it finds none),
so that a run which meets an image does not import `imagesize`, which pulls in `urllib` and
`http` (~45 ms). Any other format is handed to `imagesize`.
"""

from __future__ import annotations

import struct

UNKNOWN = (-1, -1)
_NO_SOF = frozenset({0xC4, 0xC8, 0xCC})  # C0-CF markers that are not a frame header


def image_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels as the header states them; (-1, -1) when unreadable."""
    head = data[:64]
    try:
        if len(head) >= 10 and head[:6] in (b"GIF87a", b"GIF89a"):
            width, height = struct.unpack("<hh", head[6:10])
            return width, height
        if len(head) >= 8 and head.startswith(b"\x89PNG\r\n\x1a\n"):
            if len(head) < 26 or head[12:16] != b"IHDR":
                return UNKNOWN
            width, height = struct.unpack(">LL", head[16:24])
            return width, height
        if len(head) >= 2 and head.startswith(b"\xff\xd8"):
            return _jpeg(data)
        if _other_format(head):
            return _imagesize(data)
        if len(head) >= 16 and head.startswith(b"RIFF") and head[8:12] == b"WEBP":
            return _webp(head)
    except (struct.error, IndexError, ValueError):
        return UNKNOWN
    return _imagesize(data)


def _other_format(head: bytes) -> bool:
    """A format `imagesize` tells before WebP (JPEG 2000, HEIF/AVIF, TIFF, SVG, Netpbm)."""
    return (
        (len(head) >= 12 and head.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n"))
        or (len(head) >= 8 and head[4:8] == b"ftyp")
        or (len(head) >= 8 and head[:4] in (b"MM\x00*", b"II*\x00", b"II+\x00"))
        or (len(head) >= 5 and head.startswith((b"<?xml", b"<svg")))
        or (head[:1] == b"P" and head[1:2] in b"123456")
    )


def _jpeg(data: bytes) -> tuple[int, int]:
    """The size in the first frame header (SOFn) before the scan starts."""
    position, end = 2, len(data)
    while position < end:
        start = data.find(b"\xff", position)
        if start == -1:
            break
        cursor = start + 1
        while cursor < end and data[cursor] == 0xFF:
            cursor += 1
        if cursor >= end:
            break
        marker = data[cursor]
        position = cursor + 1
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no frame header before
            break
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            continue
        if position + 2 > end:
            break
        (segment,) = struct.unpack_from(">H", data, position)
        if segment < 2:
            return UNKNOWN
        payload = position + 2
        if 0xC0 <= marker <= 0xCF and marker not in _NO_SOF:
            frame = data[payload : payload + min(segment - 2, 6)]
            if len(frame) < 6:
                return UNKNOWN
            height, width = struct.unpack(">xHH", frame[:5])
            return width, height
        position = payload + segment - 2
    return UNKNOWN


def _webp(head: bytes) -> tuple[int, int]:
    chunk = head[12:16]
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", head[26:30])
        return width, height
    if chunk == b"VP8X":
        width = struct.unpack("<I", head[24:27] + b"\0")[0] + 1
        height = struct.unpack("<I", head[27:30] + b"\0")[0] + 1
        return width, height
    if chunk == b"VP8L":
        value = head[21:25]
        width = (((value[1] & 63) << 8) | value[0]) + 1
        height = (((value[3] & 15) << 10) | (value[2] << 2) | ((value[1] & 192) >> 6)) + 1
        return width, height
    return UNKNOWN


def _imagesize(data: bytes) -> tuple[int, int]:
    import io

    import imagesize

    width, height = imagesize.get(io.BytesIO(data), exif_rotation=False)
    return width, height
