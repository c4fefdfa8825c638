"""Upload transcripts: screen them with the detector and import the flags."""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import Response

from boundarywatch.store.importer import import_results
from boundarywatch.web.deps import CsrfDep, Principal, SessionDep, StateDep, render, require
from boundarywatch.web.screening import ScreenerUnavailableError, provenance, scan_files

__all__ = ["router"]

router = APIRouter(prefix="/upload", tags=["upload"])
log = logging.getLogger("boundarywatch")

UploaderDep = Annotated[Principal, require("upload")]


def _safe_name(name: str, i: int) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name or "").name).strip("._") or f"upload-{i}.txt"
    return base[:120]


@router.get("")
def upload_form(request: Request, user: UploaderDep) -> Response:
    """The upload form."""
    return render(request, "upload.html", {"summary": None, "error": None})


@router.post("")
async def upload(
    request: Request,
    session: SessionDep,
    state: StateDep,
    user: UploaderDep,
    _csrf: CsrfDep,
    files: Annotated[list[UploadFile], File()],
) -> Response:
    """Screen the uploaded files and import documents and flags in one transaction."""
    with tempfile.TemporaryDirectory(prefix="bw-upload-") as tmp:
        saved: list[tuple[str, Path]] = []
        total = 0
        for i, f in enumerate(files):
            data = await f.read()
            total += len(data)
            if total > state.settings.max_upload_bytes:
                return render(
                    request, "upload.html", {"summary": None, "error": "The upload is too large."}, status_code=413
                )
            name = _safe_name(f.filename or "", i)
            path = Path(tmp) / f"{i:03d}-{name}"
            path.write_bytes(data)
            saved.append((name, path))
        if not saved:
            return render(
                request, "upload.html", {"summary": None, "error": "Choose at least one file."}, status_code=422
            )
        try:
            results, screener = scan_files(saved, state.settings.screener_factory)
        except ScreenerUnavailableError as exc:
            return render(
                request, "upload.html", {"summary": None, "error": f"Cannot screen: {exc}."}, status_code=503
            )
        except Exception as exc:  # the detector failed; log the type only, never transcript content
            log.error("screening an upload failed: %s", type(exc).__name__)
            return render(
                request,
                "upload.html",
                {"summary": None, "error": "Screening failed; the files were not imported."},
                status_code=500,
            )
    config_hash, versions = provenance(screener)
    summary = import_results(
        session=session,
        results=results,
        config_hash=config_hash,
        recognizer_versions=versions,
        actor=user.username,
    )
    session.commit()
    return render(request, "upload.html", {"summary": summary, "error": None})
