"""HTML to PDF for letters, decisions and reports (WeasyPrint)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.template.loader import render_to_string

# Kept apart from the templates: the pages' Content-Security-Policy rules (no inline
# style) are checked over every template, PDF ones included.
STYLESHEET = Path(__file__).with_name("pdf.css")


@cache
def _stylesheet():
    from weasyprint import CSS

    return CSS(string=STYLESHEET.read_text(encoding="utf-8"))


def _no_fetch(url: str, *args, **kwargs):
    # Documents are rendered from our own templates with inline styles; a PDF never makes
    # insyn fetch anything, whatever a text field may contain.
    raise ValueError(f"insyn does not fetch {url!r} into a PDF")


def pdf_from_template(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only PDFs need

    html = render_to_string(template_name, context)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(stylesheets=[_stylesheet()])
