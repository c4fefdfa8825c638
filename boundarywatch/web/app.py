"""The application factory: ``create_app(settings)`` builds a self-contained workbench (no module-level app)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from boundarywatch.store.audit import record_event
from boundarywatch.store.db import make_engine, make_session_factory, migrate, session_scope
from boundarywatch.web import filters
from boundarywatch.web.deps import AppState, CsrfError, ForbiddenError, LoginRequiredError, render
from boundarywatch.web.routes import audit, auth, cases, dashboard, flags, upload, users
from boundarywatch.web.security import CSRF_COOKIE, CsrfTokens, SessionSigner, new_csrf_secret
from boundarywatch.web.settings import Settings

__all__ = ["create_app"]

log = logging.getLogger("boundarywatch")
_HERE = Path(__file__).parent

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _secure(request: Request, settings: Settings) -> bool:
    if settings.secure_cookies is not None:
        return settings.secure_cookies
    return request.url.scheme == "https"


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app on ``settings.db_url`` (migrating it unless ``run_migrations`` is False)."""
    settings = settings or Settings()
    engine = make_engine(settings.db_url)
    if settings.run_migrations:
        migrate(engine)
    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    filters.install(templates.env)
    app = FastAPI(title="boundarywatch review workbench", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.bw = AppState(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        templates=templates,
        signer=SessionSigner(settings.secret_key, settings.session_max_age),
        csrf=CsrfTokens(settings.secret_key),
    )
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")

    @app.middleware("http")
    async def security_layer(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        existing = request.cookies.get(CSRF_COOKIE)
        request.state.csrf_secret = existing or new_csrf_secret()
        response = await call_next(request)
        if not existing:
            response.set_cookie(
                CSRF_COOKIE,
                request.state.csrf_secret,
                httponly=True,
                samesite="strict",
                secure=_secure(request, settings),
                path="/",
            )
        response.headers.setdefault("Content-Security-Policy", _CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        if _secure(request, settings):
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response

    @app.exception_handler(LoginRequiredError)
    async def to_login(request: Request, _exc: LoginRequiredError) -> Response:
        nxt = request.url.path if request.method == "GET" else "/"
        return RedirectResponse(f"/login?next={nxt}", status_code=303)

    @app.exception_handler(ForbiddenError)
    async def forbidden(request: Request, exc: ForbiddenError) -> Response:
        with session_scope(app.state.bw.sessions) as s:
            record_event(
                session=s,
                actor=exc.username,
                action="access_denied",
                target=f"{request.method} {request.url.path}",
                detail={"needs": exc.permission},
            )
        return render(
            request,
            "error.html",
            {"title": "Not allowed", "message": "Your role does not allow this page."},
            status_code=403,
        )

    @app.exception_handler(CsrfError)
    async def csrf_failed(request: Request, _exc: CsrfError) -> Response:
        return render(
            request,
            "error.html",
            {
                "title": "Form expired",
                "message": "The form was stale or not sent from this site. Go back, reload and try again.",
            },
            status_code=403,
        )

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/queue", status_code=303)

    for module in (auth, flags, cases, dashboard, upload, audit, users):
        app.include_router(module.router)
    return app
