"""The packaged spec: load it once, expose its extensions, compile one validator per kind.

The YAML is read with the C loader when PyYAML has it, and the parsed document is cached as
JSON in the user cache dir keyed by the file's hash (a cold `pre-commit` run then skips YAML
parsing); any cache problem is silent. Compiled jsonschema-rs validators do not pickle, so
validators are built once per process and kept in memory.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from pathlib import Path
from typing import Any

import orjson

from validator.schema.compile import compile_kind, compile_with_problems

SPEC_FILE = "spec/messages.openapi.yaml"
KIND_COMPONENTS = {
    "request": "CreateMessageParams",
    "count-tokens": "CountMessageTokensParams",
    "response": "Message",
    "error": "ErrorResponse",
    "stream-event": "MessageStreamEvent",
    "batch-create": "CreateMessageBatchParams",
    "batch-line": "MessageBatchIndividualRequest",
    "batch-result": "MessageBatchIndividualResponse",
    "batch": "MessageBatch",
    "count-tokens-response": "CountMessageTokensResponse",
}


@functools.cache
def _loader() -> type:
    """A safe loader (the C one when PyYAML has it) with YAML 1.2 scalars: `2026-10-21` stays
    a string and so do `on`/`no`. Built on first use: a cache hit never imports yaml."""
    import yaml

    base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = type("SpecLoader", (base,), {})
    loader.yaml_implicit_resolvers = {
        first: [
            (tag, rx)
            for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
        ]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    truth = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
    loader.add_implicit_resolver("tag:yaml.org,2002:bool", truth, list("tTfF"))
    return loader


def spec_path() -> Path:
    """Where the packaged spec lives (the same file for wheel, editable install and tests).

    Beside the package's modules, found from this file: `importlib.resources` would give the
    same path for an installed package, at ~15 ms of imports (tempfile, shutil, zipfile...).
    """
    return Path(__file__).resolve().parent.parent / SPEC_FILE


def _cache_file(digest: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "messages-validator" / f"spec-{digest[:24]}.json"


def parse_spec(text: bytes) -> dict[str, Any]:
    """Parse the spec's YAML text (no cache)."""
    import yaml

    data = yaml.load(text, Loader=_loader())
    if not isinstance(data, dict):
        raise ValueError("the spec is not a YAML mapping")
    # JSON's data model (string keys: YAML reads `200:` as an int), as the cache would give.
    return orjson.loads(orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS))


@functools.cache
def load_spec() -> dict[str, Any]:
    """The parsed OpenAPI document (cached per process, and on disk by content hash)."""
    raw = spec_path().read_bytes()
    cache = _cache_file(hashlib.sha256(raw).hexdigest())
    try:
        return orjson.loads(cache.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        pass
    data = parse_spec(raw)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(orjson.dumps(data))
        tmp.replace(cache)
    except OSError:
        pass  # a read-only or full cache dir: just skip the cache
    return data


def component_of(kind: str) -> str:
    try:
        return KIND_COMPONENTS[kind]
    except KeyError:
        raise ValueError(f"unknown payload kind {kind!r}") from None


@functools.cache
def validation_schema(kind: str, *, beta: bool = False) -> dict[str, Any]:
    """The draft 2020-12 schema of `kind`: GA (default) or beta-inclusive."""
    return compile_kind(load_spec(), component_of(kind), beta=beta)


def compile_problems() -> list[str]:
    """What the spec's kinds could not compile (dangling `$ref`s); empty for a sound spec."""
    found: list[str] = []
    for kind in KIND_COMPONENTS:
        for beta in (False, True):
            problems = compile_with_problems(load_spec(), component_of(kind), beta=beta)[1]
            found.extend(p for p in problems if p not in found)
    return found


@functools.cache
def fast_validator(kind: str, *, beta: bool = False) -> Any:
    """The compiled jsonschema-rs validator of `kind` (validity only)."""
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(validation_schema(kind, beta=beta))


@functools.cache
def detailed_validator(kind: str, *, beta: bool = False) -> Any:
    """The jsonschema validator of `kind`, with ECMA-262 pattern semantics (errors with paths)."""
    from validator.schema.patterns import ecma_validator

    return ecma_validator()(validation_schema(kind, beta=beta))
