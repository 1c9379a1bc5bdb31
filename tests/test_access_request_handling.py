"""Handling a request to see public documents (issue 10 point 2): the due date in working
days, the inbox with overdue marking, the daily reminder, the handler, the three outcomes
with the authority's decision, the requester's status link and the public statistics."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from insyn.core.calendar import add_working_days
from insyn.registry import services
from insyn.registry.models import AccessRequest, Document

pytestmark = pytest.mark.django_db

NAME = "Jenny Journalist"
EMAIL = "jenny@tidningen.example"


def valid(**overrides):
    data = {
        "requested": "Avtalet om snöröjning med bilagor",
        "reference": "",
        "delivery": "email",
        "name": NAME,
        "email": EMAIL,
        "postal_address": "",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def received(client, ks_series, rebecka, django_capture_on_commit_callbacks):
    """A request sent through the public form today; returns (request, receipt page)."""

    def make(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("portal:access_request"), valid(**overrides))
        assert response.status_code == 302
        receipt = client.get(response["Location"]).content.decode()
        return AccessRequest.objects.order_by("-pk").first(), receipt

    return make


def old_request(days_ago: int = 10, **fields) -> AccessRequest:
    """A request that came in some days ago (the service takes the day, as for the demo)."""
    kwargs = {
        "requested": "Protokoll från tekniska nämnden",
        "delivery": "email",
        "name": NAME,
        "email": EMAIL,
        "received_on": timezone.localdate() - datetime.timedelta(days=days_ago),
    }
    kwargs.update(fields)
    return services.access_request_register(**kwargs)


def status_token(receipt: str) -> str:
    match = re.search(r"/begaran/([^/\"<]+)/", receipt)
    assert match, "the receipt shows the status link"
    return match.group(1)


def test_the_due_date_is_counted_in_working_days_over_christmas(client, ks_series, rebecka):
    # Tuesday 23 December 2025: julafton, juldagen and annandag jul are no working days,
    # nor the weekend after; one working day later is Monday the 29th.
    request = old_request(received_on=datetime.date(2025, 12, 23))
    assert request.due_on == datetime.date(2025, 12, 29)
    client.force_login(rebecka)
    page = client.get(reverse("registry:access_request_list")).content.decode()
    assert "2025-12-29" in page
    assert "Försenad" in page


def test_a_request_from_the_form_is_due_the_next_working_day(received):
    request, _receipt = received()
    assert request.due_on == add_working_days(timezone.localdate(), 1)


def test_the_due_days_are_a_setting(received, settings):
    settings.INSYN_ACCESS_REQUEST_DUE_DAYS = 3
    request, _receipt = received()
    assert request.due_on == add_working_days(timezone.localdate(), 3)


def test_the_inbox_marks_overdue_requests_in_words(client, received, rebecka):
    fresh, _receipt = received()
    late = old_request(days_ago=10)
    client.force_login(rebecka)
    page = client.get(reverse("registry:access_request_list")).content.decode()
    rows = {
        number: next(row for row in page.split("<tr>") if number in row)
        for number in (fresh.document.number, late.document.number)
    }
    # The late one first, marked "Försenad" in text (not only by colour).
    assert page.index(late.document.number) < page.index(fresh.document.number)
    assert "Försenad" in rows[late.document.number]
    assert "Försenad" not in rows[fresh.document.number]
    detail = client.get(reverse("registry:access_request_detail", args=[late.pk])).content
    assert "Försenad" in detail.decode()
    # The diarium's front page shows it too.
    front = client.get(reverse("registry:case_list")).content.decode()
    assert "Försenad" in front


def test_the_inbox_is_for_the_boards_registrars_and_the_handler(
    client, ks_series, rebecka, tom, linus, nora
):
    request = old_request()
    client.force_login(tom)  # registrar of TN only
    assert (
        request.document.number
        not in client.get(reverse("registry:access_request_list")).content.decode()
    )
    detail = reverse("registry:access_request_detail", args=[request.pk])
    assert client.get(detail).status_code == 403
    client.force_login(nora)  # no role
    assert client.get(reverse("registry:access_request_list")).status_code == 403

    client.force_login(linus)
    assert client.get(detail).status_code == 403
    client.force_login(rebecka)
    response = client.post(
        reverse("registry:access_request_assign", args=[request.pk]), {"handler": linus.pk}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.handler == linus
    reasons = [h.history_change_reason for h in request.history.all()]
    assert "Handläggare: Linus Lots" in reasons

    client.force_login(linus)
    assert (
        request.document.number
        in client.get(reverse("registry:access_request_list")).content.decode()
    )
    assert client.get(detail).status_code == 200
    # Only a registrar assigns.
    assign = reverse("registry:access_request_assign", args=[request.pk])
    assert client.post(assign, {"handler": ""}).status_code == 403


def test_a_bad_handler_is_refused_in_swedish(client, ks_series, rebecka):
    request = old_request()
    client.force_login(rebecka)
    response = client.post(
        reverse("registry:access_request_assign", args=[request.pk]), {"handler": "99999"}
    )
    assert response.status_code == 422
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_the_reminder_goes_out_once_a_day(
    ks_series, rebecka, linus, django_capture_on_commit_callbacks
):
    request = old_request(days_ago=10)
    old_request(days_ago=0)  # due tomorrow (or later): no reminder
    mail.outbox.clear()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("access_request_reminders", stdout=out)
        call_command("access_request_reminders", stdout=io.StringIO())
    assert out.getvalue().startswith("1 ")
    reminders = [m for m in mail.outbox if request.document.number in m.subject]
    assert sorted(m.to[0] for m in reminders) == [
        "rebecka@testby.example",
        "registrator@testby.example",
    ]
    assert "Försenad" in reminders[0].subject

    # The next day it goes to the handler, once.
    services.access_request_assign(access_request=request, handler=linus, assigned_by=rebecka)
    mail.outbox.clear()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        # Both are due by then: the new one is due today.
        assert services.access_requests_remind(today=tomorrow) == 2
        assert services.access_requests_remind(today=tomorrow) == 0
    assert [m.to for m in mail.outbox if request.document.number in m.subject] == [[linus.email]]

    # An answered request is not reminded of.
    services.access_request_decide(access_request=request, decided_by=rebecka, outcome="released")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.access_requests_remind(today=tomorrow + datetime.timedelta(days=1)) == 1
    assert not [m for m in mail.outbox if request.document.number in m.subject]


def decide(client, request, **data):
    return client.post(reverse("registry:access_request_decide", args=[request.pk]), data)


def test_released_in_full_by_e_mail(client, received, rebecka, django_capture_on_commit_callbacks):
    request, receipt = received()
    token = status_token(receipt)
    client.force_login(rebecka)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, request, outcome="released")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.HANDLED
    assert request.outcome == "released"
    assert request.decision_document is None
    assert request.handled_on == timezone.localdate()
    assert request.handler == rebecka
    [message] = mail.outbox
    assert message.to == [EMAIL]
    assert "lämnas ut i sin helhet" in message.body
    assert f"/begaran/{token}/" in message.body
    client.logout()
    status = client.get(f"/begaran/{token}/").content.decode()
    assert "Besvarad" in status
    assert "utlämnad i sin helhet" in status
    # Answering twice is refused.
    client.force_login(rebecka)
    again = decide(client, request, outcome="refused")
    assert again.status_code == 422
    assert "redan besvarats" in again.content.decode()


def test_partly_released_on_paper_with_the_fee(
    client, received, rebecka, ground_social, django_capture_on_commit_callbacks
):
    request, receipt = received(delivery="post", email="", postal_address="Storgatan 1, Testby")
    client.force_login(rebecka)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(
            client,
            request,
            outcome="partly_released",
            masked_parts="Namn och personnummer på sidan 3",
            secrecy_ground=ground_social.pk,
            reason="Uppgifterna rör enskildas personliga förhållanden.",
            pages="25",
        )
    assert response.status_code == 302
    request.refresh_from_db()
    # 50 kr for pages 1–10, 2 kr for each of the 15 after.
    assert request.fee == 80
    decision = request.decision_document
    assert decision.direction == Document.Direction.OUTGOING
    assert decision.case == request.document.case
    assert decision.attachments.get().content_type == "application/pdf"
    detail = client.get(reverse("registry:access_request_detail", args=[request.pk]))
    assert "80 kr" in detail.content.decode()
    assert "per post" in detail.content.decode()  # no e-mail: noted for post
    assert "beslutet ska skickas per post" in request.history.first().history_change_reason
    client.logout()
    status = client.get(f"/begaran/{status_token(receipt)}/").content.decode()
    assert "80 kr" in status
    assert "Namn och personnummer på sidan 3" in status
    assert "OSL 26 kap. 1 §" in status


def test_nine_pages_on_paper_are_free():
    assert services.copy_fee(9) == 0
    assert services.copy_fee(10) == 50
    assert services.copy_fee(11) == 52


def test_a_refusal_is_a_decision_with_how_to_appeal(
    client, received, rebecka, ground_social, django_capture_on_commit_callbacks
):
    request, receipt = received()
    token = status_token(receipt)
    documents_before = Document.objects.count()
    client.force_login(rebecka)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(
            client,
            request,
            outcome="refused",
            secrecy_ground=ground_social.pk,
            reason="Handlingarna rör en enskild persons hälsa.",
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert Document.objects.count() == documents_before + 1
    decision = request.decision_document
    assert decision.number.startswith(request.document.case.number)
    assert decision.description == "Beslut om avslag på begäran om allmän handling"

    # The PDF, read back by another reader.
    client.logout()
    response = client.get(f"/begaran/{token}/beslut.pdf")
    assert response.status_code == 200
    assert ".pdf" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = " ".join(text.split())
    assert "Begäran avslås" in text
    assert "26 kap. 1 §" in text  # the ground
    assert "Hur man överklagar" in text
    assert "kammarrätten" in text
    assert "tre veckor" in text
    assert "6 kap. 7 och 8 §§" in text
    assert reader.metadata.title.startswith("Beslut om avslag")

    # The e-mail to the requester says so, with the link to the decision.
    [message] = mail.outbox
    assert message.to == [EMAIL]
    assert "avslås" in message.body
    assert "kammarrätten" in message.body
    assert decision.number in message.body
    assert f"/begaran/{token}/" in message.body

    # Never public: the postlista shows the decision without the requester or the file.
    page = client.get(f"/postlista/{decision.pk}/").content.decode()
    assert decision.number in page
    assert NAME not in page
    attachment = decision.attachments.get()
    assert client.get(f"/postlista/{decision.pk}/fil/{attachment.pk}/").status_code == 404


def test_a_refusal_without_a_ground_is_refused_in_swedish_and_nothing_is_saved(
    client, received, rebecka
):
    request, _receipt = received()
    documents_before = Document.objects.count()
    client.force_login(rebecka)
    response = decide(client, request, outcome="refused", reason="")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Ange det rättsliga stödet" in html
    assert "Ange skälen för beslutet" in html
    assert decide(client, request, outcome="kanske").status_code == 422
    assert decide(client, request, outcome="released", pages="-3").status_code == 422
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.RECEIVED
    assert Document.objects.count() == documents_before


def test_an_anonymous_requester_follows_the_request_by_the_link(
    client, received, rebecka, ground_social
):
    request, receipt = received(name="", email="", delivery="visit")
    token = status_token(receipt)
    assert not mail.outbox or all(m.to != [""] for m in mail.outbox)
    page = client.get(f"/begaran/{token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert request.document.number in html
    assert "Behandlas" in html
    assert str(request.due_on) in html
    assert page["Cache-Control"].startswith("private") or "no-store" in page["Cache-Control"]
    # A forged or altered link opens nothing.
    assert client.get("/begaran/forged.0123456789abcdef/").status_code == 404
    assert client.get(f"/begaran/{token[:-1]}x/").status_code == 404
    assert client.get(f"/begaran/{token}x/beslut.pdf").status_code == 404
    # No decision yet: no PDF.
    assert client.get(f"/begaran/{token}/beslut.pdf").status_code == 404
    services.access_request_decide(
        access_request=request,
        decided_by=rebecka,
        outcome="refused",
        secrecy_ground=ground_social,
        reason="Sekretess.",
    )
    html = client.get(f"/begaran/{token}/").content.decode()
    assert "avslagen" in html
    assert f"/begaran/{token}/beslut.pdf" in html


def test_the_statistics_count_without_saying_who(client, ks_series, rebecka):
    in_time = old_request(days_ago=3, name="Anna Andersson")
    services.access_request_decide(
        access_request=in_time,
        decided_by=rebecka,
        outcome="released",
        decided_on=in_time.due_on,
    )
    old_request(days_ago=10, name="Bertil Berg")  # open and overdue: late
    page = client.get(reverse("portal:access_request_statistics"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Anna Andersson" not in html and "Bertil Berg" not in html
    assert "Protokoll från tekniska nämnden" not in html
    total = re.search(r"Besvarade i tid</dt><dd>([^<]*)</dd>", html)
    assert total and total.group(1).strip() == "50 %"
    assert "Antal begäranden de senaste tolv månaderna</dt><dd>2</dd>" in html
    # The postlista links to them.
    assert reverse("portal:access_request_statistics") in client.get("/postlista/").content.decode()


def test_nothing_of_the_requester_reaches_public_pages_or_the_api(
    client, received, rebecka, ground_social
):
    request, _receipt = received()
    services.access_request_decide(
        access_request=request,
        decided_by=rebecka,
        outcome="partly_released",
        masked_parts="Namnen",
        secrecy_ground=ground_social,
        reason="Sekretess för enskilda.",
    )
    request.refresh_from_db()
    client.logout()
    pages = [
        client.get("/postlista/").content.decode(),
        client.get(f"/postlista/{request.document.pk}/").content.decode(),
        client.get(f"/postlista/{request.decision_document.pk}/").content.decode(),
        client.get(reverse("portal:access_request_statistics")).content.decode(),
        client.get("/api/v1/postlista").content.decode(),
        client.get(f"/api/v1/postlista/{request.decision_document.pk}").content.decode(),
    ]
    for page in pages:
        assert NAME not in page
        assert EMAIL not in page
        assert "Avtalet om snöröjning" not in page


def test_the_answer_forms_carry_the_csrf_token(ks_series, rebecka):
    from django.test import Client

    request = old_request()
    client = Client(enforce_csrf_checks=True)
    client.force_login(rebecka)
    page = client.get(reverse("registry:access_request_detail", args=[request.pk]))
    html = page.content.decode()
    for action in ("handlaggare", "besvara"):
        form = html.split(f'/{action}/"', 1)[1].split("</form>", 1)[0]
        assert 'name="csrfmiddlewaretoken"' in form


def test_the_receipt_e_mail_gives_the_due_date_and_the_status_link(received):
    request, receipt = received()
    [message] = [m for m in mail.outbox if m.to == [EMAIL]]
    assert request.document.number in message.subject
    assert f"/begaran/{status_token(receipt)}/" in message.body
    assert request.due_on.strftime("%Y-%m-%d") in message.body
    assert "skyndsamt" in message.body
