"""Data and a small plain-jsonschema helper for the spec tests (independent of the engine)."""
