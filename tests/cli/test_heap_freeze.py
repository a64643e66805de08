"""`check` on the command line loads the engine and freezes the heap before it reads a file
(`gc.freeze`: the spec and schemas are never walked again by the collector); the Python API
leaves the caller's heap alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from payloads import GOOD_REQUEST

PROBE = """
import gc, sys
from validator.cli import main
from validator.schema import spec
{before}
try:
    {call}
except SystemExit:
    pass
print(gc.get_freeze_count() > 0, spec.fast_validator.cache_info().currsize)
"""


def _probe(call: str, tmp_path: Path, before: str = "") -> list[str]:
    path = tmp_path / "req.json"
    path.write_text(json.dumps(GOOD_REQUEST), encoding="utf-8")
    code = PROBE.format(call=call.format(path=str(path)), before=before)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    return out.stdout.split()[-2:]


def test_the_command_line_freezes_a_warm_heap(tmp_path: Path) -> None:
    assert _probe("main(['check', {path!r}])", tmp_path) == ["True", "2"]


def test_the_python_api_does_not_freeze(tmp_path: Path) -> None:
    call = "import validator; validator.check_file({path!r})"
    frozen, _compiled = _probe(call, tmp_path)
    assert frozen == "False"
