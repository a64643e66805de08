"""The pre-commit hooks, driven by the real `pre-commit try-repo` in a temporary git repo.

A wheel of this repository is built once per session (proving the package builds with its
spec) into a wheelhouse that pre-commit's pip is pointed at; the hook's other dependencies
come from the package registry, as they would for a user. Slow (try-repo builds a fresh hook
environment per call, ~15 s); `MESSAGES_VALIDATOR_SKIP_PRECOMMIT=1` skips it locally.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GOOD = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 1024,
    "messages": [{"role": "user", "content": "Hello"}],
}
BAD = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 1024,
    "thinking": {"type": "enabled", "budget_tokens": 2048},
    "messages": [{"role": "user", "content": "Hello"}],
}
BAD_RULE = "thinking/budget-not-below-max-tokens"
NOT_A_PAYLOAD = {"name": "web", "version": "1.0.0", "dependencies": {}}
GIT_ENV = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}


def _skip_reason() -> str | None:
    if os.environ.get("MESSAGES_VALIDATOR_SKIP_PRECOMMIT") == "1":
        return "MESSAGES_VALIDATOR_SKIP_PRECOMMIT=1"
    if shutil.which("git") is None:
        return "git is not installed"
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        return "pre-commit is not installed (pip install -e '.[test]')"
    return None


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_manifest_hooks() -> None:
    """The manifest's hooks, their entry and the default pattern, without pre-commit."""
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"messages-validator", "messages-validator-traffic"}
    assert all(h["entry"] == "messages-validator check --hook" for h in hooks.values())
    payload = re.compile(hooks["messages-validator"]["files"])
    for name in ("fixtures/a.json", "x/payloads/b.yaml", "api_request.json", "Message.yml"):
        assert payload.search(name), name
    for name in ("package.json", "src/config.json", "fixtures/a.txt", "tsconfig.json"):
        assert not payload.search(name), name
    traffic = re.compile(hooks["messages-validator-traffic"]["files"])
    assert all(traffic.search(n) for n in ("a.jsonl", "b/c.ndjson", "d.har", "e.sse"))
    assert not traffic.search("a.json")


def test_readme_snippet_names_real_hooks(tmp_path: Path) -> None:
    """The README's `.pre-commit-config.yaml` snippet is a valid config using our hook ids."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = text.find("<!-- precommit:start -->"), text.find("<!-- precommit:end -->")
    if start < 0 or end < start:
        pytest.fail("README.md lacks the <!-- precommit:start/end --> snippet")
    block = re.search(r"```yaml\n(.*?)```", text[start:end], re.S)
    assert block, "no yaml block in the README's pre-commit snippet"
    config = yaml.safe_load(block.group(1))
    manifest = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    used = {h["id"] for repo in config["repos"] for h in repo["hooks"]}
    assert used and used <= manifest
    if _skip_reason() is None:
        path = tmp_path / ".pre-commit-config.yaml"
        path.write_text(block.group(1))
        done = subprocess.run(
            [sys.executable, "-m", "pre_commit", "validate-config", str(path)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("wheelhouse")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheels = list(out.glob("messages_validator-*.whl"))
    assert len(wheels) == 1
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "validator/spec/messages.openapi.yaml" in names  # the hook reads the packaged spec
    return out


@pytest.fixture
def user_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "user"
    (repo / "fixtures").mkdir(parents=True)
    files = {"good.json": GOOD, "bad.json": BAD, "package.json": NOT_A_PAYLOAD}
    for name, body in files.items():
        (repo / "fixtures" / name).write_text(json.dumps(body, indent=2) + "\n")
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    return repo


def try_repo(
    repo: Path, wheelhouse: Path, *files: str, hook: str | None = "messages-validator"
) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo` of this checkout (with its tracked uncommitted changes, which
    try-repo commits to a shadow repo itself) on `files` of `repo`."""
    links = " ".join(x for x in (str(wheelhouse), os.environ.get("PIP_FIND_LINKS")) if x)
    env = {
        **os.environ,
        **GIT_ENV,
        "PIP_FIND_LINKS": links,
        "NO_COLOR": "1",
    }
    env.pop("GITHUB_ACTIONS", None)  # the text format, as a developer's commit shows it
    cmd = [
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        str(ROOT),
        *([hook] if hook else []),
        "--color",
        "never",
        "--files",
        *files,
    ]
    return subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def test_hook_passes_good_and_skips_non_payloads(user_repo: Path, wheelhouse: Path) -> None:
    done = try_repo(
        user_repo,
        wheelhouse,
        "fixtures/good.json",
        "fixtures/package.json",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def exchange(request: dict) -> dict:
    """One recorded exchange line, as the corpus and users' traffic logs hold them."""
    response = {
        "id": "msg_01ABC",
        "type": "message",
        "role": "assistant",
        "model": request["model"],
        "content": [{"type": "text", "text": "Hi!"}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 8, "output_tokens": 3},
    }
    return {
        "method": "POST",
        "uri": "https://api.anthropic.com/v1/messages",
        "status": 200,
        "request": request,
        "request_headers": {"anthropic-version": "2023-06-01"},
        "response": response,
    }


def test_hooks_fail_bad_payloads_printing_the_finding(user_repo: Path, wheelhouse: Path) -> None:
    """Both hooks in one try-repo run (each run builds a hook environment: ~30 s)."""
    log = user_repo / "logs" / "traffic.jsonl"
    log.parent.mkdir()
    log.write_text("".join(json.dumps(exchange(r)) + "\n" for r in (GOOD, BAD)))
    git("add", "-A", cwd=user_repo)
    files = ["fixtures/good.json", "fixtures/bad.json", "fixtures/package.json"]
    done = try_repo(user_repo, wheelhouse, *files, "logs/traffic.jsonl", hook=None)
    assert done.returncode == 1, done.stdout + done.stderr
    out = done.stdout
    assert re.search(r"^messages-validator\.+Failed$", out, re.M), out
    assert re.search(r"^messages-validator \(traffic\)\.+Failed$", out, re.M), out
    found = [line for line in out.splitlines() if BAD_RULE in line]
    assert len(found) == 2, out
    assert found[0].startswith("fixtures/bad.json:")
    assert found[1].startswith("logs/traffic.jsonl:2:")
    assert found[1].endswith("(record 2, at request /thinking/budget_tokens)")
    assert "good.json:" not in out and "package.json:" not in out
