"""Published PDFs are tagged (PDF/UA-1) with their language and title, and every figure
carries alternative text (WCAG 2.1 AA through lag 2018:1937 covers published documents).
Read back with pypdf, not with the code that wrote them."""

import io

import pypdf
import pytest
from django.core.management import call_command

from insyn.registry.models import Attachment

pytestmark = pytest.mark.django_db


def _structure(node, found: list[tuple[str, object]]) -> None:
    node = node.get_object()
    if "/S" in node:
        found.append((str(node["/S"]), node.get("/Alt")))
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict):
            _structure(kid, found)


def _accessibility(pdf: bytes) -> dict:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    elements: list[tuple[str, object]] = []
    if "/StructTreeRoot" in root:
        _structure(root["/StructTreeRoot"], elements)
    return {
        "tagged": bool(root.get("/MarkInfo", {}).get("/Marked")) and bool(elements),
        "lang": str(root.get("/Lang", "")),
        "title": str((reader.metadata or {}).get("/Title", "")),
        "shows_title": bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")),
        "tags": {tag for tag, _alt in elements},
        "figures_without_alt": [tag for tag, alt in elements if tag == "/Figure" and not alt],
        "figures": [alt for tag, alt in elements if tag == "/Figure"],
    }


def _demo_pdfs() -> dict[str, bytes]:
    """Every PDF insyn drew up for the demo kommun (notifications, letters, minutes,
    analyses, decisions, the award decision, follow-up plans, the boards' reports), by
    document number and file name; files the demo registers as received are left out."""
    pdfs = {}
    for attachment in Attachment.objects.select_related("document").filter(
        original_name__endswith=".pdf"
    ):
        with attachment.file.open("rb") as handle:
            content = handle.read()
        reader = pypdf.PdfReader(io.BytesIO(content))
        if str((reader.metadata or {}).get("/Producer", "")).startswith("WeasyPrint"):
            pdfs[f"{attachment.document.number} {attachment.original_name}"] = content
    return pdfs


def test_every_pdf_insyn_draws_up_is_tagged_with_its_language_and_title(capsys):
    call_command("demo")
    capsys.readouterr()
    pdfs = _demo_pdfs()
    names = " ".join(pdfs).lower()
    # The kinds of document the demo publishes, so that none is missed by accident.
    for kind in (
        "intresseanmalan",
        "minnesanteckningar",
        "konsekvensanalys",
        "beslut",
        "brev",
        "aterkallelse",
        "tilldelningsbeslut",
        "uppfoljningsplan",
        "uppfoljning-strategiska-avtal",
        "beslut-avslag",
        "beslut-delvis-utlamnande",
    ):
        assert kind in names, (kind, sorted(pdfs))

    for name, pdf in pdfs.items():
        found = _accessibility(pdf)
        assert found["tagged"], name
        assert found["lang"] == "sv", name
        assert found["title"].strip() and found["shows_title"], name
        assert "/H1" in found["tags"] or "/H2" in found["tags"], name
        assert not found["figures_without_alt"], name


def test_charts_in_a_board_report_carry_their_figures_as_alternative_text(capsys):
    call_command("demo")
    capsys.readouterr()
    reports = {n: pdf for n, pdf in _demo_pdfs().items() if "uppfoljning-strategiska-avtal" in n}
    assert reports
    for name, pdf in reports.items():
        found = _accessibility(pdf)
        assert "/Table" in found["tags"] and "/TH" in found["tags"], name
        alts = [str(alt) for alt in found["figures"]]
        assert any(alt.startswith("Väsentliga krav: ") for alt in alts), (name, alts)
        assert any(alt.startswith("Brister per område") for alt in alts), (name, alts)
