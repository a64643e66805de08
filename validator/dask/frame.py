"""`findings_dataframe`: findings as a lazy dask DataFrame, one row per finding."""

from __future__ import annotations

from typing import Any

from validator.config import Config
from validator.core.context import Context
from validator.core.findings import Finding
from validator.dask.bag import bag_tasks
from validator.dask.cluster import INSTALL, check_on_worker
from validator.run.parallel import Task
from validator.run.paths import expand

FINDING_COLUMNS = (
    "rule",
    "severity",
    "file",
    "record",
    "line",
    "column",
    "pointer",
    "part",
    "message",
    "fingerprint",
)


def _rows(result: Any) -> list[dict[str, Any]]:
    findings = result.findings
    return [_row(f) for f in findings]


def _row(f: Finding) -> dict[str, Any]:
    row = {c: getattr(f, c) for c in FINDING_COLUMNS}
    row["severity"] = str(f.severity)
    return row


def _meta() -> Any:
    import pandas as pd

    return pd.DataFrame(
        {
            "rule": pd.Series(dtype="object"),
            "severity": pd.Series(dtype="object"),
            "file": pd.Series(dtype="object"),
            "record": pd.Series(dtype="Int64"),
            "line": pd.Series(dtype="Int64"),
            "column": pd.Series(dtype="Int64"),
            "pointer": pd.Series(dtype="object"),
            "part": pd.Series(dtype="object"),
            "message": pd.Series(dtype="object"),
            "fingerprint": pd.Series(dtype="object"),
        }
    )


def _frame(rows: list[dict[str, Any]]) -> Any:
    import pandas as pd

    meta = _meta()
    if not rows:
        return meta
    return pd.DataFrame(rows, columns=list(FINDING_COLUMNS)).astype(meta.dtypes.to_dict())


def findings_dataframe(
    inputs: Any,
    *,
    kind: str | None = None,
    config: Config | None = None,
    name: str = "<bag>",
    context: Context | None = None,
) -> Any:
    """A lazy dask DataFrame of findings, one row per finding, columns `FINDING_COLUMNS`.

    `inputs` is a `dask.bag` of records (numbered as `check_bag` numbers them) or paths and
    URLs (one partition per file). Nothing
    runs until it is computed, e.g. `df.groupby("rule").size().compute()`.
    Needs `dask[dataframe]` (pandas): part of `pip install 'messages-validator[dask]'`.
    """
    import os

    try:
        import dask
        import dask.dataframe as dd
    except ImportError:
        raise ImportError(f"findings_dataframe needs dask[dataframe] (pandas): {INSTALL}") from None
    if hasattr(inputs, "to_delayed") and hasattr(inputs, "map_partitions"):
        parts = bag_tasks(inputs, kind, config, name, context, None)
    else:
        if isinstance(inputs, str):
            inputs = [inputs]
        config = config or Config()
        files = list(expand(inputs, config.exclude))
        # Whole files, not byte ranges: a lazy frame has no merge step in which a file's
        # ranges could be judged as one file (batch custom_ids unique across its lines).
        tasks = [Task(f) for f in files]
        kind = None if kind in (None, "auto") else kind
        check = dask.delayed(check_on_worker, pure=True)
        cwd = os.getcwd()
        parts = [check(t, kind, config, False, context, cwd) for t in tasks]
    frames = [dask.delayed(_frame)(dask.delayed(_rows)(p)) for p in parts]
    if not frames:
        return dd.from_pandas(_meta(), npartitions=1)
    return dd.from_delayed(frames, meta=_meta(), verify_meta=False)
