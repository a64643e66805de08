"""validator.schema as a package: its docstring names every module, its re-exports resolve,
and importing it (or its messages) loads no schema engine (cold start)."""

from __future__ import annotations

from pathlib import Path

import pytest
from payloads import fresh_imports

import validator.schema as schema

PACKAGE = Path(schema.__file__).parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")


@pytest.mark.parametrize("module", MODULES)
def test_the_package_docstring_says_what_each_module_does(module: str) -> None:
    assert f"- `{module}`" in (schema.__doc__ or "")


@pytest.mark.parametrize("name", schema.__all__)
def test_every_re_export_resolves(name: str) -> None:
    assert getattr(schema, name) is not None


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        _ = schema.no_such_name  # type: ignore[attr-defined]


def test_importing_the_package_loads_no_schema_engine() -> None:
    code = "import validator.schema, validator.schema.messages, validator.schema.tools\n"
    assert fresh_imports(code, {"jsonschema", "jsonschema_rs", "regress", "yaml"})[0] == []
