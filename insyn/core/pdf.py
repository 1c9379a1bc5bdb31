"""HTML to PDF for letters, decisions and reports (WeasyPrint).

Every PDF is a tagged PDF (PDF/UA-1): headings, paragraphs and table headers are in its
structure tree, its language is the template's `<html lang>`, and its title is shown by
the reader. Lag (2018:1937) asks published documents to be as accessible as the pages.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.template.loader import render_to_string

# Kept apart from the templates: the pages' Content-Security-Policy rules (no inline
# style) are checked over every template, PDF ones included.
STYLESHEET = Path(__file__).with_name("pdf.css")
PDF_VARIANT = "pdf/ua-1"


@cache
def _stylesheet():
    from weasyprint import CSS

    return CSS(string=STYLESHEET.read_text(encoding="utf-8"))


def _fetcher():
    # Documents are rendered from our own templates; a PDF never makes insyn fetch
    # anything over the network or from disk, whatever a text field may contain. Only
    # data: URLs are read: the charts, drawn by insyn itself, are embedded as images so
    # that each carries its alternative text.
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def pdf_from_template(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only PDFs need

    html = render_to_string(template_name, context)
    return HTML(string=html, url_fetcher=_fetcher()).write_pdf(
        stylesheets=[_stylesheet()], pdf_variant=PDF_VARIANT
    )
