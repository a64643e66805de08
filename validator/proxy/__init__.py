"""The validating proxy (`messages-validator proxy`): needs the `messages-validator[proxy]` extra.

Nothing here is imported by the `check` command; `validator.proxy.app` imports starlette and
httpx2, `validator.proxy.server` uvicorn.
"""
