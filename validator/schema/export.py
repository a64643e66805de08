"""Standalone JSON Schemas (draft 2020-12, no external `$ref`) for editors and other validators.

Built from the same compilation as the engine's validation schemas (`validator.schema.compile`), so
unions become `if`/`then` on their tag and editors report one precise error; unlike those, the
export keeps `title`, `description`, `examples` (an OpenAPI `example` becomes `examples`) and
`deprecated` so that editors show the docs on hover, and drops every OpenAPI-only or `x-*`
keyword. Beta fields are included: an editor should not squiggle a valid beta payload.
"""

from __future__ import annotations

from typing import Any

from validator.schema.compile import DIALECT, MANY, MAPS, ONE, REF_PREFIX, Compiler
from validator.schema.spec import KIND_COMPONENTS, component_of, load_spec

DOCS = ("title", "description", "examples", "deprecated", "readOnly", "writeOnly")
KINDS = tuple(KIND_COMPONENTS)


class _DocCompiler(Compiler):
    """The validation compiler, with the documentation keywords carried over."""

    def node(self, schema: Any) -> Any:
        out = super().node(schema)
        if not isinstance(schema, dict) or not isinstance(out, dict):
            return out
        docs = {k: schema[k] for k in DOCS if k in schema}
        if "example" in schema and "examples" not in docs:
            docs["examples"] = [schema["example"]]
        if isinstance(docs.get("examples"), dict):  # an OpenAPI `examples` map
            docs["examples"] = [
                e.get("value") for e in docs["examples"].values() if isinstance(e, dict)
            ]
        return {**docs, **out}


def _clean(node: Any) -> Any:
    """`node` without `x-*` keywords, walked by keyword so property names stay as they are."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key.startswith("x-"):
            continue
        if key in ONE or key in ("then", "else", "if", "not"):
            out[key] = _clean(value)
        elif key in (*MANY, "anyOf", "oneOf"):
            out[key] = [_clean(v) for v in value] if isinstance(value, list) else value
        elif key in MAPS:
            out[key] = (
                {k: _clean(v) for k, v in value.items()} if isinstance(value, dict) else value
            )
        else:
            out[key] = value
    return out


def export_schema(kind: str) -> dict[str, Any]:
    """The standalone schema of payload `kind` (one of `KINDS`); ValueError for others."""
    component = component_of(kind)
    compiler = _DocCompiler(load_spec(), beta=True)
    root = compiler.ref(REF_PREFIX + component)
    defs = {name: _clean(schema) for name, schema in compiler.defs.items()}
    target = defs.get(component, {})
    head = {k: target[k] for k in ("title", "description") if k in target}
    head.setdefault("title", f"Anthropic Messages API: {kind} ({component})")
    return {
        "$schema": DIALECT,
        "$id": f"urn:messages-validator:schema:{kind}",
        **head,
        **root,
        "$defs": defs,
    }
