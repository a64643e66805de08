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
ABSENT = object()  # the tag of a member chosen when `type` is absent (custom tools)


def compile_kind(doc: dict[str, Any], component: str, *, beta: bool) -> dict[str, Any]:
    """The validation schema of `component`: `$defs` hold only the components it reaches."""
    return compile_with_problems(doc, component, beta=beta)[0]


def compile_with_problems(
    doc: dict[str, Any], component: str, *, beta: bool
) -> tuple[dict[str, Any], list[str]]:
    """The schema, and what could not be compiled (a dangling `$ref` compiles to `{}`).

    Leniency keeps a half-written spec usable; the spec tests assert there are no problems.
    """
    compiler = _Compiler(doc, beta=beta)
    root = compiler.ref(REF_PREFIX + component)
    return {"$schema": DIALECT, **root, "$defs": compiler.defs}, compiler.problems


class _Compiler:
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

    # -- unions -------------------------------------------------------------------------
    def union(self, schema: dict[str, Any], key: str, out: dict[str, Any]) -> None:
        members = list(schema[key])
        beta_members = {}
        if not self.beta:
            beta_members = {i: b for i, m in enumerate(members) if (b := self.beta_of(m))}
        kept = [m for i, m in enumerate(members) if i not in beta_members]
        dropped = [members[i] for i in beta_members]
        disc = schema.get("discriminator") or schema.get("x-discriminator")
        if isinstance(disc, dict):
            compiled = self.discriminated(disc, kept, dropped)
            if compiled is not None:
                _merge(out, compiled)
                return
        if beta_members:
            out["x-beta-members"] = sorted({b for bs in beta_members.values() for b in bs})
        if len(kept) == 1:
            _merge(out, self.node(kept[0]))
            return
        by_type = self.literal_union(kept) or self.type_split(kept)
        if by_type is None:
            out[key] = [self.node(m) for m in kept]
        else:
            _merge(out, by_type)

    def type_split(self, members: list[Any]) -> dict[str, Any] | None:
        """`anyOf: [string, array]` -> `type: [string, array]` + `if`/`then` per type."""
        types = []
        for member in members:
            t = self.json_type(member)
            if t is None or t in types or {t, *types} >= {"integer", "number"}:
                return None
            types.append(t)
        branches = []
        for t, member in zip(types, members, strict=True):
            compiled = self.node(member)
            if isinstance(compiled, dict) and set(compiled) - {"type"}:
                branches.append({"if": {"type": t}, "then": compiled})
        return {"type": types, **({"allOf": branches} if branches else {})}

    def json_type(self, member: Any, depth: int = 0) -> str | None:
        """The one JSON type every value `member` accepts has, when there is one."""
        target = self.resolved(member)
        if not isinstance(target, dict) or depth > 8:
            return None
        if isinstance(target.get("type"), str):
            return target["type"]
        if "discriminator" in target or "x-discriminator" in target:
            return "object"
        values = [target["const"]] if "const" in target else target.get("enum")
        if values:
            found = {_json_type_of(v) for v in values}
        else:
            members = target.get("anyOf") or target.get("oneOf") or [None]
            found = {self.json_type(m, depth + 1) for m in members}
        return found.pop() if len(found) == 1 else None

    def literal_union(self, members: list[Any]) -> dict[str, Any] | None:
        """`anyOf: [{enum: [a, b]}, {const: c}]` -> `enum: [a, b, c]` (one clear error)."""
        values: list[Any] = []
        for member in members:
            target = self.resolved(member)
            if not isinstance(target, dict):
                return None
            if {k for k in target if not k.startswith("x-")} - _LITERAL_KEYS:
                return None
            if "const" not in target and "enum" not in target:
                return None
            values += [target["const"]] if "const" in target else list(target["enum"])
        return {"enum": values}

    def discriminated(
        self, disc: dict[str, Any], kept: list[Any], dropped: list[Any]
    ) -> dict[str, Any] | None:
        prop = disc.get("propertyName", "type")
        mapping: dict[str, list[str]] = {}
        for tag, ref in (disc.get("mapping") or {}).items():
            mapping.setdefault(ref, []).append(tag)
        if disc.get("default"):  # `x-discriminator.default`: chosen by an absent or null tag
            mapping.setdefault(disc["default"], []).extend([None, ABSENT])
        nullable = any(self.json_type(m) == "null" for m in kept)
        kept = [m for m in kept if self.json_type(m) != "null"]
        tagged = [(self.tags(m, prop, mapping), m) for m in kept]
        if any(not tags for tags, _ in tagged):
            return None  # a member whose tag cannot be told: keep the plain union
        beta_tags = {
            t: betas
            for m in [*kept, *dropped]
            if (betas := self.beta_of(m))
            for t in self.tags(m, prop, mapping)
        }
        allowed = [t for tags, _ in tagged for t in tags if t is not ABSENT]
        # An empty enum is legal JSON Schema but not to every engine: `not: {}` says the same.
        enum_node: dict[str, Any] = (
            {"enum": list(dict.fromkeys(allowed))} if allowed else {"not": {}}
        )
        enum_node["x-discriminator"] = {"beta": {k: v for k, v in beta_tags.items() if k}}
        out: dict[str, Any] = {"type": ["object", "null"] if nullable else "object"}
        if not any(ABSENT in tags for tags, _ in tagged):
            out["required"] = [prop]
        out["properties"] = {prop: enum_node}
        # An if/then/else chain: validation stops at the member whose tag matches (the
        # `enum` above already rejects unknown tags), which halves the work of an allOf.
        chain: dict[str, Any] | None = None
        for tags, member in reversed(tagged):
            branch = self.branch(prop, tags, member)
            chain = {**branch, "else": chain} if chain is not None else branch
        if chain is not None:
            out["allOf"] = [chain]
        return out

    def branch(self, prop: str, tags: list[Any], member: Any) -> dict[str, Any]:
        present = [t for t in tags if t is not ABSENT]
        cond: dict[str, Any] = {"properties": {prop: {"enum": present}}, "required": [prop]}
        if ABSENT in tags:
            cond = (
                {"anyOf": [cond, {"not": {"required": [prop]}}]}
                if present
                else {"not": {"required": [prop]}}
            )
        return {"if": cond, "then": self.node(member)}

    def tags(self, member: Any, prop: str, mapping: dict[str, list[str]]) -> list[Any]:
        """Tag values that select `member`; `ABSENT` when it is chosen by a missing tag."""
        if isinstance(member, dict) and member.get("$ref") in mapping:
            return list(mapping[member["$ref"]])
        target = self.resolved(member)
        if not isinstance(target, dict):
            return []
        props = target.get("properties") or {}
        spec = self.resolved(props.get(prop)) if prop in props else None
        tags: list[Any] = []
        if isinstance(spec, dict):
            if "const" in spec:
                tags.append(spec["const"])
            tags.extend(spec.get("enum") or ())
        if prop not in (target.get("required") or ()) and (tags or spec is None or not spec):
            tags.append(ABSENT)
        return tags


_LITERAL_KEYS = frozenset({"type", "enum", "const", "description", "title", "default"})
_LITERAL_KEYS |= {"deprecated", "example", "examples"}


def _json_type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), "unknown")


def _merge(out: dict[str, Any], extra: dict[str, Any]) -> None:
    """Add `extra`'s keywords to `out`; clashing ones go under `allOf` so both still apply."""
    clash = {k: v for k, v in extra.items() if k in out and out[k] != v}
    for key, value in extra.items():
        if key not in clash:
            out[key] = value
    if clash:
        out.setdefault("allOf", []).append(clash)
