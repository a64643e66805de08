"""Compile the OpenAPI document into one draft 2020-12 validation schema per payload kind.

The OpenAPI document keeps `oneOf` + `discriminator` for readers; validators given such a union
report a vague "not valid under any of the given schemas" at the union. The validation schema
says the same thing as `if`/`then` on `type` (plus an `enum` of the allowed tags), and turns a
union of distinct JSON types (`anyOf: [string, array]`) into `type: [...]` with `if`/`then` per
type, so that jsonschema and jsonschema-rs both report one precise error with its path.

Two variants per kind: beta-inclusive, and GA (nodes marked `x-beta` removed). The GA variant
records what it removed as annotations the error mapper reads (`x-beta-fields` on objects,
`x-discriminator.beta` on unions). Validators ignore unknown keywords, so annotations (`x-rule`
and those markers) stay in the compiled schema; every other OpenAPI-only keyword is dropped.
"""

from __future__ import annotations

from typing import Any

from validator.schema.unions import UnionCompiler

DIALECT = "https://json-schema.org/draft/2020-12/schema"
REF_PREFIX = "#/components/schemas/"
DROP = frozenset(
    {"discriminator", "example", "examples", "deprecated", "externalDocs", "xml", "nullable"}
    | {"description", "title", "readOnly", "writeOnly", "$comment"}
)
KEEP_EXTENSIONS = frozenset({"x-rule"})
# Keywords whose value is one subschema, or a list / name->subschema map of them.
ONE = ("items", "not", "if", "then", "else", "contains", "propertyNames")
ONE += ("additionalProperties", "unevaluatedProperties", "unevaluatedItems")
MANY = ("allOf", "prefixItems")
MAPS = ("properties", "patternProperties", "dependentSchemas", "$defs")
UNION_KEYS = ("oneOf", "anyOf")


def compile_kind(doc: dict[str, Any], component: str, *, beta: bool) -> dict[str, Any]:
    """The validation schema of `component`: `$defs` hold only the components it reaches."""
    return compile_with_problems(doc, component, beta=beta)[0]


def compile_with_problems(
    doc: dict[str, Any], component: str, *, beta: bool
) -> tuple[dict[str, Any], list[str]]:
    """The schema, and what could not be compiled (a dangling `$ref` compiles to `{}`).

    Leniency keeps a half-written spec usable; the spec tests assert there are no problems.
    """
    compiler = Compiler(doc, beta=beta)
    root = compiler.ref(REF_PREFIX + component)
    return {"$schema": DIALECT, **root, "$defs": compiler.defs}, compiler.problems


class Compiler(UnionCompiler):
    """One compilation of the document: `ref(REF_PREFIX + name)` compiles a component and
    every component it reaches into `defs`; `problems` lists what could not be compiled.

    `node` (one OpenAPI node -> its validation node) is the extension point: the export
    (validator.schema.export) extends it to carry the documentation keywords over.
    """

    def __init__(self, doc: dict[str, Any], *, beta: bool) -> None:
        self.components: dict[str, Any] = (doc.get("components") or {}).get("schemas") or {}
        self.beta = beta
        self.defs: dict[str, Any] = {}
        self.problems: list[str] = []

    # -- references -------------------------------------------------------------------
    def target(self, ref: str) -> tuple[str, Any]:
        name = ref[len(REF_PREFIX) :] if ref.startswith(REF_PREFIX) else ref
        if name not in self.components:
            if f"dangling $ref {ref!r}" not in self.problems:
                self.problems.append(f"dangling $ref {ref!r}")
            return name.replace("/", "_"), {}
        return name, self.components[name]

    def ref(self, ref: str) -> dict[str, Any]:
        name, raw = self.target(ref)
        if name not in self.defs:
            self.defs[name] = True  # placeholder: recursion stops here
            self.defs[name] = self.node(raw)
        return {"$ref": f"#/$defs/{name}"}

    def resolved(self, schema: Any) -> Any:
        """`schema` with `$ref` chains followed (in the OpenAPI document, uncompiled)."""
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 32:
            schema, seen = self.target(schema["$ref"])[1], seen + 1
        return schema

    def beta_of(self, schema: Any) -> list[str] | None:
        """The betas (any one admits it) of a node marked `x-beta`, following `$ref`."""
        if not isinstance(schema, dict):
            return None
        if "x-beta" in schema:
            names = schema["x-beta"]
            return [str(n) for n in names] if isinstance(names, list) else [str(names)]
        if "$ref" in schema:
            return self.beta_of(self.target(schema["$ref"])[1])
        return None

    # -- nodes --------------------------------------------------------------------------
    def node(self, schema: Any) -> Any:
        if not isinstance(schema, dict):
            return schema
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key in DROP or (key.startswith("x-") and key not in KEEP_EXTENSIONS):
                continue
            if key == "$ref":
                out.update(self.ref(value))
            elif key in ONE:
                out[key] = self.node(value)
            elif key in MANY:
                out[key] = [self.node(v) for v in value]
            elif key == "properties" and not self.beta:
                out[key] = {k: self.node(v) for k, v in value.items() if not self.beta_of(v)}
            elif key in MAPS:
                out[key] = {k: self.node(v) for k, v in value.items()}
            elif key not in UNION_KEYS:
                out[key] = value
        if schema.get("nullable") is True and isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        self.drop_beta_properties(schema, out)
        for key in UNION_KEYS:
            if key in schema:
                self.union(schema, key, out)
        if "x-rule" in out:
            out = self.stamp(out, out["x-rule"], depth=0)
        return out

    def stamp(self, node: Any, rule: str, depth: int) -> Any:
        """`node` with `x-rule` on every subschema that checks the same instance.

        jsonschema reports the innermost node that failed; a rule on a `{$ref, x-rule}`
        wrapper or above an `allOf` must be found there, so it is copied down (a referenced
        component is inlined for that). Nodes with their own `x-rule` keep it.
        """
        if not isinstance(node, dict) or depth > 8:
            return node
        if "$ref" in node:
            target = self.defs.get(node["$ref"].rsplit("/", 1)[-1])
            if isinstance(target, dict) and "x-rule" not in target:
                rest = {k: v for k, v in node.items() if k != "$ref"}
                node = {**self.stamp(target, rule, depth + 1), **rest}
        out = {**node}
        out.setdefault("x-rule", rule)
        for key in ("allOf", "anyOf", "oneOf"):
            if key in out:
                out[key] = [self.stamp(m, out["x-rule"], depth + 1) for m in out[key]]
        for key in ("then", "else", "not"):
            if key in out:
                out[key] = self.stamp(out[key], out["x-rule"], depth + 1)
        return out

    def drop_beta_properties(self, schema: dict[str, Any], out: dict[str, Any]) -> None:
        if self.beta or not isinstance(schema.get("properties"), dict):
            return
        removed = {}
        for name, prop in schema["properties"].items():
            beta = self.beta_of(prop)
            if beta is not None:
                removed[name] = beta
        if removed:
            out["x-beta-fields"] = removed
            if isinstance(out.get("required"), list):
                out["required"] = [r for r in out["required"] if r not in removed]
