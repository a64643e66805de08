"""The layout holds: small modules, no import circle, layers that only look down, tests named
after what they test, and an ARCHITECTURE.md whose every named module exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "validator"
MAX_LINES = 250

# Bottom to top: a module may import from its own layer and the layers below, never above.
LAYERS = (
    ("core",),
    ("config",),
    ("schema",),
    ("readers",),
    ("rules",),
    ("catalogue",),
    ("engine",),
    ("reporters",),
    ("run",),
    ("cli", "transport", "strategies", "dask", "proxy", "pytest_plugin", "__init__"),
)


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """validator modules `path` imports at module level (not inside functions, not for typing)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for sub in [node] if not isinstance(node, ast.Try) else node.body:
            if isinstance(sub, ast.Import):
                found |= {a.name for a in sub.names if a.name in modules}
            elif isinstance(sub, ast.ImportFrom) and sub.module and sub.level == 0:
                submodules = {f"{sub.module}.{a.name}" for a in sub.names} & modules.keys()
                found |= submodules
                if sub.module in modules and len(submodules) < len(sub.names):
                    found.add(sub.module)  # a name defined in the module (or package) itself
    return found


# Loading a config file validates rule ids and model facts against the catalogue: it is done
# by the faces, above the catalogue, while the `Config` value it builds sits below the engine.
PLACED = {"validator.config.loading": "run"}


def _layer(module: str) -> int:
    if module in PLACED:
        return next(i for i, names in enumerate(LAYERS) if PLACED[module] in names)
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    for rank, names in enumerate(LAYERS):
        if top in names:
            return rank
    raise AssertionError(f"{module} belongs to no layer of tests/test_architecture.py")


def test_no_module_over_the_line_limit() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_no_import_circle() -> None:
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                pytest.fail("import circle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


def test_layers_only_import_downwards() -> None:
    modules = _modules()
    upward = [
        f"{name} ({_layer(name)}) imports {target} ({_layer(target)})"
        for name, path in modules.items()
        for target in _imports(path, modules)
        if _layer(target) > _layer(name)
    ]
    assert not upward, "\n".join(upward)


def test_the_circle_check_can_fail(tmp_path: Path) -> None:
    """The graph builder sees a module-level `from validator.x import y` as an edge."""
    module = tmp_path / "m.py"
    module.write_text("from validator.core import findings\nfrom validator.rules import Hit\n")
    found = _imports(module, _modules())
    assert found == {"validator.core.findings", "validator.rules"}


def test_no_test_file_named_after_a_work_item() -> None:
    named = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests").rglob("test_*.py")
        if re.search(r"issue|task|ticket|_\d+_", p.stem)
    ]
    assert not named, named


def test_test_folders_mirror_the_package() -> None:
    """Every test folder is named after a package of validator/ (or holds its data)."""
    data = {"data", "hostile", "snapshots", "spec_cases", "__pycache__"}
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir()} | {"api", "bench"}
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir()} - data
    assert folders <= packages, folders - packages


def test_architecture_names_only_modules_that_exist() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(validator/[\w/]+(?:\.py)?/?)`", text))
    assert len(named) >= 20, "ARCHITECTURE.md should name the modules it describes"
    missing = sorted(n for n in named if not (ROOT / n).exists())
    assert not missing, f"ARCHITECTURE.md names modules that do not exist: {missing}"
    for package in (p for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"):
        if (package / "__init__.py").exists():
            assert f"validator/{package.name}/" in text, f"ARCHITECTURE.md omits {package.name}/"
