"""`python -m validator.catalogue [--write-readme [PATH]]`: print or write the README table."""

from validator.catalogue.render import main

raise SystemExit(main())
