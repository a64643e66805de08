"""Checking on a Dask cluster: `--engine dask`, `check_bag` and `findings_dataframe`.

Needs the `dask` extra (`pip install 'messages-validator[dask]'`); dask and distributed are
imported inside the functions, so importing this package (for `EngineError`) is cheap. The
package is named after the one it drives; `import dask` in its modules is absolute (PEP 328)
and always means the top-level package.

- `validator.dask.cluster`: a run's files on a cluster (`run_files`, `local_cluster`);
- `validator.dask.bag`: `check_bag`, records of a bag numbered as JSONL lines;
- `validator.dask.frame`: `findings_dataframe`, findings as a lazy DataFrame.
"""

from validator.dask.bag import check_bag
from validator.dask.cluster import INSTALL, EngineError, local_cluster, run_files
from validator.dask.frame import FINDING_COLUMNS, findings_dataframe

__all__ = [
    "FINDING_COLUMNS",
    "INSTALL",
    "EngineError",
    "check_bag",
    "findings_dataframe",
    "local_cluster",
    "run_files",
]
