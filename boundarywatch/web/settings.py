"""Settings for the workbench app (passed to :func:`boundarywatch.web.app.create_app`)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Settings"]


@dataclass
class Settings:
    """What the app needs: a database URL, a signing key, cookie policy and (optionally) a screener factory.

    ``secure_cookies`` None means "Secure when the request came over HTTPS" (honouring a proxy's
    ``X-Forwarded-Proto`` when uvicorn runs with ``--proxy-headers``). ``screener_factory`` builds the detector
    for the upload page; by default :class:`boundarywatch.detect.Screener` is imported on first use.
    """

    db_url: str | None = None
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))
    secure_cookies: bool | None = None
    session_max_age: int = 8 * 3600
    run_migrations: bool = True
    screener_factory: Callable[[], object] | None = None
    max_upload_bytes: int = 20 * 1024 * 1024
