"""Render a conflict check or scan as text, JSON or HTML, and write it atomically."""

from __future__ import annotations

import html
import json
import os
import tempfile
from pathlib import Path

from boundarywatch.conflicts.checker import CheckResult
from boundarywatch.conflicts.rules import ConflictFinding

__all__ = ["FORMATS", "render", "render_html", "render_json", "render_text", "write_atomic"]

FORMATS = ("text", "json", "html")


def _heading(result: CheckResult) -> str:
    o = result.options
    if result.subject:
        s = result.subject
        who = f"Intake conflict check: {s['name']} as {s['role'].replace('_', ' ')}"
        if s.get("clinician"):
            who += f" with {s['clinician']}"
    else:
        who = "Organisation conflict scan"
    scope = "agency-wide" if o.agency_scope else "per clinician"
    return f"{who} (as of {o.as_of.isoformat()}, code {o.code}, match threshold {o.threshold:g}, {scope})"


def _match_lines(f: ConflictFinding) -> list[str]:
    out = []
    for m in f.matches:
        out.append(f"    same person? {m.left} ~ {m.right}: confidence {m.confidence:.3f}")
        for ev in m.chain:
            if ev.method != "splink":
                out.append(f"      {ev.method}")
                continue
            parts = ", ".join(f"{c.field}: {c.level} ({c.weight:+.1f})" for c in ev.fields if c.weight)
            out.append(f"      match weight {ev.weight:.1f} = prior + {parts}")
    return out


def render_text(result: CheckResult) -> str:
    """Plain text for the terminal or the intake file."""
    lines = [_heading(result), ""]
    if not result.findings:
        lines.append("No conflicts found.")
    for i, f in enumerate(result.findings, 1):
        lines.append(f"{i}. [{f.severity.value.upper()}] {f.rule} {f.title}")
        lines.append(f"   Clinician: {f.clinician}")
        lines.append("   People: " + "; ".join(f"{p.name} ({p.role})" for p in f.people))
        lines.append(f"   Match confidence: {f.confidence:.3f}")
        if f.dates:
            lines.append("   Dates: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in f.dates.items()))
        lines.append("   Codes: " + ", ".join(f.codes))
        lines.append("   Records: " + ", ".join(f"{r.source}:{r.line} ({r.kind}/{r.subtype})" for r in f.records))
        lines.append(f"   Why: {f.explanation}")
        for mod in f.modifiers:
            lines.append(f"   Modifier: {mod}")
        lines.extend(_match_lines(f))
        lines.append("")
    if result.issues:
        lines.append(f"Skipped {len(result.issues)} record(s):")
        lines.extend(f"  {i}" for i in result.issues[:50])
        if len(result.issues) > 50:
            lines.append(f"  ... and {len(result.issues) - 50} more")
    lines.append(
        f"{len(result.findings)} finding(s); {result.mentions} person mentions linked into "
        f"{result.people} people; "
        f"{result.relationships} relationships."
    )
    return "\n".join(lines) + "\n"


def render_json(result: CheckResult) -> str:
    """The JSON contract (see docs/conflicts.md)."""
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"


def render_html(result: CheckResult) -> str:
    """A self-contained HTML page (no scripts, no external resources) for the intake file."""
    e = html.escape
    rows = []
    for f in result.findings:
        people = "<br>".join(f"{e(p.name)} <small>({e(p.role)})</small>" for p in f.people)
        recs = "<br>".join(f"{e(r.source)}:{r.line} <small>{e(r.kind)}/{e(r.subtype)}</small>" for r in f.records)
        dates = "<br>".join(f"{e(k.replace('_', ' '))}: {e(v)}" for k, v in f.dates.items())
        match = "<br>".join(e(s.strip()) for s in _match_lines(f))
        rows.append(
            f"<tr class='{e(f.severity.value)}'><td>{e(f.rule)}</td><td>{e(f.severity.value)}</td>"
            f"<td><b>{e(f.title)}</b><p>{e(f.explanation)}</p><small>{match}</small></td>"
            f"<td>{e(f.clinician)}</td><td>{people}</td><td>{f.confidence:.3f}</td><td>{dates}</td>"
            f"<td>{e(', '.join(f.codes))}</td><td>{recs}</td></tr>"
        )
    issues = "".join(f"<li>{e(str(i))}</li>" for i in result.issues)
    body = (
        "<table><thead><tr><th>Rule</th><th>Severity</th><th>Finding</th><th>Clinician</th><th>People</th>"
        "<th>Confidence</th><th>Dates</th><th>Codes</th><th>Records</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        if rows
        else "<p>No conflicts found.</p>"
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Conflict check</title><style>"
        "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:4px;vertical-align:top}tr.critical{background:#fdd}tr.high{background:#fee}"
        "tr.medium{background:#ffe}</style></head><body>"
        f"<h1>{e(_heading(result))}</h1>{body}"
        + (f"<h2>Skipped records</h2><ul>{issues}</ul>" if issues else "")
        + f"<p>{len(result.findings)} finding(s); {result.mentions} mentions, {result.people} people.</p>"
        "</body></html>\n"
    )


def render(result: CheckResult, fmt: str) -> str:
    """Render in one of :data:`FORMATS`."""
    if fmt == "json":
        return render_json(result)
    if fmt == "html":
        return render_html(result)
    if fmt == "text":
        return render_text(result)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to a temporary file next to ``path`` and rename it into place."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
