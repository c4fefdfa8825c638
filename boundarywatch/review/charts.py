"""Small server-side SVG charts (no JavaScript, no CDN): stacked bars, rates and a case timeline.

Every label is escaped; the returned :class:`markupsafe.Markup` can be dropped into a template as is.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

__all__ = ["CATEGORY_COLORS", "SEVERITY_COLORS", "rate_chart", "stacked_bar_chart", "timeline_chart"]

CATEGORY_COLORS: dict[str, str] = {
    "romantic_sexual": "#b83280",
    "physical_contact": "#d53f8c",
    "gifts": "#dd6b20",
    "solicitation": "#c05621",
    "financial": "#b7791f",
    "testimonial": "#718096",
    "social": "#3182ce",
    "self_disclosure": "#805ad5",
    "time_place": "#319795",
    "role_conflict": "#2f855a",
    "connected_clients": "#38a169",
    "undue_influence": "#9b2c2c",
    "secrecy": "#1a202c",
}
SEVERITY_COLORS: dict[str, str] = {"low": "#90cdf4", "medium": "#f6c453", "high": "#ed8936", "critical": "#c53030"}
_FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"'


def _empty(width: int, message: str) -> Markup:
    return Markup(
        f'<svg class="chart" role="img" viewBox="0 0 {width} 40" width="{width}" height="40" {_FONT}>'
        f'<text x="8" y="24" font-size="13" fill="#4a5568">{escape(message)}</text></svg>'
    )


def stacked_bar_chart(
    rows: Sequence[tuple[str, dict[str, int]]],
    series: Sequence[tuple[str, str, str]],
    *,
    title: str,
    width: int = 620,
    label_width: int = 150,
) -> Markup:
    """Horizontal stacked bars: ``rows`` are (label, {series key: count}); ``series`` (key, label, colour)."""
    if not rows:
        return _empty(width, "Nothing to show yet.")
    bar_h, gap, top = 20, 8, 8
    legend_h = 26
    height = top + len(rows) * (bar_h + gap) + legend_h + 4
    peak = max(sum(v.values()) for _, v in rows) or 1
    plot_w = width - label_width - 50
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {_FONT}><title>{escape(title)}</title>'
    ]
    for i, (label, values) in enumerate(rows):
        y = top + i * (bar_h + gap)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 14}" font-size="12" text-anchor="end" fill="#2d3748">'
            f"{escape(label)}</text>"
        )
        x = float(label_width)
        for key, name, color in series:
            n = values.get(key, 0)
            if not n:
                continue
            w = plot_w * n / peak
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{color}" rx="2">'
                f"<title>{escape(label)}: {n} {escape(name)}</title></rect>"
            )
            x += w
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + 14}" font-size="12" fill="#4a5568">{sum(values.values())}</text>'
        )
    ly = height - legend_h + 8
    lx = label_width
    for _key, name, color in series:
        parts.append(f'<rect x="{lx}" y="{ly}" width="11" height="11" fill="{color}" rx="2"/>')
        parts.append(f'<text x="{lx + 15}" y="{ly + 10}" font-size="11" fill="#4a5568">{escape(name)}</text>')
        lx += 22 + 7 * len(name)
    parts.append("</svg>")
    return Markup("".join(parts))


def rate_chart(
    rows: Sequence[tuple[str, int, int]], *, title: str, width: int = 620, label_width: int = 150
) -> Markup:
    """Horizontal bars of ``part / whole`` per label, annotated "x of n (p%)"."""
    if not rows:
        return _empty(width, "No decided flags yet.")
    bar_h, gap, top = 18, 8, 8
    height = top + len(rows) * (bar_h + gap) + 4
    plot_w = width - label_width - 120
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {_FONT}><title>{escape(title)}</title>'
    ]
    for i, (label, part, whole) in enumerate(rows):
        y = top + i * (bar_h + gap)
        rate = part / whole if whole else 0.0
        color = "#c53030" if rate >= 0.5 else "#dd6b20" if rate >= 0.25 else "#2f855a"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 13}" font-size="12" text-anchor="end" fill="#2d3748">'
            f"{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{plot_w}" height="{bar_h}" fill="#edf2f7" rx="2"/>'
            f'<rect x="{label_width}" y="{y}" width="{plot_w * rate:.1f}" height="{bar_h}" fill="{color}" rx="2"/>'
            f'<text x="{label_width + plot_w + 8}" y="{y + 13}" font-size="12" fill="#4a5568">'
            f"{part} of {whole} ({rate:.0%})</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def timeline_chart(
    points: Sequence[tuple[str, dict[str, int]]], *, title: str = "Flags by category over time", width: int = 640
) -> Markup:
    """Vertical stacked bars per session date, coloured by category, with a legend of the categories present."""
    if not points:
        return _empty(width, "No flags in this case.")
    top, bottom, left, right = 12, 44, 34, 10
    plot_h = 140
    cats = [c for c in CATEGORY_COLORS if any(v.get(c) for _, v in points)]
    cats += sorted({c for _, v in points for c in v} - set(cats))
    legend_rows = (len(cats) + 3) // 4
    height = top + plot_h + bottom + legend_rows * 18
    peak = max(sum(v.values()) for _, v in points) or 1
    plot_w = width - left - right
    slot = plot_w / len(points)
    bar_w = max(6.0, min(40.0, slot * 0.6))
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {_FONT}><title>{escape(title)}</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#a0aec0"/>',
        f'<text x="{left - 6}" y="{top + 8}" font-size="10" text-anchor="end" fill="#718096">{peak}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" font-size="10" text-anchor="end" fill="#718096">0</text>',
    ]
    label_every = max(1, int(len(points) / (plot_w / 70)) + 1)
    for i, (date, values) in enumerate(points):
        x = left + slot * i + (slot - bar_w) / 2
        y = float(top + plot_h)
        for cat in cats:
            n = values.get(cat, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            color = CATEGORY_COLORS.get(cat, "#4a5568")
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{color}">'
                f"<title>{escape(date)}: {n} {escape(cat)}</title></rect>"
            )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" font-size="10" text-anchor="middle" '
                f'fill="#4a5568">{escape(date)}</text>'
            )
    for j, cat in enumerate(cats):
        lx = left + (j % 4) * (plot_w / 4)
        ly = top + plot_h + 30 + (j // 4) * 18
        parts.append(
            f'<rect x="{lx:.1f}" y="{ly}" width="11" height="11" fill="{CATEGORY_COLORS.get(cat, "#4a5568")}"/>'
            f'<text x="{lx + 15:.1f}" y="{ly + 10}" font-size="11" fill="#4a5568">'
            f"{escape(cat.replace('_', ' '))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
