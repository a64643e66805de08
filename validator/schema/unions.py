"""Unions of the OpenAPI document, as validation schemas both engines report precisely.

`oneOf` + `discriminator` (or the spec's `x-discriminator`, whose `default` member is chosen
by an absent or null tag) becomes an `enum` of the allowed tags plus an if/then/else chain on
the tag; a union of distinct JSON types becomes `type: [...]` with if/then per type; a union
of literals becomes one `enum`. Mixed into `validator.schema.compile.Compiler`.
"""

from __future__ import annotations

from typing import Any

ABSENT = object()  # the tag of a member chosen when `type` is absent (custom tools)


class UnionCompiler:
    """The union half of the compiler; `node`, `resolved` and `beta_of` come from it."""

    beta: bool

    def node(self, schema: Any) -> Any:
        raise NotImplementedError

    def resolved(self, schema: Any) -> Any:
        raise NotImplementedError

    def beta_of(self, schema: Any) -> list[str] | None:
        raise NotImplementedError

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
