"""Model facts and API-version state, as request rules read them.

Model facts are data (the spec's `x-models`, extended from config): no rule hard-codes a model
id. Every reader tolerates a missing key (the fact is then unknown and the rule stays silent),
so a sparse entry for a new model never produces a false error. Dates come from the data or
from the recording, never from the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from validator.core.findings import Severity
from validator.rules import RuleContext
from validator.schema.spec import load_spec

# Every fact a model entry may state (x-models or config); rules read these keys and no other.
MODEL_FACTS = frozenset(
    {"max-output-tokens", "context-window", "thinking", "prefill", "sampling",
     "temperature-and-top-p", "system-role", "effort", "inference-geo", "speed",
     "forced-tool-choice", "deprecated", "retired", "alias-of"}
)  # fmt: skip

V2023 = "2023-06-01"
V2026 = "2026-10-21"
KNOWN_VERSIONS = (V2023, V2026)


_TABLE: list[Any] = [None, None]  # (config models, merged table) of the latest config


def model_table(extra: Mapping[str, Mapping[str, Any]] | None = None) -> Mapping[str, Any]:
    """The spec's `x-models` with the config's entries laid over them: the one merge.

    An entry for a shipped model changes the facts it names and keeps the others (its alias,
    its thinking types...): config extends x-models, it does not blank an entry.
    """
    if _TABLE[0] is extra and _TABLE[1] is not None:
        return _TABLE[1]
    shipped = shipped_models()
    table = dict(shipped)
    for model, given in (extra or {}).items():
        table[model] = {**shipped.get(model, {}), **given}
    _TABLE[:] = [extra, table]
    return table


def shipped_models() -> dict[str, Any]:
    """The model facts the release ships (`x-models` of the packaged spec)."""
    return dict(load_spec().get("x-models") or {})


def model_id(payload: Any) -> str | None:
    """The request's `model`, when it is a string."""
    model = payload.get("model") if isinstance(payload, dict) else None
    return model if isinstance(model, str) else None


def facts(payload: Any, ctx: RuleContext) -> Mapping[str, Any] | None:
    """The facts of the request's model (aliases resolved), or None when the model is unknown.

    Resolved once per check (`RuleContext.memo`), however many rules ask.
    """
    return ctx.memo(_resolved, payload, ctx.models)


# The facts of each model named so far, resolved in the latest table (`_TABLE`), which every
# check of a run shares: a model's aliases are merged once per run, not once per check.
_RESOLVED: dict[str, Mapping[str, Any] | None] = {}
_RESOLVED_IN: list[Any] = [None]


def _resolved(payload: Any, models: Mapping[str, Any]) -> Mapping[str, Any] | None:
    name = model_id(payload)
    if name is None:
        return None
    if models is not _TABLE[1]:  # a table of the caller's own: resolved afresh
        return _resolve(name, models)
    if _RESOLVED_IN[0] is not models or len(_RESOLVED) > 1024:  # any string may name a model
        _RESOLVED.clear()
        _RESOLVED_IN[0] = models
    if name not in _RESOLVED:
        _RESOLVED[name] = _resolve(name, models)
    return _RESOLVED[name]


def _resolve(name: str, models: Mapping[str, Any]) -> Mapping[str, Any] | None:
    entry = models.get(name)
    if not isinstance(entry, Mapping):
        return None
    merged: dict[str, Any] = {}
    seen = {name}
    while isinstance(entry, Mapping):
        merged = {**entry, **merged}  # the alias's own keys win over its target's
        target = entry.get("alias-of")
        if not isinstance(target, str) or target in seen:
            break
        seen.add(target)
        entry = models.get(target)
    return merged


def fact(payload: Any, ctx: RuleContext, key: str) -> Any:
    """One fact of the request's model; None when the model or the fact is unknown."""
    known = facts(payload, ctx)
    return None if known is None else known.get(key)


def version_state(ctx: RuleContext) -> str | None:
    """`2023-06-01` or `2026-10-21` when that version is in force, else None (unknown)."""
    version = ctx.api_version
    return version if version in KNOWN_VERSIONS else None


def v2026_verdict(ctx: RuleContext) -> tuple[bool, Severity | None]:
    """For a rule only `2026-10-21` enforces: (applies, severity override).

    Under `2026-10-21` it applies at its default severity (error); under `2023-06-01` the API
    accepts the payload, so it does not apply; when the version is unknown it is a warning.
    """
    state = version_state(ctx)
    if state == V2026:
        return True, None
    return state is None, Severity.WARNING


def version_note(ctx: RuleContext) -> str:
    """A message suffix that says why a version-dependent finding is only a warning."""
    if version_state(ctx) is None:
        return f" (anthropic-version unknown: rejected under {V2026}, accepted under {V2023})"
    return f" under anthropic-version {V2026}"


def as_date(value: Any) -> date | None:
    """A fact or recording date: ISO `2026-06-15`, or an HTTP `Date` header value."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # here: `email` costs ~8 ms to import

    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        return None


def recorded_on(ctx: RuleContext) -> date | None:
    stamp = ctx.context.recorded_at
    return stamp.date() if isinstance(stamp, datetime) else as_date(stamp)


def recorded_before(ctx: RuleContext, day: str) -> date | None:
    """The recording date when it is known and earlier than `day` (ISO), else None.

    Checks the API enforces only since some day are errors on today's payloads and warnings on
    a recording made before that day (the API accepted it then).
    """
    recorded = recorded_on(ctx)
    return recorded if recorded is not None and recorded < date.fromisoformat(day) else None
