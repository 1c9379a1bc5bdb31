"""Who may do what on the staff pages: anonymous users are sent to login, users without
the right role (or with it for another board) are refused."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(register):
    return register().case


def staff_urls(case):
    document = case.documents.first()
    return [
        ("get", reverse("registry:case_list")),
        ("get", reverse("registry:case_create")),
        ("get", reverse("registry:case_detail", args=[case.pk])),
        ("get", reverse("registry:document_create", args=[case.pk])),
        ("get", reverse("registry:document_detail", args=[document.pk])),
        ("get", reverse("registry:document_correct", args=[document.pk])),
        ("post", reverse("registry:case_close", args=[case.pk])),
        ("post", reverse("registry:case_reopen", args=[case.pk])),
    ]


def test_anonymous_users_are_sent_to_login(client, case):
    for method, url in staff_urls(case):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_a_user_without_roles_is_refused_everywhere(client, case, nora):
    client.force_login(nora)
    for method, url in staff_urls(case):
        response = getattr(client, method)(url)
        assert response.status_code == 403, url
        assert "behörighet" in response.content.decode() or "roll" in response.content.decode()


def test_a_business_guide_may_read_but_not_register(client, case, linus):
    client.force_login(linus)
    assert client.get(reverse("registry:case_detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("registry:case_create")).status_code == 403
    assert client.get(reverse("registry:document_create", args=[case.pk])).status_code == 403
    response = client.post(
        reverse("registry:document_create", args=[case.pk]),
        {"direction": "drawn_up", "document_date": timezone.localdate().isoformat(),
         "description": "Smygregistrering", "secrecy": "public"},
    )  # fmt: skip
    assert response.status_code == 403
    assert case.documents.count() == 1
    assert client.post(reverse("registry:case_close", args=[case.pk])).status_code == 403


def test_a_registrar_of_another_board_is_refused(client, case, tom):
    client.force_login(tom)
    assert client.get(reverse("registry:document_create", args=[case.pk])).status_code == 403
    assert (
        client.post(reverse("registry:case_close", args=[case.pk]), {"note": ""}).status_code == 403
    )
    # ...but may open a case in the series of the board they register for.
    page = client.get(reverse("registry:case_create")).content.decode()
    # Without the hidden inputs: a random CSRF token may hold the letters "TN".
    page = re.sub(r'<input type="hidden"[^>]*>', "", page)
    assert "TN" not in page or "Tekniska nämnden" in page


def test_registrar_scope_covers_own_board_only(client, tom, tn_series, ks_series):
    from insyn.registry.selectors import series_for_registration

    assert [s.prefix for s in series_for_registration(tom)] == ["TN"]


def test_secret_content_is_hidden_from_staff_outside_the_unit(
    client, register, ground_social, linus, rebecka, tn_unit
):
    from insyn.registry import services

    secret = register(
        description="Utredning om Kalle",
        counterpart=services.Counterpart(name="Hemlig Person", kind="private_person"),
        secrecy="secret",
        secrecy_ground=ground_social,
        unit=tn_unit,
    )
    client.force_login(linus)
    for url in (
        reverse("registry:case_detail", args=[secret.case_id]),
        reverse("registry:document_detail", args=[secret.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Utredning om Kalle" not in html
        assert "Hemlig Person" not in html
    client.force_login(rebecka)
    assert (
        "Utredning om Kalle"
        in client.get(reverse("registry:document_detail", args=[secret.pk])).content.decode()
    )


def test_role_scope_follows_the_unit_tree(ks, ks_unit, linus):
    from insyn.core.models import Role, Unit
    from insyn.core.selectors import user_has_role

    child = Unit.objects.create(board=ks, parent=ks_unit, name="Underenhet")
    sibling = Unit.objects.create(board=ks, name="Annan enhet")
    assert user_has_role(linus, Role.BUSINESS_GUIDE, unit=child)
    assert not user_has_role(linus, Role.BUSINESS_GUIDE, unit=sibling)
    assert not user_has_role(linus, Role.REGISTRAR, unit=child)
