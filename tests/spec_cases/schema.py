"""Validate payloads against the hand-written spec with plain `jsonschema`.

Kept apart from the engine on purpose: the spec tests judge the document itself, so they
must not depend on the code that compiles it. `beta=False` drops every node marked
`x-beta` (a beta-only property, union member or enum alternative), which is what a GA
validator sees.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[2] / "validator" / "spec" / "messages.openapi.yaml"
BASE = "urn:messages-validator:spec"
SCHEMAS = "#/components/schemas/"


@cache
def load_spec() -> dict[str, Any]:
    """The spec document, parsed once."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the loader the tool itself uses
    with SPEC_PATH.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)


def _is_beta(node: Any, schemas: dict[str, Any]) -> bool:
    """A node is beta when it carries x-beta, or is a bare $ref to a component that does."""
    if not isinstance(node, dict):
        return False
    if "x-beta" in node:
        return True
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(SCHEMAS) and len(node) == 1:
        return "x-beta" in schemas.get(ref[len(SCHEMAS) :], {})
    return False


def _ref_is_beta(ref: str, schemas: dict[str, Any]) -> bool:
    return ref.startswith(SCHEMAS) and "x-beta" in schemas.get(ref[len(SCHEMAS) :], {})


def python_pattern(pattern: str) -> str:
    """An ECMA-262 pattern as Python `re` reads it: a final `$` must not match before a newline."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + r"\Z"
    return pattern


def _strip(node: Any, schemas: dict[str, Any], beta: bool) -> Any:
    if isinstance(node, list):
        return [_strip(item, schemas, beta) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "pattern" and isinstance(value, str):
            value = python_pattern(value)
        elif beta:
            pass
        elif key == "properties" and isinstance(value, dict):
            value = {k: v for k, v in value.items() if not _is_beta(v, schemas)}
        elif key in ("oneOf", "anyOf") and isinstance(value, list):
            value = [v for v in value if not _is_beta(v, schemas)]
        elif key in ("discriminator", "x-discriminator") and isinstance(value, dict):
            value = dict(value)
            mapping = value.get("mapping", {})
            value["mapping"] = {k: v for k, v in mapping.items() if not _ref_is_beta(v, schemas)}
        out[key] = _strip(value, schemas, beta)
    return out


@cache
def prepared_spec(beta: bool) -> dict[str, Any]:
    """The document as a validator sees it: Python patterns, and for GA no x-beta node."""
    doc = copy.deepcopy(load_spec())
    return _strip(doc, doc["components"]["schemas"], beta)


@cache
def _registry(beta: bool) -> Registry:
    doc = prepared_spec(beta)
    return Registry().with_resource(
        BASE, Resource.from_contents(doc, default_specification=DRAFT202012)
    )


@cache
def validator(pointer: str, beta: bool = True) -> Draft202012Validator:
    """A validator for the schema at `pointer` (a component name or a `#/...` pointer)."""
    target = pointer if pointer.startswith("#") else SCHEMAS + pointer
    return Draft202012Validator({"$ref": BASE + target}, registry=_registry(beta))


def errors(pointer: str, payload: Any, beta: bool = True) -> list[str]:
    """Messages of every schema error for `payload`, each prefixed with its JSON path."""
    found = validator(pointer, beta).iter_errors(payload)
    return [f"{e.json_path}: {e.message[:200]}" for e in found]


def walk(node: Any, path: str = "#") -> Iterator[tuple[str, Any]]:
    """Every (pointer, node) pair of a parsed document, depth first."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{path}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{path}/{index}")
