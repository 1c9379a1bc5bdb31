"""The public postlista: what it shows, what it never shows, and how it is searched."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from insyn.registry import services
from insyn.registry.models import Document

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Orosanmälan gällande barnet Kalle Hemlig"
SECRET_SENDER = "Hemliga Avsändaren"
PRIVATE_NAME = "Anna Privatsson"
PERSONNUMMER = "19121212-1212"


@pytest.fixture
def secret_and_private(register, ground_social, rebecka):
    secret = register(
        title="Ärende enligt socialtjänstlagen",
        description=SECRET_TITLE,
        counterpart=services.Counterpart(name=SECRET_SENDER, kind="company"),
        secrecy="secret",
        secrecy_ground=ground_social,
        files=[SimpleUploadedFile("hemlig.pdf", b"%PDF-1.4 hemlig")],
    )
    masked = register(
        title="Anbud i upphandling",
        description="Anbud avseende snöröjning",
        counterpart=services.Counterpart(name="Maskerade Anbudsgivaren AB", kind="company"),
        secrecy="partial",
        secrecy_ground=ground_social,
        mask_counterpart=True,
    )
    private = register(
        title="Synpunkt på hemtjänsten",
        description="Synpunkt om tider för hemtjänstbesök",
        counterpart=services.Counterpart(
            name=PRIVATE_NAME, kind="private_person", personal_identity_number=PERSONNUMMER
        ),
        files=[SimpleUploadedFile("synpunkt.pdf", b"%PDF-1.4 synpunkt")],
    )
    public = register(
        title="Remiss om vattenskyddsområde",
        description="Remiss om vattenskyddsområde från länsstyrelsen",
        counterpart=services.Counterpart(name="Länsstyrelsen", kind="public_body"),
        files=[SimpleUploadedFile("remiss.pdf", b"%PDF-1.4 remiss")],
    )
    return {"secret": secret, "masked": masked, "private": private, "public": public}


def public_urls(docs):
    urls = [
        "/",
        "/postlista/",
        "/postlista/?q=hemlig",
        "/postlista/?q=Kalle",
        "/postlista/?q=Privatsson",
        "/postlista/?q=Anbudsgivaren",
        "/postlista/?q=19121212",
        "/postlista/?direction=incoming",
    ]
    for doc in docs.values():
        urls.append(f"/postlista/{doc.pk}/")
        for attachment in doc.attachments.all():
            urls.append(f"/postlista/{doc.pk}/fil/{attachment.pk}/")
    return urls


def test_no_public_response_reveals_a_secret_or_a_private_person(client, secret_and_private):
    forbidden = [SECRET_TITLE, "Kalle", SECRET_SENDER, "Maskerade Anbudsgivaren", PRIVATE_NAME,
                 "Privatsson", PERSONNUMMER, "191212", "hemlig.pdf", "synpunkt.pdf"]  # fmt: skip
    for url in public_urls(secret_and_private):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        # The search box repeats what was typed; that is not a leak.
        text = re.sub(r'value="[^"]*"', "", body.decode("utf-8", "replace"))
        for word in forbidden:
            assert word not in text, f"{word!r} leaked on {url}"


def test_secret_rows_show_sekretess_and_private_persons_show_privatperson(
    client, secret_and_private
):
    html = client.get("/postlista/").content.decode()
    assert "Sekretess" in html
    assert "Privatperson" in html
    assert "OSL 26 kap. 1 §" in html
    assert "Remiss om vattenskyddsområde från länsstyrelsen" in html
    assert "Länsstyrelsen" in html
    assert secret_and_private["secret"].number in html


def test_files_are_downloadable_only_for_public_documents_without_personal_data(
    client, secret_and_private
):
    public = secret_and_private["public"]
    attachment = public.attachments.get()
    response = client.get(f"/postlista/{public.pk}/fil/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 remiss"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"

    for key in ("secret", "private"):
        doc = secret_and_private[key]
        att = doc.attachments.get()
        assert client.get(f"/postlista/{doc.pk}/fil/{att.pk}/").status_code == 404
        page = client.get(f"/postlista/{doc.pk}/").content.decode()
        assert "inte publicerade" in page or "publiceras inte" in page
    # A file id that belongs to another document is not found either.
    assert (
        client.get(
            f"/postlista/{public.pk}/fil/{secret_and_private['secret'].attachments.get().pk}/"
        ).status_code
        == 404
    )


def test_search_uses_swedish_stemming(client, register):
    register(description="Beslut om skolskjutsar för eleverna")
    register(description="Remiss om vattenskydd")
    html = client.get("/postlista/", {"q": "skolskjuts"}).content.decode()
    assert "skolskjutsar" in html
    assert "vattenskydd" not in html
    html = client.get("/postlista/", {"q": "elevernas skolskjuts"}).content.decode()
    assert "skolskjutsar" in html


def test_search_finds_nothing_gracefully(client, register):
    register()
    response = client.get("/postlista/", {"q": 'zzz "oavslutat citat -'})
    assert response.status_code == 200
    assert "Inga handlingar" in response.content.decode()


def test_filters_by_board_direction_and_date(client, register, rebecka, tn_series):
    register(description="Inkommet brev till KS")
    services.case_register_with_document(
        series=tn_series,
        title="Tekniskt ärende",
        registered_by=rebecka,
        direction="drawn_up",
        description="Upprättad tjänsteskrivelse TN",
        document_date=timezone.localdate(),
    )
    by_board = client.get("/postlista/", {"board": "TN"}).content.decode()
    assert "Upprättad tjänsteskrivelse TN" in by_board and "Inkommet brev till KS" not in by_board
    by_direction = client.get("/postlista/", {"direction": "incoming"}).content.decode()
    assert "Inkommet brev till KS" in by_direction and "tjänsteskrivelse TN" not in by_direction
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    none = client.get("/postlista/", {"date_from": tomorrow}).content.decode()
    assert "Inkommet brev" not in none


def test_bad_filter_input_is_a_swedish_4xx(client, register):
    response = client.get("/postlista/", {"date_from": "2026-13-45", "board": "<script>"})
    assert response.status_code == 422
    assert "Fyll i ett giltigt datum" in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main", 1)[1].split("</form>", 1)[1]
    reversed_range = client.get("/postlista/", {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert reversed_range.status_code == 422


def test_keyset_pagination_walks_every_document_once_newest_first(
    client, register, rebecka, ks_series
):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=60)
    case = register(description="Dokument 0", document_date=start, registered_on=start).case
    for i in range(1, 120):
        services.document_register(
            case=case,
            registered_by=rebecka,
            direction="drawn_up",
            description=f"Dokument {i}",
            document_date=today - datetime.timedelta(days=60 - i // 2),
            registered_on=today - datetime.timedelta(days=60 - i // 2),
        )
    seen = []
    url = "/postlista/"
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        seen.extend(re.findall(r'<a href="/postlista/\d+/">([^<]+)</a>', html))
        pages += 1
        older = re.search(r'<a href="(\?[^"]*efter=[^"]+)" rel="next"', html)
        url = "/postlista/" + older.group(1).replace("&amp;", "&") if older else None
    assert pages == 3
    assert len(seen) == len(set(seen)) == 120
    expected = list(
        Document.objects.order_by("-registered_on", "-id").values_list("number", flat=True)
    )
    assert seen == expected


def test_the_list_page_uses_a_constant_number_of_queries(client, register):
    for i in range(3):
        register(description=f"Brev {i}")
    client.get("/postlista/")
    with CaptureQueriesContext(connection) as few:
        client.get("/postlista/")
    for i in range(30):
        register(description=f"Fler brev {i}")
    with CaptureQueriesContext(connection) as many:
        client.get("/postlista/")
    assert len(many) == len(few)


def test_a_garbled_cursor_is_refused_with_a_way_back_to_the_first_page(client, register):
    register()
    response = client.get("/postlista/?efter=nonsense")
    assert response.status_code == 400
    assert "Börja om från första sidan" in response.content.decode()
