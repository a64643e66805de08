"""The schema engine: the packaged OpenAPI spec, compiled into JSON Schemas, run on payloads.

Modules, from the bottom layer up:

- `unions`   -- how a `oneOf`/`anyOf` of the spec becomes a schema both engines report
  precisely (an `enum` of tags plus `if`/`then` on the tag, a `type` list, one `enum`).
- `compile`  -- `Compiler`: the OpenAPI document -> one draft 2020-12 validation schema per
  payload kind, GA or beta-inclusive (beta removals kept as annotations).
- `spec`     -- loading the packaged spec (YAML, cached as JSON on disk), the payload kinds,
  and the compiled validators: jsonschema-rs (fast, validity only) and jsonschema (detailed).
- `patterns` -- ECMA-262 `pattern` semantics on the detailed (jsonschema) path, through
  `regress`, so both engines give one verdict.
- `messages` -- the human text of a schema error, and the keyword -> rule id table.
- `errors`   -- the schema pass: a payload's violations as `Finding`s (fast path first).
- `export`   -- standalone JSON Schemas for editors and other validators (`schema` command).
- `tools`    -- user-supplied tool `input_schema`s: metaschema problems and input errors,
  jsonschema-rs first and the detailed jsonschema path only for what fails.

The public names are re-exported here lazily (importing jsonschema costs cold start).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Compiler": "compile",
    "compile_kind": "compile",
    "compile_with_problems": "compile",
    "KIND_COMPONENTS": "spec",
    "load_spec": "spec",
    "validation_schema": "spec",
    "fast_validator": "spec",
    "detailed_validator": "spec",
    "ecma_validator": "patterns",
    "schema_findings": "errors",
    "export_schema": "export",
    "schema_problems": "tools",
    "input_errors": "tools",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
