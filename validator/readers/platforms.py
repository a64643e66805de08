"""Partner platforms: Amazon Bedrock and Google Vertex AI calls carry Messages bodies.

They are checked as the first-party call they stand for: the model moves from the URL into
the body, `anthropic_version` and `anthropic_beta` from the body into the headers.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit

from validator.readers.har import is_messages_url
from validator.readers.http_model import lowered

_BEDROCK = re.compile(r"/model/([^/]+)/(invoke|invoke-with-response-stream|converse)$")
_VERTEX = re.compile(r"/publishers/anthropic/models/([^/:]+):(rawPredict|streamRawPredict)$")
_PLATFORM_VERSION = "2023-06-01"  # what `bedrock-2023-05-31` / `vertex-2023-10-16` stand for


def platform_of(uri: str | None) -> tuple[str, str | None] | None:
    """`("anthropic", None)`, `("bedrock", model)`, `("vertex", model)` or None (not ours)."""
    if not isinstance(uri, str):
        return None
    if is_messages_url(uri):
        return "anthropic", None
    try:
        path = unquote(urlsplit(uri).path).rstrip("/")
    except ValueError:
        return None
    match = _BEDROCK.search(path)
    if match and match.group(2) != "converse":
        return "bedrock", match.group(1)
    match = _VERTEX.search(path)
    if match:
        return "vertex", match.group(1)
    return None


def platform_model(platform: str, model: str) -> str:
    """The first-party id of a platform model id (`us.anthropic.claude-…-v1:0`, `claude-…@date`)."""
    if platform == "bedrock":
        model = re.sub(r"^(?:[a-z]{2,6}\.)?anthropic\.", "", model)
        return re.sub(r"-v\d+(?::\d+)?$", "", model)
    return model.replace("@", "-")


def _platform_request(platform: str, model: str | None, body: Any) -> tuple[Any, list[str]]:
    """A partner platform's body as the first-party body it stands for, and its betas."""
    if not isinstance(body, dict):
        return body, []
    body = dict(body)
    body.pop("anthropic_version", None)
    betas = body.pop("anthropic_beta", None)
    if "model" not in body and model:
        body["model"] = platform_model(platform, model)
    names = [str(b) for b in betas] if isinstance(betas, list) else []
    return body, names


def first_party(
    platform: str, model: str | None, body: Any, headers: dict[str, str] | None
) -> tuple[Any, dict[str, str]]:
    """A partner platform's request body and headers as the first-party call's."""
    body, betas = _platform_request(platform, model, body)
    headers = dict(headers or {})
    lower = lowered(headers)
    if "anthropic-version" not in lower:
        headers["anthropic-version"] = _PLATFORM_VERSION
    if betas and "anthropic-beta" not in lower:
        headers["anthropic-beta"] = ",".join(betas)
    return body, headers
