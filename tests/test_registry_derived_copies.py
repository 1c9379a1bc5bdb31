"""Corrections and changes reach every copy of a document: the postlista (its rows and
its kept pages), its search (the stored public_search_text, and PostgreSQL's
search_vector generated from it), the document page, the API and the file download.

The kind of sender is protective: a document is from a private person if either its own
kind (as registered or corrected) or its linked party says so.
"""

from __future__ import annotations

import itertools
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insyn.core.models import Party
from insyn.core.services import party_update
from insyn.registry import services
from insyn.registry.models import Document
from tests import factories

pytestmark = pytest.mark.django_db


def body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    # The search box repeats what was typed; that is not a leak.
    return re.sub(r'value="[^"]*"', "", raw.decode("utf-8", "replace"))


def public_responses(client: Client, document: Document, *words: str) -> str:
    """Every public response about the document, and searches for each word, as one text."""
    urls = [
        "/postlista/",
        f"/postlista/{document.pk}/",
        f"/api/v1/postlista/{document.pk}",
        "/api/v1/postlista",
        *(f"/postlista/?q={w}" for w in words),
        *(f"/api/v1/postlista?q={w}" for w in words),
    ]
    return "\n".join(body(client.get(url)) for url in urls)


def file_status(client: Client, document: Document) -> int:
    attachment = document.attachments.get()
    return client.get(f"/postlista/{document.pk}/fil/{attachment.pk}/").status_code


@pytest.fixture
def company_document(register):
    party = factories.PartyFactory(name="Byggbolaget i Testby AB", kind=Party.Kind.COMPANY)
    return register(
        description="Brev om bygglov",
        counterpart=services.Counterpart(party=party),
        files=[SimpleUploadedFile("brev.pdf", b"%PDF-1.4 brev")],
    )


def test_a_correction_to_private_person_wins_over_the_linked_company(
    client, company_document, rebecka
):
    document = company_document
    assert "Byggbolaget" in public_responses(client, document, "Byggbolaget")
    assert file_status(client, document) == 200

    # The registrar finds the sender was a private person trading under the name.
    client.force_login(rebecka)
    response = client.post(
        reverse("registry:document_correct", args=[document.pk]),
        {
            "direction": document.direction,
            "document_date": document.document_date.isoformat(),
            "description": document.description,
            "counterpart_kind": "private_person",
            "counterpart_name": document.counterpart_name,
            "secrecy": "public",
            "reason": "Avsändaren är en privatperson",
        },
    )
    assert response.status_code == 302
    client.logout()

    document.refresh_from_db()
    assert document.counterpart_is_private_person
    assert document.contains_personal_data
    assert "byggbolaget" not in document.public_search_text
    text = public_responses(client, document, "Byggbolaget")
    assert "Byggbolaget" not in text
    assert "Privatperson" in text
    assert file_status(client, document) == 404


def test_a_party_changed_in_the_admin_leaves_no_trace_in_the_search(
    admin_client, client, company_document
):
    document = company_document
    party = document.counterpart_party
    assert "byggbolaget" in document.public_search_text
    response = admin_client.post(
        reverse("admin:core_party_change", args=[party.pk]),
        {
            "kind": "private_person",
            "name": party.name,
            "org_number": "",
            "personal_identity_number": "",
            "email": "",
            "phone": "",
            "address": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    document.refresh_from_db()
    assert "byggbolaget" not in document.public_search_text
    assert document.contains_personal_data
    found = client.get("/postlista/", {"q": "Byggbolaget"}).content.decode()
    assert document.number not in found
    assert "Byggbolaget" not in public_responses(client, document, "Byggbolaget")
    assert file_status(client, document) == 404
    # The change is in the document's history, with who made it.
    last = document.history.first()
    assert last.history_user.username == "admin"
    assert last.history_change_reason == "Ändrad av en administratör"


def test_the_party_service_refuses_bad_input_and_changes_nothing(company_document, rebecka):
    from django.core.exceptions import ValidationError

    party = company_document.counterpart_party
    party.org_number = "556036-0793"
    party.save()
    with pytest.raises(ValidationError):
        party_update(party=party, changed_by=rebecka, reason="Fel", kind="private_person")
    company_document.refresh_from_db()
    assert "byggbolaget" in company_document.public_search_text


# --- every correction, in any order ----------------------------------------------------

_letters = ("".join(p) for n in itertools.count(2) for p in itertools.product("bcdfgk", repeat=n))


def _token(prefix: str) -> str:
    """A word found nowhere else in the postlista."""
    return prefix + next(_letters)


SECRECY = [
    ("public", False, False),
    ("partial", True, False),
    ("partial", False, True),
    ("partial", True, True),
    ("secret", False, False),
    ("secret", True, True),
]
KINDS = ["", "company", "nonprofit", "public_body", "private_person"]

steps = st.lists(
    st.one_of(
        st.tuples(st.just("kind"), st.sampled_from(KINDS)),
        st.tuples(st.just("secrecy"), st.sampled_from(SECRECY)),
        st.tuples(st.just("personal"), st.booleans()),
        st.tuples(st.just("party"), st.sampled_from(["company", "private_person", "nonprofit"])),
        st.tuples(st.just("public_title"), st.booleans()),
    ),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_no_copy_shows_what_the_current_state_masks(register, rebecka, ground_social, steps):
    client = Client()
    name, words, title = _token("Namn"), _token("Innehall"), _token("Rubrik")
    party = factories.PartyFactory(name=_token("Partinamn"), kind=Party.Kind.COMPANY)
    document = register(
        title=f"Ärende {title}",
        description=f"Brev om {words}",
        counterpart=services.Counterpart(name=name, kind="company", party=party),
        files=[SimpleUploadedFile("brev.pdf", b"%PDF-1.4 brev")],
    )
    for step, value in steps:
        if step == "kind":
            services.document_correct(
                document=document, changed_by=rebecka, reason="Rättelse", counterpart_kind=value
            )
        elif step == "secrecy":
            secrecy, mask_counterpart, mask_description = value
            services.document_correct(
                document=document,
                changed_by=rebecka,
                reason="Sekretessprövning",
                secrecy=secrecy,
                secrecy_ground=ground_social if secrecy != "public" else None,
                mask_counterpart=mask_counterpart,
                mask_description=mask_description,
            )
        elif step == "personal":
            services.document_correct(
                document=document,
                changed_by=rebecka,
                reason="Personuppgifter",
                contains_personal_data=value,
            )
        elif step == "party":
            party_update(party=party, changed_by=rebecka, reason="Ändrad", kind=value)
        elif step == "public_title":
            services.case_correct(
                case=document.case,
                changed_by=rebecka,
                reason="Offentlig rubrik",
                public_title="Ärende med offentlig rubrik" if value else "",
            )

        current = Document.objects.select_related("case", "counterpart_party").get(pk=document.pk)
        private = (
            current.counterpart_kind == "private_person"
            or current.counterpart_party.kind == "private_person"
        )
        secret = current.secrecy == "secret"
        name_shown = not (secret or current.mask_counterpart or private)
        words_shown = not (secret or current.mask_description)
        title_shown = not current.case.public_title
        files_shown = current.secrecy == "public" and not current.contains_personal_data

        assert current.public_search_text == services._public_search_text(current)
        assert not private or current.contains_personal_data
        text = public_responses(client, current, name, words, title)
        assert (name in text) == name_shown, (steps, "name")
        assert (words in text) == words_shown, (steps, "description")
        assert (title in text) == title_shown, (steps, "title")
        assert party.name not in text
        # A search finds the document by a word exactly when the word is shown.
        for word, shown in ((name, name_shown), (words, words_shown), (title, title_shown)):
            found = client.get("/api/v1/postlista", {"q": word}).json()["items"]
            assert any(i["id"] == current.pk for i in found) == shown, (steps, word)
        assert (file_status(client, current) == 200) == files_shown, (steps, "file")
