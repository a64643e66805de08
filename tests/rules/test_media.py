"""Media rules: base64, signatures, size, dimensions, counts and PDFs.

Images are tiny hand-built headers (imagesize reads sizes from the header, so a PNG that
claims 9000 px needs 33 bytes); PDFs are written by pypdf. Nothing binary is committed.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from payloads import document, gif, image, jpeg, pdf, png, webp

from validator import engine
from validator.rules import media


def request(*blocks: dict[str, Any], model: str = "claude-haiku-4-5") -> dict[str, Any]:
    content = [*blocks, {"type": "text", "text": "Describe."}]
    return {"model": model, "max_tokens": 64, "messages": [{"role": "user", "content": content}]}


def found(payload: dict[str, Any]) -> list[tuple[str, str]]:
    findings = engine.check_value("request", payload)
    return [(f.rule, f.pointer) for f in findings if f.rule.startswith("media/")]


DATA = "/messages/0/content/0/source/data"


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (png(10, 10), "image/png"),
        (jpeg(10, 10), "image/jpeg"),
        (gif(10, 10), "image/gif"),
        (webp(10, 10), "image/webp"),
    ],
)
def test_each_image_format_is_recognised(data: bytes, media_type: str) -> None:
    assert media.sniff(data) == media_type
    assert found(request(image(data, media_type))) == []


@pytest.mark.parametrize("declared", ["image/jpeg", "image/gif", "image/webp"])
def test_a_png_declared_as_something_else(declared: str) -> None:
    assert found(request(image(png(10, 10), declared))) == [
        ("media/media-type-mismatch", "/messages/0/content/0/source/media_type")
    ]


def test_bytes_of_no_known_format() -> None:
    hits = engine.check_value("request", request(image(b"hello world, not an image")))
    assert [(f.rule, "no known" in f.message) for f in hits] == [
        ("media/media-type-mismatch", True)
    ]


@pytest.mark.parametrize(
    "data", ["data:image/png;base64,iVBORw0KGgo=", "iVBORw0KGgo", "iVBOR w0KG!!", "ñ"]
)
def test_invalid_base64(data: str) -> None:
    assert found(request(image(data))) == [("media/base64-invalid", DATA)]


def test_whitespace_in_base64_is_accepted() -> None:
    text = base64.encodebytes(png(10, 10) * 4).decode()  # wrapped every 76 characters
    assert "\n" in text
    assert found(request(image(text))) == []


def test_image_size_limit_is_on_decoded_bytes() -> None:
    header = png(100, 100)
    at_limit = header + bytes(media.MAX_IMAGE_BYTES - len(header))
    assert found(request(image(at_limit))) == []
    hits = engine.check_value("request", request(image(at_limit + b"\x00")))
    assert [(f.rule, f.pointer) for f in hits] == [("media/image-too-large", DATA)]
    assert "5242881 bytes > 5242880 bytes" in hits[0].message


@pytest.mark.parametrize("make", [png, jpeg, gif, webp])
def test_dimensions_are_read_from_the_header(make: Any) -> None:
    media_type = media.sniff(make(1, 1))
    assert found(request(image(make(8000, 10), media_type))) == []
    assert found(request(image(make(10, 8001), media_type))) == [
        ("media/image-dimensions-too-large", DATA)
    ]


def test_more_than_twenty_images_lower_the_limit_to_2000() -> None:
    twenty = [image(png(2001, 10)) for _ in range(20)]
    assert found(request(*twenty)) == []
    hits = found(request(*twenty, image(png(10, 10))))
    assert len(hits) == 20 and {rule for rule, _ in hits} == {"media/image-dimensions-too-large"}
    assert found(request(*[image(png(2000, 2000)) for _ in range(21)])) == []


def test_image_count_limit_depends_on_the_context_window() -> None:
    url = {"type": "image", "source": {"type": "url", "url": "https://example.com/a.png"}}
    assert found(request(*[url] * 100)) == []
    assert found(request(*[url] * 101)) == [("media/too-many-images", "/messages/0/content/100")]
    # claude-sonnet-4-6 has a 1M-token context window in x-models: 600 images
    assert found(request(*[url] * 101, model="claude-sonnet-4-6")) == []
    assert ("media/too-many-images", "/messages/0/content/600") in found(
        request(*[url] * 601, model="claude-sonnet-4-6")
    )


def test_images_nested_in_tool_results_and_documents_are_checked() -> None:
    bad = image(png(10, 10), "image/jpeg")
    result = {"type": "tool_result", "tool_use_id": "toolu_1", "content": [bad]}
    custom = {"type": "document", "source": {"type": "content", "content": [bad]}}
    payload = {
        "model": "claude-haiku-4-5",
        "max_tokens": 64,
        "messages": [
            {"role": "user", "content": "Call it."},
            {
                "role": "assistant",
                "content": [{"type": "tool_use", "id": "toolu_1", "name": "shot", "input": {}}],
            },
            {"role": "user", "content": [result, custom]},
        ],
        "tools": [{"name": "shot", "input_schema": {"type": "object"}}],
    }
    assert found(payload) == [
        ("media/media-type-mismatch", "/messages/2/content/0/content/0/source/media_type"),
        ("media/media-type-mismatch", "/messages/2/content/1/source/content/0/source/media_type"),
    ]


def test_pdf_checks() -> None:
    assert found(request(document(pdf(3)))) == []
    assert found(request(document(pdf(60)), document(pdf(40)))) == []
    assert found(request(document(pdf(60)), document(pdf(41)))) == [
        ("media/pdf-too-many-pages", "/messages/0/content/1/source/data")
    ]
    assert found(request(document(pdf(101)), model="claude-sonnet-4-6")) == []
    assert found(request(document(pdf(2, password="s3cret")))) == [("media/pdf-encrypted", DATA)]
    assert found(request(document(pdf(2, password="s3cret", owner_only=True)))) == []


def test_pdf_signature_and_unreadable_pdfs() -> None:
    assert found(request(document(png(10, 10)))) == [
        ("media/media-type-mismatch", "/messages/0/content/0/source/media_type")
    ]
    assert found(request(document(b"%PDF-1.7\nthis is not really a pdf"))) == []


def test_base64_is_decoded_once_per_block(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str | None] = []
    real = media.decode

    def counting(data: str | None) -> bytes | None:
        calls.append(data)
        return real(data)

    monkeypatch.setattr(media, "decode", counting)
    payload = request(image(png(10, 10)), image(gif(5, 5), "image/gif"), document(pdf(1)))
    assert found(payload) == []
    assert len(calls) == 3
    payload["messages"][0]["content"][0] = image(png(9000, 1))  # changed in place: decoded again
    assert found(payload) == [("media/image-dimensions-too-large", DATA)]


@given(st.binary(max_size=64), st.sampled_from(sorted(media.KNOWN_TYPES)))
def test_arbitrary_bytes_never_raise(data: bytes, media_type: str) -> None:
    kind = "document" if media_type == "application/pdf" else "image"
    block = image(data, media_type) if kind == "image" else document(data)
    for rule, _ in found(request(block)):
        assert rule in {"media/media-type-mismatch", "media/base64-invalid"}


@given(st.text(max_size=40))
def test_arbitrary_text_never_raises(data: str) -> None:
    for rule, _ in found(request(image(data))):
        assert rule in {"media/media-type-mismatch", "media/base64-invalid"}
