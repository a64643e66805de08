"""Every model id the API has published is in `x-models`, and a retired one is rejected (404).

The ids are those of the published model-deprecations table (from `claude-1.0` on, as
../shared/reference/messages-api.md §13 lists them) and of the pinned SDK's `Model` literal.
"""

from __future__ import annotations

import typing

import pytest
from payloads import GOOD_RESPONSE

from validator import check
from validator.rules.facts import shipped_models

RETIRED = {
    "claude-1.0": "2024-11-06",
    "claude-1.1": "2024-11-06",
    "claude-1.2": "2024-11-06",
    "claude-1.3": "2024-11-06",
    "claude-instant-1.0": "2024-11-06",
    "claude-instant-1.1": "2024-11-06",
    "claude-instant-1.2": "2024-11-06",
    "claude-2.0": "2025-07-21",
    "claude-2.1": "2025-07-21",
    "claude-3-sonnet-20240229": "2025-07-21",
    "claude-3-5-sonnet-20240620": "2025-10-22",
    "claude-3-5-sonnet-20241022": "2025-10-22",
    "claude-3-5-sonnet-latest": "2025-10-22",
    "claude-3-opus-20240229": "2026-01-05",
    "claude-3-opus-latest": "2026-01-05",
    "claude-3-5-haiku-20241022": "2026-02-19",
    "claude-3-5-haiku-latest": "2026-02-19",
    "claude-3-7-sonnet-20250219": "2026-02-19",
    "claude-3-7-sonnet-latest": "2026-02-19",
    "claude-3-haiku-20240307": "2026-04-20",
    "claude-sonnet-4-0": "2026-06-15",
    "claude-sonnet-4-20250514": "2026-06-15",
    "claude-opus-4-0": "2026-06-15",
    "claude-opus-4-20250514": "2026-06-15",
    "claude-opus-4-1": "2026-08-07",
    "claude-opus-4-1-20250805": "2026-08-07",
}


def _models() -> dict[str, typing.Any]:
    return shipped_models()


def _request(model: str) -> dict[str, typing.Any]:
    return {"model": model, "max_tokens": 16, "messages": [{"role": "user", "content": "hi"}]}


@pytest.mark.parametrize("model", sorted(RETIRED))
def test_every_retired_id_is_in_the_table_with_its_date(model: str) -> None:
    assert str(_models()[model]["retired"]) == RETIRED[model]


@pytest.mark.parametrize("model", sorted(RETIRED))
def test_a_retired_model_is_an_error_today_and_a_warning_before(model: str) -> None:
    rules = {(f.rule, f.severity.value) for f in check(_request(model))}
    assert ("models/retired-model", "error") in rules
    assert not any(rule == "models/unknown-model" for rule, _ in rules)
    early = check(_request(model), context={"recorded_at": "2024-01-02"})
    retired = [f for f in early if f.rule == "models/retired-model"]
    assert [f.severity.value for f in retired] == ["warning"], early


def _literals(tp: typing.Any) -> list[str]:
    out: list[str] = []
    for arg in typing.get_args(tp):
        if typing.get_origin(arg) is typing.Literal:
            out += [a for a in typing.get_args(arg) if isinstance(a, str)]
        else:
            out += _literals(arg)
    return out


def test_every_model_of_the_pinned_sdk_is_known() -> None:
    model_param = pytest.importorskip("anthropic.types.model_param")
    missing = sorted(set(_literals(model_param.ModelParam)) - set(_models()))
    assert missing == []


def test_aliases_name_a_snapshot_of_the_table() -> None:
    models = _models()
    for name, facts in models.items():
        if "alias-of" in facts:
            assert facts["alias-of"] in models, name


def test_an_answered_undated_exchange_predates_retirement() -> None:
    from validator import check_exchange

    message = {**GOOD_RESPONSE, "model": "claude-2.1", "content": [{"type": "text", "text": "Hi"}]}

    def retired(status: int | None) -> list[str]:
        report = check_exchange(_request("claude-2.1"), message, status=status)
        return [f.severity.value for f in report if f.rule == "models/retired-model"]

    assert retired(200) == ["warning"]
    assert retired(None) == ["error"]
    assert retired(404) == ["error"]
