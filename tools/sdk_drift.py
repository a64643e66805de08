"""What the installed `anthropic` SDK knows that the spec lacks, and the reverse.

Requests: the TypedDicts reachable from `MessageCreateParams`, `MessageCountTokensParams` and
the batch create params (typing.get_type_hints; Union, Optional, Literal, Iterable, Required,
NotRequired and Annotated are followed) are walked beside the spec's request schemas. A
TypedDict is matched to the spec schema at the same place, by its `type` literal where it has
one. Every key and every `type` literal the spec lacks is *missing*; every spec member the SDK
does not know is *extra*, which is fine only for a documented beta (`x-beta`) or a member of an
older anthropic-version (`x-removed-in`).

Responses: the pydantic models reachable from `Message` and the raw stream events
(`model_fields`) are walked the same way against `Message` and `MessageStreamEvent`: every
field and type literal the SDK parses must be in the response schemas.

Usage: python tools/sdk_drift.py [--spec PATH]   (exit 1 when something is missing)
"""

from __future__ import annotations

import argparse
import collections.abc as cabc
import sys
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SPEC = Path(__file__).resolve().parents[1] / "validator" / "spec" / "messages.openapi.yaml"
ALLOWED_EXTRA = ("x-beta", "x-removed-in")
CONTAINERS = {list, set, frozenset, tuple, cabc.Iterable, cabc.Sequence, cabc.Collection}


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)  # SDK members the spec lacks
    extra: list[str] = field(default_factory=list)  # spec members the SDK lacks (allowed)
    unexplained: list[str] = field(default_factory=list)  # spec members the SDK lacks (fail)
    sdk_version: str = ""

    @property
    def ok(self) -> bool:
        return not self.missing and not self.unexplained


def load_spec(path: Path = SPEC) -> dict[str, Any]:
    import yaml

    return yaml.safe_load(path.read_text())


class Spec:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    def deref(self, schema: Any) -> dict[str, Any]:
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 50:
            node: Any = self.doc
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part]
            schema, seen = node, seen + 1
        return schema if isinstance(schema, dict) else {}

    def objects(self, schema: Any, depth: int = 0) -> list[dict[str, Any]]:
        """The object schemas a value at `schema` may be (through refs, unions and arrays)."""
        schema = self.deref(schema)
        if depth > 20 or not schema:
            return []
        found: list[dict[str, Any]] = []
        for key in ("oneOf", "anyOf"):
            for item in schema.get(key, []):
                found += self.objects(item, depth + 1)
        if "allOf" in schema:
            merged: dict[str, Any] = {"properties": {}}
            for item in schema["allOf"]:
                for part in self.objects(item, depth + 1):
                    merged["properties"].update(part.get("properties", {}))
            found.append(merged)
        if "items" in schema:
            found += self.objects(schema["items"], depth + 1)
        if isinstance(schema.get("properties"), dict) or isinstance(
            schema.get("additionalProperties"), dict
        ):
            found.append(schema)  # an object, or a map whose every key has one schema
        return found

    def type_values(self, obj: dict[str, Any]) -> set[str]:
        """The `type` literals an object schema accepts (const, enum, through unions)."""
        values: set[Any] = set()
        stack = [(obj.get("properties") or {}).get("type")]
        while stack:
            prop = self.deref(stack.pop())
            values.update(prop.get("enum") or [])
            if "const" in prop:
                values.add(prop["const"])
            stack += prop.get("anyOf", []) + prop.get("oneOf", [])
        return {v for v in values if isinstance(v, str)}

    def allowed(self, prop: Any) -> bool:
        """A documented beta or a member of an older anthropic-version."""
        if isinstance(prop, dict) and any(k in prop for k in ALLOWED_EXTRA):
            return True
        return any(k in self.deref(prop) for k in ALLOWED_EXTRA)


# --- the SDK side: TypedDicts (requests) and pydantic models (responses) --------------------


def _is_typeddict(tp: Any) -> bool:
    """A TypedDict of typing or of typing_extensions (the SDK's)."""
    if not isinstance(tp, type):
        return False
    if typing.is_typeddict(tp):
        return True
    try:
        import typing_extensions
    except ImportError:  # pragma: no cover
        return False
    return typing_extensions.is_typeddict(tp)


def _is_model(tp: Any) -> bool:
    try:
        from pydantic import BaseModel
    except ImportError:  # pragma: no cover
        return False
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def sdk_classes(tp: Any, depth: int = 0) -> list[type]:
    """TypedDicts / models a value of annotation `tp` may be."""
    if depth > 20:
        return []
    if _is_typeddict(tp) or _is_model(tp):
        return [tp]
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return sdk_classes(args[0], depth + 1)
    if origin in (dict, cabc.Mapping) or origin is typing.Literal:
        return []
    if origin is not None or args:
        out: list[type] = []
        for arg in args:
            out += sdk_classes(arg, depth + 1)
        return out
    return []


def _literals(tp: Any) -> list[Any]:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Literal:
        return list(args)
    return [v for arg in args for v in _literals(arg)] if origin is not None else []


def members(cls: type) -> dict[str, Any]:
    """Key -> annotation of a TypedDict, or wire name -> annotation of a pydantic model."""
    if _is_model(cls):
        return {
            (info.alias or name): info.annotation
            for name, info in cls.model_fields.items()  # type: ignore[attr-defined]
        }
    return typing.get_type_hints(cls, include_extras=True)


def type_literals(cls: type) -> list[str]:
    """The `type` literals of a class (an aliased tool has two: dated and plain)."""
    return [v for v in _literals(members(cls).get("type")) if isinstance(v, str)]


# --- the walk ----------------------------------------------------------------------------------


class Walk:
    """One walk over SDK annotations beside spec schemas; extras are judged at the end.

    A spec object may be reached from several SDK classes (a user and an assistant message
    share the spec's content union): a spec member is extra only if no SDK class at any
    place it is reached from has it.
    """

    def __init__(self, spec: Spec, drift: Drift, reverse: bool) -> None:
        self.spec, self.drift, self.reverse = spec, drift, reverse
        self.seen: set[tuple[type, int]] = set()
        self.keys: dict[int, tuple[dict[str, Any], str, set[str]]] = {}
        self.types: dict[int, tuple[dict[str, Any], str, set[str]]] = {}

    def position(self, tp: Any, schema: Any, path: str) -> None:
        """Match the SDK classes a value may be with the spec objects at the same place.

        The request walk follows TypedDicts only: the SDK also takes its response models as
        message content (a replayed response), and those are the response walk's business.
        """
        classes = [c for c in sdk_classes(tp) if not (self.reverse and _is_model(c))]
        objects = self.spec.objects(schema)
        if not classes:
            return
        if not objects:
            self.drift.missing.append(f"{path}: the spec has no object schema here")
            return
        if any(type_literals(c) for c in classes):
            for obj in objects:
                if self.spec.type_values(obj):
                    self.types.setdefault(id(obj), (obj, path, set()))
        for cls in classes:
            literals = type_literals(cls)
            candidates = []
            for literal in literals:
                found = [o for o in objects if literal in self.spec.type_values(o)]
                if not found:
                    self.drift.missing.append(f"{path}: type {literal!r} ({cls.__name__})")
                for obj in found:
                    self.types.setdefault(id(obj), (obj, path, set()))[2].add(literal)
                    if obj not in candidates:
                        candidates.append(obj)
            if not literals:
                untyped = [o for o in objects if not self.spec.type_values(o)]
                candidates = untyped or objects
            if candidates:
                self.pair(cls, candidates, f"{path}[{literals[0]}]" if literals else path)

    def pair(self, cls: type, objects: list[dict[str, Any]], path: str) -> None:
        key = (cls, id(objects[0]))
        if key in self.seen:
            return
        self.seen.add(key)
        props: dict[str, Any] = {}
        sdk = members(cls)
        for obj in objects:
            extra = obj.get("additionalProperties")
            if isinstance(extra, dict) and not obj.get("properties"):
                props.update(dict.fromkeys(sdk, extra))  # a map: every key has that schema
            props.update(obj.get("properties") or {})
        for obj in objects:
            self.keys.setdefault(id(obj), (obj, path, set()))[2].update(sdk)
        for name, annotation in sdk.items():
            if name not in props:
                self.drift.missing.append(f"{path}.{name} ({cls.__name__})")
                continue
            self.position(annotation, props[name], f"{path}.{name}")

    def finish(self) -> None:
        if not self.reverse:
            return
        for obj, path, known in self.keys.values():
            for name, prop in (obj.get("properties") or {}).items():
                if name not in known and name != "type":
                    self.note_extra(f"{path}.{name}", prop, obj)
        for obj, path, known in self.types.values():
            for value in sorted(self.spec.type_values(obj) - known):
                self.note_extra(
                    f"{path}: type {value!r}", obj.get("properties", {}).get("type"), obj
                )

    def note_extra(self, what: str, prop: Any, owner: dict[str, Any]) -> None:
        if self.spec.allowed(prop) or self.spec.allowed(owner):
            self.drift.extra.append(what)
        else:
            self.drift.unexplained.append(what)


def _component(doc: dict[str, Any], name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"} if name in doc["components"]["schemas"] else {}


def run(spec_path: Path = SPEC, doc: dict[str, Any] | None = None) -> Drift:
    """The drift of the installed SDK against the spec at `spec_path` (or the parsed `doc`)."""
    import anthropic
    from anthropic.types import message as message_module
    from anthropic.types import (
        message_count_tokens_params,
        message_create_params,
        raw_message_stream_event,
    )
    from anthropic.types.messages import batch_create_params

    doc = doc if doc is not None else load_spec(spec_path)
    spec, drift = Spec(doc), Drift(sdk_version=anthropic.__version__)
    requests = Walk(spec, drift, reverse=True)
    requests.position(
        message_create_params.MessageCreateParamsBase,
        _component(doc, "CreateMessageParams"),
        "CreateMessageParams",
    )
    requests.position(
        message_count_tokens_params.MessageCountTokensParams,
        _component(doc, "CountMessageTokensParams"),
        "CountMessageTokensParams",
    )
    requests.position(
        batch_create_params.BatchCreateParams,
        _component(doc, "CreateMessageBatchParams"),
        "CreateMessageBatchParams",
    )
    requests.finish()
    responses = Walk(spec, drift, reverse=False)
    responses.position(message_module.Message, _component(doc, "Message"), "Message")
    responses.position(
        raw_message_stream_event.RawMessageStreamEvent,
        _component(doc, "MessageStreamEvent"),
        "MessageStreamEvent",
    )
    drift.missing = sorted(set(drift.missing))
    drift.extra = sorted(set(drift.extra))
    drift.unexplained = sorted(set(drift.unexplained))
    return drift


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--verbose", action="store_true", help="also list the allowed extras")
    args = parser.parse_args(argv)
    drift = run(args.spec)
    print(f"anthropic {drift.sdk_version} against {args.spec}")
    print(f"missing from the spec ({len(drift.missing)}): add these")
    for line in drift.missing:
        print(f"  + {line}")
    print(
        "spec members the SDK does not know, not marked x-beta/x-removed-in "
        f"({len(drift.unexplained)})"
    )
    for line in drift.unexplained:
        print(f"  ? {line}")
    print(f"spec members the SDK does not know, marked beta or older version: {len(drift.extra)}")
    if args.verbose:
        for line in drift.extra:
            print(f"  . {line}")
    return 0 if drift.ok else 1


if __name__ == "__main__":
    sys.exit(main())
