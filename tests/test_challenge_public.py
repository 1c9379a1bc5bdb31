"""The public challenge pages through HTTP: /utmana/ (the form), its receipt, /utmaningar/
(every challenge) and the challenger's status page opened by the secret link.

The Swedish catalogue is filled in later, so these tests look at structure (status codes,
ids, classes, numbers, links) and never at the wording of messages."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from insyn.challenges import selectors, services
from insyn.challenges.models import Action, Challenge, ChecklistTick, Exit, ScreenOutReason
from insyn.notifications.models import OutgoingEmail
from insyn.registry.models import Case, Document
from insyn.registry.selectors import public_document
from tests import factories

pytestmark = pytest.mark.django_db

FORM = "/utmana/"
RECEIPT = "/utmana/tack/"
PRIVATE_NAME = "Astrid Utmanarsson"


# --- helpers ---------------------------------------------------------------------------


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.text = ""

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class Page(HTMLParser):
    """The elements of an HTML page, each with its parent, attributes and own text."""

    VOID = {"input", "br", "meta", "link", "img", "hr", "source", "col", "wbr"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._stack: list[Element] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(
            tag, {k: v or "" for k, v in attrs}, self._stack[-1] if self._stack else None
        )
        self.elements.append(element)
        if tag not in self.VOID:
            self._stack.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i].tag == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        if self._stack:
            self._stack[-1].text += data

    def find(self, tag: str | None = None, **attrs) -> list[Element]:
        return [
            e
            for e in self.elements
            if (tag is None or e.tag == tag)
            and all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def one(self, tag: str | None = None, **attrs) -> Element:
        found = self.find(tag, **attrs)
        assert len(found) == 1, f"expected one {tag} {attrs}, found {len(found)}"
        return found[0]

    def within(self, element: Element, tag: str | None = None) -> list[Element]:
        return [
            e for e in self.elements if (tag is None or e.tag == tag) and element in e.ancestors()
        ]

    def by_id(self, element_id: str) -> Element | None:
        found = self.find(id=element_id)
        return found[0] if found else None


def page(response) -> Page:
    return Page(response.content.decode())


def field_has_error(doc: Page, name: str) -> bool:
    """The field is marked: its wrapper has `field--error` and its control aria-invalid."""
    controls = [e for e in doc.elements if e.attrs.get("name") == name and e.tag != "form"]
    assert controls, f"no control named {name}"
    control = controls[0]
    wrapper = next(a for a in control.ancestors() if "field" in a.classes)
    return "field--error" in wrapper.classes and (
        control.attrs.get("aria-invalid") == "true" or wrapper.tag == "fieldset"
    )


def pdf(name: str = "utmaning.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def form_data(**overrides) -> dict:
    data = {
        "challenger_kind": "private_person",
        "name": PRIVATE_NAME,
        "org_number": "",
        "contact_person": "",
        "email": "astrid@example.org",
        "phone": "",
        "postal_address": "",
        "activity_unit": "",
        "activity_description": "Skötseln av parkerna i centrum",
        "improvement_environment": "",
        "improvement_quality": "Parkerna sköts varje vecka i stället för varannan",
        "improvement_price": "",
        "improvement_other": "",
        "website": "",
        "submission_key": "key-" + "a" * 40,
    }
    data.update(overrides)
    return data


def nothing_saved() -> None:
    assert Challenge.objects.count() == 0
    assert Case.objects.count() == 0
    assert Document.objects.count() == 0


@pytest.fixture
def kommun(ks_series, tn_unit):
    """The KS series challenges are registered in, and a unit to challenge."""
    return tn_unit


def submit(client, **overrides):
    return client.post(FORM, form_data(**overrides))


def make_challenge(tn_unit, key: str, **challenger) -> Challenge:
    fields = {"kind": "company", "name": "Grönytor AB", "org_number": "556045-6781"}
    fields.update(challenger)
    challenge, _created = services.challenge_submit(
        challenger=services.Challenger(email="info@gronytor.example", **fields),
        proposal=services.Proposal(activity_unit=tn_unit, price="10 % lägre"),
        submission_key=key,
    )
    return challenge


def status_path(challenge: Challenge) -> str:
    return reverse("portal:challenge_status", args=[services.status_token(challenge)])


# --- /utmana/: the page and the form -------------------------------------------------------


def test_the_form_page_explains_the_process_and_lists_its_steps(client, kommun):
    response = client.get(FORM)
    assert response.status_code == 200
    doc = page(response)
    steps = selectors.definition_steps(selectors.definition_active())
    assert len(steps) >= 2  # the default definition from the data migration
    items = doc.one("ol", id="challenge-steps")
    listed = [e for e in doc.find("li") if e.parent is items]
    assert [int(li.attrs["value"]) for li in listed] == [s.order for s in steps]
    names = [e.text.strip() for e in doc.find("h3") if e.parent in listed]
    assert names == [s.name for s in steps]

    html = response.content.decode()
    for value, label in ScreenOutReason.choices:
        assert (str(label) in html) == (value != ScreenOutReason.OTHER)

    # The fields another engineer's end-to-end test posts, by name.
    for name in [*form_data(), "attachments"]:
        assert any(e.attrs.get("name") == name for e in doc.elements), name
    kinds = {e.attrs["value"] for e in doc.find("input", name="challenger_kind")}
    assert kinds == set(Challenge.ChallengerKind.values)
    # The unit is offered, grouped under its board.
    option = doc.one("option", value=str(kommun.pk))
    assert option.parent.tag == "optgroup"
    assert option.parent.attrs["label"] == kommun.board.name
    # The honeypot is hidden from people and out of the tab order.
    honeypot = doc.one("input", name="website")
    assert honeypot.attrs["tabindex"] == "-1"
    assert "hp" in honeypot.parent.classes
    # A fresh submission key with each form.
    key = doc.one("input", name="submission_key")
    assert key.attrs["type"] == "hidden" and len(key.attrs["value"]) >= 40
    again = page(client.get(FORM)).one("input", name="submission_key").attrs["value"]
    assert again != key.attrs["value"]


def test_a_challenge_is_registered_and_receipted(client, kommun):
    response = submit(client)
    assert response.status_code == 302
    assert response["Location"] == RECEIPT

    challenge = Challenge.objects.select_related("case").get()
    assert challenge.channel == Challenge.Channel.WEB
    assert challenge.challenger_name == PRIVATE_NAME
    assert challenge.current_step.order == 1
    document = challenge.case.documents.get()
    assert document.direction == Document.Direction.INCOMING

    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    doc = page(receipt)
    assert doc.by_id("challenge-number").text == challenge.case.number
    # The receipt links to the address the visitor is on (e-mail uses INSYN_BASE_URL).
    link = "http://testserver" + status_path(challenge)
    assert doc.one("a", id="status-link").attrs["href"] == link
    assert doc.one("input", id="status-url").attrs["value"] == link
    assert doc.by_id("status-link-emailed") is not None
    # The receipt holds the secret link: kept out of caches and search engines.
    assert "no-store" in receipt["Cache-Control"]
    assert receipt["X-Robots-Tag"] == "noindex"
    # The link opens the status page.
    assert client.get(urlsplit(link).path).status_code == 200


def test_no_emailed_note_without_an_email_address(client, kommun):
    submit(client, email="", phone="070-123 45 67")
    doc = page(client.get(RECEIPT))
    assert doc.by_id("challenge-number") is not None
    assert doc.by_id("status-link-emailed") is None


def test_a_company_challenges_a_unit_with_files(client, kommun):
    response = client.post(
        FORM,
        form_data(
            challenger_kind="company",
            name="Grönytor i Testby AB",
            org_number="5560456781",
            contact_person="Per Park",
            activity_unit=str(kommun.pk),
            activity_description="",
            attachments=[pdf("erbjudande.pdf")],
        ),
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    assert challenge.org_number == "556045-6781"
    assert challenge.activity_unit == kommun
    document = challenge.case.documents.get()
    names = sorted(a.original_name for a in document.attachments.all())
    assert "erbjudande.pdf" in names and len(names) == 2  # the form as a PDF beside it


def test_a_private_person_keeps_no_organisation_number(client, kommun):
    assert submit(client, org_number="19121212-1212").status_code == 302
    assert Challenge.objects.get().org_number == ""


def test_the_document_is_in_the_postlista_at_once_without_the_private_name(client, kommun):
    submit(client)
    challenge = Challenge.objects.select_related("case").get()
    document = challenge.case.documents.get()

    postlista = client.get("/postlista/").content.decode()
    assert document.number in postlista
    # The sender is the masked private-person label, never the name.
    shown = public_document(document)
    assert shown.counterpart and shown.counterpart != PRIVATE_NAME
    doc = page(client.get("/postlista/"))
    row = next(
        tr
        for tr in doc.find("tr")
        if any(a.attrs.get("href") == f"/postlista/{document.pk}/" for a in doc.within(tr, "a"))
    )
    assert any(cell.text.strip() == shown.counterpart for cell in doc.within(row, "td"))

    listing = client.get("/utmaningar/").content.decode()
    api = client.get("/api/v1/postlista").content.decode()
    for html in (postlista, listing, api):
        assert PRIVATE_NAME not in html
        assert "astrid@example.org" not in html
    # A private person's own description of the activity is not shown publicly either.
    assert "Skötseln av parkerna" not in listing


def test_double_submission_registers_once(client, kommun):
    first = submit(client, submission_key="double-" + "k" * 40)
    second = submit(client, submission_key="double-" + "k" * 40)
    assert first.status_code == second.status_code == 302
    challenge = Challenge.objects.get()
    assert Document.objects.count() == 1
    assert client.session["challenge_ids"] == [challenge.pk]
    doc = page(client.get(RECEIPT))
    assert doc.by_id("challenge-number").text == challenge.case.number

    # The same form, posted again from another browser (a retry after a lost answer),
    # still gives the same receipt.
    other = Client().post(FORM, form_data(submission_key="double-" + "k" * 40))
    assert other.status_code == 302
    assert Challenge.objects.count() == 1


def test_several_challenges_in_one_session_all_get_receipts(client, kommun):
    submit(client, submission_key="first-" + "a" * 40)
    submit(client, submission_key="second-" + "b" * 40, activity_description="Skolmaten")
    first, second = Challenge.objects.order_by("pk").select_related("case")
    doc = page(client.get(RECEIPT))
    assert doc.by_id("challenge-number").text == second.case.number
    earlier_list = next(e for e in doc.find("ul") if "earlier-receipts" in e.classes)
    earlier = [a.attrs["href"] for a in doc.within(earlier_list, "a")]
    assert earlier == ["http://testserver" + status_path(first)]


def test_a_form_without_a_submission_key_gets_one(client, kommun):
    data = form_data(improvement_quality="")
    del data["submission_key"]
    response = client.post(FORM, data)
    assert response.status_code == 422
    key = page(response).one("input", name="submission_key").attrs["value"]
    assert len(key) >= 40


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"challenger_kind": "company", "org_number": "556045-6782"}, "org_number"),
        ({"challenger_kind": "company", "org_number": "12345"}, "org_number"),
        ({"challenger_kind": "nonprofit", "org_number": ""}, "org_number"),
        ({"challenger_kind": ""}, "challenger_kind"),
        ({"challenger_kind": "municipality"}, "challenger_kind"),
        ({"name": ""}, "name"),
        ({"email": "", "phone": "", "postal_address": ""}, "email"),
        ({"email": "inte-en-adress"}, "email"),
        ({"activity_unit": "", "activity_description": ""}, "activity_unit"),
        ({"activity_unit": "999999"}, "activity_unit"),
        ({"activity_unit": "inactive"}, "activity_unit"),
        ({"improvement_quality": "", "improvement_other": ""}, "improvement_environment"),
    ],
)
def test_bad_input_is_marked_keeps_what_was_typed_and_saves_nothing(
    client, kommun, overrides, field
):
    if overrides.get("activity_unit") == "inactive":
        closed = factories.UnitFactory(board=kommun.board, name="Nedlagd enhet", active=False)
        overrides = {"activity_unit": str(closed.pk)}
    typed = form_data(contact_person="Kontakt Kalle", improvement_other="Annat förslag")
    typed.update(overrides)
    response = client.post(FORM, typed)
    assert response.status_code == 422
    doc = page(response)
    assert field_has_error(doc, field), field
    assert doc.by_id("error-summary") is not None
    assert any(a.attrs.get("href") == f"#id_{field}" for a in doc.find("a"))
    # What was typed is kept.
    assert doc.one("input", name="contact_person").attrs["value"] == "Kontakt Kalle"
    textarea = "improvement_other" if typed["improvement_other"] else "activity_description"
    assert doc.one("textarea", name=textarea).text.strip() == typed[textarea]
    assert doc.one("input", name="submission_key").attrs["value"] == typed["submission_key"]
    nothing_saved()
    assert OutgoingEmail.objects.count() == 0


def test_no_improvement_marks_the_whole_group(client, kommun):
    response = submit(client, improvement_quality="   ")
    assert response.status_code == 422
    group = page(response).by_id("improvements")
    assert group is not None and "group--error" in group.classes


def test_the_honeypot_turns_robots_away_silently(client, kommun):
    response = submit(client, website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == RECEIPT
    nothing_saved()
    assert len(mail.outbox) == 0
    assert OutgoingEmail.objects.count() == 0
    # The receipt has nothing to show.
    receipt = client.get(RECEIPT)
    assert receipt.status_code == 200
    assert page(receipt).by_id("no-receipt") is not None


def test_the_receipt_without_a_challenge_is_a_friendly_page(client, kommun):
    response = client.get(RECEIPT)
    assert response.status_code == 200
    doc = page(response)
    assert doc.by_id("no-receipt") is not None
    assert doc.by_id("challenge-number") is None


def test_no_form_when_no_process_is_active(client, kommun):
    from insyn.challenges.models import ProcessDefinition

    ProcessDefinition.objects.update(status=ProcessDefinition.Status.RETIRED)
    response = client.get(FORM)
    assert response.status_code == 200
    assert page(response).by_id("challenge-form") is None


def test_the_form_posts_are_rate_limited(client, kommun, settings):
    settings.RATELIMIT_ENABLE = True
    settings.INSYN_RATE_LIMITS = {**settings.INSYN_RATE_LIMITS, "challenge": "2/h"}
    cache.clear()
    try:
        assert submit(client, improvement_quality="").status_code == 422
        assert submit(client, improvement_quality="").status_code == 422
        assert submit(client).status_code == 429
        nothing_saved()
        assert client.get(FORM).status_code == 200
    finally:
        cache.clear()


# --- /utmaningar/: every challenge ---------------------------------------------------------


def test_the_list_shows_every_challenge_and_links_to_the_postlista(client, kommun):
    company = make_challenge(kommun, "list-1")
    submit(client)
    private = Challenge.objects.exclude(pk=company.pk).get()
    withdrawn = make_challenge(kommun, "list-2", name="Andra AB", org_number="556036-0793")
    services.challenge_withdraw(challenge=withdrawn, user=None)

    response = client.get("/utmaningar/")
    assert response.status_code == 200
    doc = page(response)
    table = doc.one("table", id="challenge-list")
    assert doc.within(table, "caption")
    assert len(doc.find("th", scope="col")) == 5
    rows = doc.find("th", scope="row")
    numbers = [doc.within(row, "a")[0] for row in rows]
    assert sorted(a.text for a in numbers) == sorted(
        c.case.number for c in (company, private, withdrawn)
    )
    html = response.content.decode()
    assert str(Exit.WITHDRAWN.label) in html
    assert kommun.name in html
    # Never a private person's name; and no challenger names at all.
    assert PRIVATE_NAME not in html and "Grönytor AB" not in html

    # Each number links to its documents in the postlista.
    link = next(a for a in numbers if a.text == private.case.number).attrs["href"]
    assert link.startswith("/postlista/?q=")
    found = client.get(link).content.decode()
    document = private.case.documents.get()
    assert f"/postlista/{document.pk}/" in found


# --- /utmaning/<token>/: the challenger's status page ---------------------------------------


def test_the_status_page_shows_the_challenge_and_its_steps(client, kommun):
    challenge = make_challenge(kommun, "status-1", phone="08-123 456", postal_address="Box 1")
    response = client.get(status_path(challenge))
    assert response.status_code == 200
    doc = page(response)
    assert doc.by_id("challenge-number").text == challenge.case.number
    html = response.content.decode()
    assert "Grönytor AB" in html
    assert kommun.name in html
    # Never the contact details.
    for detail in ("info@gronytor.example", "08-123 456", "Box 1", "556045-6781"):
        assert detail not in html, detail

    steps = selectors.definition_steps(challenge.definition)
    items = [e for e in doc.find("li") if "challenge-step" in e.classes]
    assert len(items) == len(steps)
    assert "challenge-step--current" in items[0].classes
    assert items[0].attrs.get("aria-current") == "step"
    assert all("challenge-step--coming" in li.classes for li in items[1:])

    # The case's documents as the public sees them.
    document = challenge.case.documents.get()
    assert any(a.attrs.get("href") == f"/postlista/{document.pk}/" for a in doc.find("a"))
    # Both forms, as the challenge is open in a step that allows withdrawal.
    assert doc.by_id("upload-form") is not None
    assert doc.by_id("withdraw-form") is not None


def test_the_status_page_is_private(client, kommun):
    challenge = make_challenge(kommun, "headers")
    response = client.get(status_path(challenge))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert response["Referrer-Policy"] == "origin"
    assert response["X-Robots-Tag"] == "noindex"


def test_the_status_forms_keep_the_csrf_check(kommun):
    """The status page sends only its origin as referrer, so a browser posts its forms with
    the site's Origin and the CSRF check passes; a post from elsewhere is refused."""
    challenge = make_challenge(kommun, "origin-check")
    token = services.status_token(challenge)
    client = Client(enforce_csrf_checks=True)
    response = client.get(status_path(challenge))
    assert response.status_code == 200
    csrf = client.cookies["csrftoken"].value
    url = reverse("portal:challenge_status_upload", args=[token])
    data = {"kind": "other", "description": "Bilaga", "attachments": [pdf()]}
    assert client.post(url, data, HTTP_ORIGIN="null").status_code == 403
    data = {
        "kind": "other",
        "description": "Bilaga",
        "attachments": [pdf()],
        "csrfmiddlewaretoken": csrf,
    }
    assert client.post(url, data, HTTP_ORIGIN="http://testserver").status_code == 302
    url = reverse("portal:challenge_status_withdraw", args=[token])
    assert client.post(url, {"confirm": "on"}).status_code == 403
    response = client.post(
        url, {"confirm": "on", "csrfmiddlewaretoken": csrf}, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.outcome == Exit.WITHDRAWN


def test_a_token_opens_only_its_own_challenge(client, kommun):
    first = make_challenge(kommun, "token-1")
    second = make_challenge(kommun, "token-2", name="Andra AB", org_number="556036-0793")
    doc = page(client.get(status_path(first)))
    assert doc.by_id("challenge-number").text == first.case.number
    assert second.case.number not in str([e.text for e in doc.elements])

    token = services.status_token(first)
    nonce, signature = token.split(".")
    other_nonce = second.status_nonce
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    forged = [
        f"{nonce}.{flipped}",
        f"{other_nonce}.{signature}",
        nonce,
        "x" * 40,
        token + "0",
    ]
    for bad in forged:
        path = reverse("portal:challenge_status", args=[bad])
        assert client.get(path).status_code == 404, bad
        upload = reverse("portal:challenge_status_upload", args=[bad])
        assert (
            client.post(
                upload, {"kind": "other", "description": "x", "attachments": [pdf()]}
            ).status_code
            == 404
        )
        withdraw = reverse("portal:challenge_status_withdraw", args=[bad])
        assert client.post(withdraw, {"confirm": "on"}).status_code == 404
    assert Document.objects.count() == 2
    assert Challenge.objects.filter(closed_on__isnull=False).count() == 0


def test_a_formal_challenge_sent_through_the_status_page(client, kommun):
    challenge = make_challenge(kommun, "upload")
    token = services.status_token(challenge)
    url = reverse("portal:challenge_status_upload", args=[token])
    response = client.post(
        url, {"kind": "formal_challenge", "description": "", "attachments": [pdf("formell.pdf")]}
    )
    assert response.status_code == 302
    assert response["Location"] == status_path(challenge)
    assert "no-store" in response["Cache-Control"]

    documents = list(challenge.case.documents.order_by("sequence"))
    assert len(documents) == 2
    assert documents[1].direction == Document.Direction.INCOMING
    assert documents[1].attachments.get().original_name == "formell.pdf"
    assert ChecklistTick.objects.filter(
        challenge=challenge, item__action=Action.FORMAL_CHALLENGE_REGISTERED
    ).exists()

    after = client.get(status_path(challenge))
    doc = page(after)
    assert [e for e in doc.elements if "message--success" in e.classes]
    assert any(a.attrs.get("href") == f"/postlista/{documents[1].pk}/" for a in doc.find("a"))


def test_another_document_through_the_status_page(client, kommun):
    challenge = make_challenge(kommun, "upload-other")
    url = reverse("portal:challenge_status_upload", args=[services.status_token(challenge)])
    response = client.post(
        url, {"kind": "other", "description": "Svar på frågor", "attachments": [pdf()]}
    )
    assert response.status_code == 302
    assert challenge.case.documents.count() == 2
    assert not ChecklistTick.objects.filter(
        challenge=challenge, item__action=Action.FORMAL_CHALLENGE_REGISTERED
    ).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "other", "description": ""}, "description"),
        ({"kind": "formal_challenge", "description": "Utan fil", "no_files": True}, "attachments"),
        ({"kind": "something", "description": "x"}, "kind"),
    ],
)
def test_a_bad_upload_re_renders_the_status_page(client, kommun, data, field):
    challenge = make_challenge(kommun, "upload-bad")
    url = reverse("portal:challenge_status_upload", args=[services.status_token(challenge)])
    post = {k: v for k, v in data.items() if k != "no_files"}
    if not data.get("no_files"):
        post["attachments"] = [pdf()]
    response = client.post(url, post)
    assert response.status_code == 422
    assert response["Referrer-Policy"] == "origin"
    doc = page(response)
    assert field_has_error(doc, field)
    assert doc.by_id("challenge-number").text == challenge.case.number
    assert challenge.case.documents.count() == 1


def test_a_bad_file_is_refused(client, kommun):
    challenge = make_challenge(kommun, "upload-exe")
    url = reverse("portal:challenge_status_upload", args=[services.status_token(challenge)])
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/pdf")
    response = client.post(
        url, {"kind": "other", "description": "Ett program", "attachments": [bad]}
    )
    assert response.status_code == 422
    assert field_has_error(page(response), "attachments")
    assert challenge.case.documents.count() == 1


def test_withdrawal_through_the_status_page(client, kommun):
    challenge = make_challenge(kommun, "withdraw")
    token = services.status_token(challenge)
    url = reverse("portal:challenge_status_withdraw", args=[token])

    # Without the confirmation nothing happens.
    response = client.post(url, {"message": "Vi har ändrat oss"})
    assert response.status_code == 422
    doc = page(response)
    assert field_has_error(doc, "confirm")
    assert "Vi har ändrat oss" in doc.one("textarea", name="message").text
    challenge.refresh_from_db()
    assert challenge.is_open

    response = client.post(url, {"confirm": "on", "message": "Vi har ändrat oss"})
    assert response.status_code == 302
    assert response["Location"] == status_path(challenge)
    challenge.refresh_from_db()
    assert not challenge.is_open
    assert challenge.outcome == Exit.WITHDRAWN
    assert challenge.case.documents.count() == 2

    after = client.get(status_path(challenge))
    doc = page(after)
    assert [e for e in doc.elements if "message--success" in e.classes]
    assert doc.by_id("upload-form") is None
    assert doc.by_id("withdraw-form") is None
    assert str(Exit.WITHDRAWN.label) in doc.by_id("challenge-status").text

    # A second withdrawal (an old tab) is refused: the challenge is closed.
    again = client.post(url, {"confirm": "on"})
    assert again.status_code == 422
    assert challenge.case.documents.count() == 2


def test_no_withdrawal_where_the_step_does_not_allow_it(client, kommun):
    challenge = make_challenge(kommun, "no-withdraw")
    step = challenge.current_step
    step.exits = []
    step.save()
    doc = page(client.get(status_path(challenge)))
    assert doc.by_id("withdraw-form") is None
    assert doc.by_id("upload-form") is not None
    url = reverse("portal:challenge_status_withdraw", args=[services.status_token(challenge)])
    assert client.post(url, {"confirm": "on"}).status_code == 422
    challenge.refresh_from_db()
    assert challenge.is_open


def test_the_status_forms_are_post_only(client, kommun):
    challenge = make_challenge(kommun, "get")
    token = services.status_token(challenge)
    for name in ("portal:challenge_status_upload", "portal:challenge_status_withdraw"):
        assert client.get(reverse(name, args=[token])).status_code == 405
