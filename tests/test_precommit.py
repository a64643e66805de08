"""The pre-commit hooks, driven by the real `pre-commit` the way a new user meets them.

The README's `.pre-commit-config.yaml` snippet is taken literally; only `repo:` is pointed at
a snapshot of this checkout (every tracked and untracked-but-not-ignored file as it is on
disk, committed in a temporary repository, since pre-commit clones `repo` at `rev` and would
not see uncommitted work) and `rev:` at that snapshot's commit (as a tag of the README's own
`rev` when it is a tag name). `pre-commit run --all-files` then installs the hook with pip,
as it would for a user. One `PRE_COMMIT_HOME` serves the whole session, so the hook
environment is built once (~10 s; one `try-repo` run builds another).
`MESSAGES_VALIDATOR_SKIP_PRECOMMIT=1` skips these tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
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
SHA = re.compile(r"^[0-9a-f]{40}$")


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
        ["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def readme_snippet() -> str:
    """The YAML block between the README's `<!-- precommit:start/end -->` markers."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = text.find("<!-- precommit:start -->"), text.find("<!-- precommit:end -->")
    if start < 0 or end < start:
        pytest.fail("README.md lacks the <!-- precommit:start/end --> snippet")
    block = re.search(r"```yaml\n(.*?)```", text[start:end], re.S)
    assert block, "no yaml block in the README's pre-commit snippet"
    return block.group(1)


def test_manifest_hooks() -> None:
    """The manifest's hooks, their entry and the default pattern, without pre-commit."""
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {
        "messages-validator",
        "messages-validator-traffic",
        "messages-validator-cassettes",
    }
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
    """The README's snippet is a valid config using exactly one repo and our hook ids."""
    config = yaml.safe_load(readme_snippet())
    assert len(config["repos"]) == 1
    manifest = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    used = {h["id"] for h in config["repos"][0]["hooks"]}
    assert used == manifest  # the snippet shows both hooks
    if _skip_reason() is None:
        path = tmp_path / ".pre-commit-config.yaml"
        path.write_text(readme_snippet())
        done = subprocess.run(
            [sys.executable, "-m", "pre_commit", "validate-config", str(path)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr


# What .gitignore keeps out, for a source tree that is not a git checkout (an sdist).
NOT_SOURCE = {".git", ".venv", "__pycache__", "build", "dist", ".pytest_cache", ".ruff_cache"}
NOT_SOURCE |= {".hypothesis", ".mypy_cache", ".bench", "wheelhouse", "htmlcov"}


def _on_disk_files() -> list[str]:
    """This checkout's files as the working tree has them: tracked (unless deleted) plus
    untracked ones that .gitignore does not exclude."""
    try:
        out = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    except subprocess.CalledProcessError:  # not a git work tree: walk it instead
        return sorted(_walk(ROOT))
    names = sorted({n for n in out.split("\0") if n})
    return [n for n in names if os.path.lexists(ROOT / n)]


def _walk(root: Path) -> list[str]:
    found = []
    for top, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in NOT_SOURCE and not d.endswith(".egg-info")]
        rel = Path(top).relative_to(root)
        links = [d for d in dirs if os.path.islink(os.path.join(top, d))]  # `spec -> ...`
        dirs[:] = [d for d in dirs if d not in links]
        found += [(rel / f).as_posix() for f in [*files, *links] if not f.endswith(".pyc")]
    return found


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this checkout's working tree in one commit: (path, rev)."""
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in _on_disk_files():
        src, dst = ROOT / name, repo / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            os.symlink(os.readlink(src), dst)
        elif src.is_file():
            shutil.copy2(src, dst)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "snapshot of the working tree", cwd=repo)
    sha = git("rev-parse", "HEAD", cwd=repo).strip()
    rev = yaml.safe_load(readme_snippet())["repos"][0]["rev"]
    if not SHA.match(str(rev)):
        git("tag", str(rev), cwd=repo)  # the README's own rev then resolves unchanged
        return repo, str(rev)
    return repo, sha


def user_config(hook_repo: tuple[Path, str]) -> str:
    """The README snippet with only `repo:` (and, for a sha, `rev:`) replaced."""
    path, rev = hook_repo
    text, n_repo = re.subn(r"(?m)^(\s*-?\s*repo:\s*)\S+", rf"\g<1>{path}", readme_snippet())
    text, n_rev = re.subn(r"(?m)^(\s*rev:\s*)\S+", rf"\g<1>{rev}", text)
    assert n_repo == 1 and n_rev == 1, "the snippet should have one repo: and one rev: line"
    return text


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache per session: the hook environment is built once and reused."""
    return tmp_path_factory.mktemp("pre-commit-home")


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


def user_repo(root: Path, config: str, files: dict[str, str]) -> Path:
    """A fresh git repository with the user's config and `files`, all staged."""
    root.mkdir(parents=True)
    (root / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git("init", "-q", cwd=root)
    git("add", "-A", cwd=root)
    return root


def run_pre_commit(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """`pre-commit run --all-files` in `repo`, as a developer's terminal would run it."""
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)  # the text format, as a developer's commit shows it
    cmd = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
    return subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def _json(body: dict) -> str:
    return json.dumps(body, indent=2) + "\n"


def _jsonl(*requests: dict) -> str:
    return "".join(json.dumps(exchange(r)) + "\n" for r in requests)


def test_readme_snippet_passes_good_files_and_skips_non_payloads(
    tmp_path: Path, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    files = {
        "fixtures/good.json": _json(GOOD),
        "fixtures/package.json": _json(NOT_A_PAYLOAD),  # caught by the pattern, not a payload
        "payloads/request.yaml": yaml.safe_dump(GOOD),
        "logs/traffic.jsonl": _jsonl(GOOD, GOOD),
    }
    repo = user_repo(tmp_path / "user", user_config(hook_repo), files)
    done = run_pre_commit(repo, pre_commit_home)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert re.search(r"^messages-validator\.+Passed$", done.stdout, re.M), out
    assert re.search(r"^messages-validator \(traffic\)\.+Passed$", done.stdout, re.M), out


def test_readme_snippet_fails_bad_files_printing_the_findings(
    tmp_path: Path, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    files = {
        "fixtures/good.json": _json(GOOD),
        "fixtures/bad.json": _json(BAD),
        "fixtures/package.json": _json(NOT_A_PAYLOAD),
        "logs/traffic.jsonl": _jsonl(GOOD, BAD),
        "src/unrelated.json": _json(BAD),  # outside the default pattern: not checked
    }
    repo = user_repo(tmp_path / "user", user_config(hook_repo), files)
    done = run_pre_commit(repo, pre_commit_home)
    out = done.stdout
    assert done.returncode == 1, out + done.stderr
    assert re.search(r"^messages-validator\.+Failed$", out, re.M), out
    assert re.search(r"^messages-validator \(traffic\)\.+Failed$", out, re.M), out
    found = [line for line in out.splitlines() if BAD_RULE in line and "— see:" not in line]
    assert len(found) == 2, out
    assert re.match(rf"fixtures/bad\.json:\d+:\d+: {BAD_RULE} \[error\] ", found[0]), found[0]
    assert found[1].startswith("logs/traffic.jsonl:2:")
    assert found[1].endswith("(record 2, at request /thinking/budget_tokens)")
    for quiet in ("good.json:", "package.json:", "unrelated.json"):
        assert quiet not in out, out


def test_try_repo_fails_a_bad_payload_printing_the_finding(
    tmp_path: Path, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    """`pre-commit try-repo`, as the issue names it, on the snapshot (try-repo builds its own
    hook environment each call, ~10 s, so one call): only the bad file is reported."""
    path, rev = hook_repo
    files = {
        "fixtures/good.json": _json(GOOD),
        "fixtures/bad.json": _json(BAD),
        "fixtures/package.json": _json(NOT_A_PAYLOAD),
    }
    repo = user_repo(tmp_path / "user", "", files)
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(pre_commit_home), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)  # not the user's cache; text format as on a terminal
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(path), "messages-validator"]
    cmd += ["--ref", rev, "--color", "never", "--files", *files]
    done = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"^messages-validator\.+Failed$", done.stdout, re.M), done.stdout
    (line,) = [x for x in done.stdout.splitlines() if BAD_RULE in x and "— see:" not in x]
    assert line.startswith("fixtures/bad.json:") and "[error]" in line
    assert "good.json:" not in done.stdout and "package.json:" not in done.stdout
