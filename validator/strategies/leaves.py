"""The leaves of every payload: texts, names, ids, content blocks, tool lists, and the
two drawing helpers the families share."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

MODEL = "claude-haiku-4-5"  # current, not deprecated; manual thinking; 64,000 output tokens
MAX_OUTPUT = 64_000
WORDS = ["weather", "Paris", "sum", "the", "report", "draft", "café", "日本", "why?", "ok", "42"]
Json = dict[str, Any]

# -- leaves ---------------------------------------------------------------------------------
safe_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
free_text = st.text(safe_chars, min_size=1, max_size=30).filter(lambda s: s.strip() == s != "")
texts = st.one_of(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join), free_text)
multiline = st.lists(texts, min_size=1, max_size=3).map("\n".join)  # newlines inside, not at end
tool_names = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)
id_suffixes = st.from_regex(r"[A-Za-z0-9]{6}", fullmatch=True)
signatures = st.from_regex(r"[A-Za-z0-9+/]{8,40}", fullmatch=True)
cache_control = st.sampled_from([{"type": "ephemeral"}, {"type": "ephemeral", "ttl": "5m"}])


def maybe_add(draw: Any, target: Json, key: str, strategy: st.SearchStrategy[Any]) -> None:
    if draw(st.booleans()):
        target[key] = draw(strategy)


# -- request blocks -------------------------------------------------------------------------
text_blocks = st.builds(lambda t: {"type": "text", "text": t}, multiline)
# 1x1 images, real bytes of each media type (the media rules read them).
IMAGES = {
    "image/png": (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
    ),
    "image/gif": "R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=",
    "image/webp": "UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA=",
    "image/jpeg": (
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4n"
        "ICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/E"
        "ABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q=="
    ),
}
url_images = st.integers(0, 999).map(
    lambda n: {"type": "image", "source": {"type": "url", "url": f"https://example.com/{n}.png"}}
)
base64_images = st.sampled_from(sorted(IMAGES)).map(
    lambda media: {
        "type": "image",
        "source": {"type": "base64", "media_type": media, "data": IMAGES[media]},
    }
)
image_blocks = url_images | base64_images


@st.composite
def document_blocks(draw: Any) -> Json:
    block: Json = {
        "type": "document",
        "source": {"type": "text", "media_type": "text/plain", "data": draw(multiline)},
    }
    maybe_add(draw, block, "title", st.text(safe_chars, min_size=1, max_size=40))
    maybe_add(draw, block, "citations", st.just({"enabled": True}))
    return block


user_blocks = st.one_of(text_blocks, image_blocks, document_blocks())
user_blocks_no_images = st.one_of(text_blocks, document_blocks())


@st.composite
def tool_lists(draw: Any, min_size: int = 0) -> list[Json]:
    names = draw(st.lists(tool_names, unique=True, min_size=min_size, max_size=3))
    out = []
    for name in names:
        tool: Json = {
            "name": name,
            "input_schema": {
                "type": "object",
                "properties": {"q": {"type": "string"}},
                "required": ["q"],
            },
        }
        maybe_add(draw, tool, "description", texts)
        maybe_add(draw, tool, "type", st.just("custom"))
        out.append(tool)
    return out


def knob(draw: Any, value: bool | None) -> bool:
    return draw(st.booleans()) if value is None else value
