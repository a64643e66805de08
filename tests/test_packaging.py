"""The spec ships inside the wheel, and every loader reads the same document."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "validator" / "spec" / "messages.openapi.yaml"


def test_spec_path_at_repo_root_is_the_packaged_file():
    assert (ROOT / "spec" / "messages.openapi.yaml").resolve() == SPEC.resolve()


def test_spec_parses_the_same_with_pure_python_and_libyaml_loaders():
    # Plain scalars such as `content: Hi?}` parse under libyaml but not the pure loader;
    # a machine without libyaml must read the same spec.
    text = SPEC.read_text(encoding="utf-8")
    pure = yaml.load(text, Loader=yaml.SafeLoader)
    fast = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert pure == fast


def test_the_installed_package_reads_the_packaged_spec():
    from validator.schema.spec import load_spec

    assert load_spec() == yaml.load(SPEC.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)


def test_wheel_contains_the_spec(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("messages_validator-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "validator/spec/messages.openapi.yaml" in names
        assert "validator/py.typed" in names
        assert zf.read("validator/spec/messages.openapi.yaml") == SPEC.read_bytes()
