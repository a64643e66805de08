"""The `messages-validator` command: `check` (the default), `rules`, `explain RULE`,
`schema KIND`, `proxy`.

- `validator.cli.app`: the group (`check` when the first argument is no command) and `main`;
- `validator.cli.options`: the options of `check`;
- `validator.cli.checking`: the `check` command (config, run, progress, baseline);
- `validator.cli.output`: the report's rendering and the exit code, decided there only:
  0 no finding at or above `--fail-on`, 1 such findings, 2 usage error, bad config or an
  unreadable path (2 wins over 1);
- `validator.cli.reference`: `rules`, `explain`, `schema`; `validator.cli.serving`: `proxy`.
"""

from validator.cli.app import DefaultGroup, cli, main
from validator.cli.checking import check
from validator.cli.options import SEVERITIES
from validator.cli.output import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from validator.cli.reference import SCHEMA_KINDS, explain, rules, schema
from validator.cli.serving import proxy

__all__ = [
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "SCHEMA_KINDS",
    "SEVERITIES",
    "DefaultGroup",
    "check",
    "cli",
    "explain",
    "main",
    "proxy",
    "rules",
    "schema",
]
