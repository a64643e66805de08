"""What is known about a payload beyond its body: headers, endpoint, URI, recording date."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import SplitResult, parse_qs, urlsplit

KNOWN_VERSIONS = ("2023-06-01", "2026-10-21")


@dataclass(frozen=True)
class Context:
    """Optional facts about a payload that rules read (design §1).

    `headers` is None when no headers are known (a bare payload file); an empty mapping
    means headers were recorded and none was sent.
    """

    headers: Mapping[str, str] | None = None
    endpoint: str | None = None  # "messages" | "count_tokens" | "batches"
    uri: str | None = None
    recorded_at: str | None = None
    api_version_default: str | None = None  # from --api-version / config
    # A call being made now (validator.transport), not a recording: its own credential
    # headers (x-api-key, Authorization) are expected there, not a leak.
    live: bool = False
    _lower: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.headers is not None:
            lower = {str(k).lower(): str(v) for k, v in self.headers.items()}
            object.__setattr__(self, "_lower", lower)
        if self.endpoint is None and self.uri:
            object.__setattr__(self, "endpoint", endpoint_of(self.uri))

    def header(self, name: str) -> str | None:
        return self._lower.get(name.lower())

    @property
    def api_version(self) -> str | None:
        """The `anthropic-version` in force: the recorded header, else the configured default."""
        return self.header("anthropic-version") or self.api_version_default

    @property
    def betas(self) -> frozenset[str] | None:
        """Betas named in `anthropic-beta`; None when headers are unknown."""
        if self.headers is None:
            return None
        raw = self.header("anthropic-beta") or ""
        return frozenset(b.strip() for b in raw.split(",") if b.strip())

    @property
    def beta_endpoint(self) -> bool:
        """True for the `?beta=true` variant of an endpoint."""
        if not self.uri:
            return False
        values = parse_qs(split_uri(self.uri).query).get("beta", [])
        return any(v.lower() == "true" for v in values)

    def beta_state(self, beta: str | None) -> bool | None:
        """Is `beta` on (True), known off (False) or unknown (None)?"""
        if self.beta_endpoint:
            return True
        betas = self.betas
        if betas is None:
            return None
        if beta is None:
            return bool(betas)
        return beta in betas or any(b.split("-20")[0] == beta.split("-20")[0] for b in betas)


def split_uri(uri: str) -> SplitResult:
    """`urlsplit`, with a malformed URI (`http://[x`, recorded by a broken client) read as
    empty instead of raising: its endpoint is simply unknown."""
    try:
        return urlsplit(uri)
    except ValueError:
        return urlsplit("")


def endpoint_of(uri: str) -> str | None:
    path = split_uri(uri).path.rstrip("/")
    if path.endswith("/messages/count_tokens"):
        return "count_tokens"
    if "/messages/batches" in path:
        return "batches"
    if path.endswith("/messages"):
        return "messages"
    return None
