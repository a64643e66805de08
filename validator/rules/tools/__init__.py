"""The `tools/*` family: definitions (`tools` itself: names, domains, deferral, input
schemas) in `definitions`, and use (tool_use/tool_result pairing, ids, `tool_choice`) in `use`.
Importing the package registers both."""

from validator.rules.tools import definitions, use

__all__ = ["definitions", "use"]
