"""The review workbench: a FastAPI app built by :func:`boundarywatch.web.app.create_app` (``[web]`` extra)."""

__all__: list[str] = []
