"""Every URL of the site against every role, anonymous visitors and a superuser, held to
the table in insyn/access.py.

- Every named URL pattern must have an entry there (public, admin site or roles); a new
  URL without one fails here. Unnamed patterns are allowed only inside the admin.
- Anonymous: a non-public URL redirects to the login page (302).
- Signed in without access: 403.
- Signed in with access: neither 403 nor a redirect to the login page; except a 403 that
  gives its reason for this object (not on this contract, not this board's step: the
  views' narrower checks, insyn.core.permissions.Refused), which is not the table's gate.

Users are named per role and hold their role for the whole organisation; narrower scopes
(a board, a unit) are tested in tests/test_permissions.py.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from insyn.access import ADMIN_SITE, PUBLIC, URL_ACCESS, access_for
from insyn.challenges import selectors as challenge_selectors
from insyn.challenges import services as challenge_services
from insyn.contracts import services as contract_services
from insyn.contracts.models import Contract, ContractImport
from insyn.core.models import Party, Role, User
from insyn.followup import services as followup_services
from insyn.procurement import services as procurement_services
from insyn.registry import services
from insyn.registry.models import Document
from tests import factories

pytestmark = pytest.mark.django_db

# Single sign-on views need a configured identity provider; they are public and in the
# table, but not requested here (tests/test_accounts.py covers them when configured).
NOT_REQUESTED = {"oidc_authentication_init", "oidc_authentication_callback", "oidc_logout"}
# Query strings a URL needs to do anything at all (without them it refuses with 403).
QUERY = {"admin:autocomplete": "?app_label=core&model_name=unit&field_name=parent"}


@dataclass(frozen=True)
class Route:
    name: str | None
    route: str
    pattern: URLPattern


def routes() -> list[Route]:
    def walk(patterns, prefix: str = "", namespace: str | None = None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            else:
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                yield Route(name, prefix + str(entry.pattern), entry)

    return list(walk(get_resolver().url_patterns))


# --- the table is complete ----------------------------------------------------------


def test_every_named_url_has_an_entry_in_the_access_table():
    missing = sorted({r.name for r in routes() if r.name and access_for(r.name) is None})
    assert not missing, (
        f"URL names without an entry in insyn/access.py: {missing}. "
        "Say who may use each: PUBLIC, ADMIN_SITE or a set of roles."
    )


def test_only_the_admin_has_unnamed_urls():
    unnamed = [r.route for r in routes() if not r.name and not r.route.startswith("admin/")]
    assert not unnamed, f"URL patterns without a name (give them one): {unnamed}"


def test_the_table_names_only_urls_that_exist_and_patterns_only_for_the_admin():
    names = {r.name for r in routes() if r.name}
    stale = [n for n in URL_ACCESS if "*" not in n and n not in names]
    assert not stale, f"entries in insyn/access.py for URLs that no longer exist: {stale}"
    patterns = [n for n in URL_ACCESS if "*" in n]
    assert patterns == ["admin:*"]
    for entry in URL_ACCESS.values():
        assert entry in (PUBLIC, ADMIN_SITE) or (
            isinstance(entry, frozenset) and entry and entry <= set(Role.values)
        ), entry


# --- the matrix -----------------------------------------------------------------------


@pytest.fixture
def world(register, pdf_file, ks_series, ks_unit):
    document = register(files=[pdf_file()])
    challenge, _created = challenge_services.challenge_submit(
        challenger=challenge_services.Challenger(
            kind="company", name="Utmanaren AB", org_number="556045-6781", phone="070-1"
        ),
        proposal=challenge_services.Proposal(activity_unit=ks_unit, quality="Bättre"),
    )
    definition = challenge_selectors.definition_active()
    assert definition is not None
    step = definition.steps.order_by("order").first()
    access_request = services.access_request_register(
        requested="Protokollet", delivery="email", email="a@example.se"
    )
    superuser = factories.UserFactory(username="matrix-superuser", is_superuser=True, is_staff=True)
    provider = Party.objects.create(
        kind=Party.Kind.COMPANY, name="Avtalsparten AB", org_number="802002-4280"
    )
    contract = contract_services.contract_create(
        data=contract_services.ContractData(
            number="AVT-MATRIX-1",
            title="Lokalvård",
            procedure=Contract.Procedure.OPEN,
            start_date=datetime.date(2026, 1, 1),
            provider_party=provider,
            shares=[contract_services.Share(ks_unit.board, Decimal("100"))],
        ),
        user=superuser,
    )
    contract_import = ContractImport.objects.create(
        file=ContentFile(b"Avtalsnummer\n", name="avtal.csv"),
        original_name="avtal.csv",
        created_by=superuser,
    )
    # The follow-up: a draft plan of the board with the contract, its report and a measure.
    plan = followup_services.plan_create(board=ks_unit.board, year=2026)
    plan_item = followup_services.plan_item_add(
        plan=plan, contract=contract, method="Besök", due_on=datetime.date(2026, 10, 1)
    )
    report = followup_services.report_create(contract=contract, year=2026, plan_item=plan_item)
    measure = followup_services.measure_add(
        report=report,
        description="Ny städrutin",
        responsible="Avtalsansvarig",
        due_on=datetime.date(2026, 12, 1),
    )
    # A procurement in the plan, and one started with a tender; a step of the annual cycle.
    procurement = procurement_services.procurement_plan(
        title="Lokalvård 2027",
        procedure="open",
        responsible=superuser,
        board=ks_unit.board,
        user=superuser,
        plan_year=2027,
    )
    procurement_services.procurement_followup_record(
        procurement=procurement, approach="Kvartalsvisa möten", user=superuser
    )
    procurement = procurement_services.procurement_start(procurement=procurement, user=superuser)
    tender = procurement_services.tender_register(
        procurement=procurement,
        tenderer_name="Anbudsgivaren AB",
        tenderer_org_number="556712-3459",
        received_on=datetime.date(2026, 1, 2),
        files=[pdf_file()],
        user=superuser,
    )
    event = followup_services.cycle_event_create(
        year=2026,
        kind="budget",
        title="Budget",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 31),
    )
    link = followup_services.partner_link_issue(report=report, user=superuser)
    return {
        "link": link,
        "procurement": procurement,
        "tender": tender,
        "event": event,
        "case": document.case,
        "document": document,
        "attachment": document.attachments.get(),
        "access_request": access_request,
        "superuser": superuser,
        "challenge": challenge,
        "item": step.checklist.filter(action="").first(),
        "definition": definition,
        "step": step,
        "contract": contract,
        "contract_board": ks_unit.board,
        "contract_import": contract_import,
        "provider": provider,
        "plan": plan,
        "plan_item": plan_item,
        "report": report,
        "measure": measure,
    }


def _admin_object(pattern: URLPattern, world: dict) -> Any:
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin is None:
        return world["document"]
    return model_admin.model._default_manager.order_by("pk").first() or world["document"]


def _url(r: Route, world: dict) -> str:
    pattern = r.pattern
    values: dict[str, Any] = {
        "case_id": world["case"].pk,
        "document_id": world["document"].pk,
        "attachment_id": world["attachment"].pk,
        "access_request_id": world["access_request"].pk,
        "content_type_id": ContentType.objects.get_for_model(Document).pk,
        "app_label": "core",
        "id": world["superuser"].pk,
        "challenge_id": world["challenge"].pk,
        "item_id": world["item"].pk,
        "definition_id": world["definition"].pk,
        "step_id": world["step"].pk,
        "token": challenge_services.status_token(world["challenge"]),
        "contract_id": world["contract"].pk,
        "board_id": world["contract_board"].pk,
        "import_id": world["contract_import"].pk,
        "key": f"p{world['provider'].pk}",
        "plan_id": world["plan"].pk,
        "plan_item_id": world["plan_item"].pk,
        "report_id": world["report"].pk,
        "measure_id": world["measure"].pk,
        "procurement_id": world["procurement"].pk,
        "tender_id": world["tender"].pk,
        "event_id": world["event"].pk,
        "link_id": world["link"].pk,
        "year": 2026,
        "board_code": world["contract_board"].code,
    }
    obj = _admin_object(pattern, world)
    values["object_id"] = obj.pk
    regex = pattern.pattern.regex
    named = set(regex.groupindex)
    kwargs = {key: values[key] for key in named}
    positional = regex.groups - len(named)
    args: list[Any] = []
    if positional:
        # django-simple-history's view of one version: object id, history id.
        history = obj.history.order_by("history_id").first()
        args = [obj.pk, history.history_id if history else 1][:positional]
    assert r.name is not None
    return reverse(r.name, args=args or None, kwargs=kwargs or None) + QUERY.get(r.name, "")


def _request(client, url: str):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response


def _is_login_redirect(response) -> bool:
    if response.status_code != 302:
        return False
    location = response["Location"]
    return location.startswith(reverse("login")) or location.startswith(reverse("admin:login"))


def _admin_refuses(r: Route, user: User, world: dict) -> bool:
    """A 403 from inside the admin that is a model admin's decision (no adding a second
    organisation, no deleting a registered document), not the site's gate."""
    model_admin = getattr(r.pattern.callback, "model_admin", None)
    if model_admin is None or r.name is None:
        return False
    request = RequestFactory().get("/")
    request.user = user
    obj = _admin_object(r.pattern, world)
    if r.name.endswith("_add"):
        return not model_admin.has_add_permission(request)
    if r.name.endswith("_delete"):
        return not model_admin.has_delete_permission(request, obj)
    return False


# The gate's 403 page says only this; a refusal for one object (Refused) says why.
GATE_REFUSAL = "Du har ingen roll som ger behörighet till det här."


def _refused_for_the_object(response) -> bool:
    return response.status_code == 403 and GATE_REFUSAL not in response.content.decode()


def _checked_routes() -> list[Route]:
    return [r for r in routes() if r.name and r.name not in NOT_REQUESTED]


def test_anonymous_visitors_reach_public_urls_and_are_sent_to_login_elsewhere(client, world):
    for r in _checked_routes():
        assert r.name is not None
        url = _url(r, world)
        response = _request(client, url)
        if access_for(r.name) == PUBLIC:
            assert response.status_code != 403, url
            assert not _is_login_redirect(response) or r.name == "admin:login", url
        else:
            # The admin's logout sends a visitor who is not signed in to the admin index
            # first; follow the site's own redirects a step or two to the login page.
            for _ in range(2):
                if _is_login_redirect(response) or response.status_code != 302:
                    break
                response = client.get(response["Location"])
            assert _is_login_redirect(response), (url, response.status_code)


def _user_for(role: str | None) -> User:
    if role is None:
        return factories.UserFactory(username="matrix-no-role")
    user = factories.UserFactory(username=f"matrix-{role}")
    return factories.assign(user, role)


def _allowed(access, user: User, role: str | None) -> bool:
    if user.is_superuser:
        return True
    if access == PUBLIC:
        return True
    if access == ADMIN_SITE:
        return user.is_staff
    return role in access


@pytest.mark.parametrize("role", [*Role.values, None, "superuser"])
def test_each_role_is_allowed_exactly_what_the_table_says(client, world, role):
    if role == "superuser":
        user, role = world["superuser"], None
    else:
        user = _user_for(role)
    failures = []
    for r in _checked_routes():
        assert r.name is not None
        access = access_for(r.name)
        if access == PUBLIC:
            continue
        client.force_login(user)  # again each time: a logout URL may have signed us out
        url = _url(r, world)
        response = _request(client, url)
        if _allowed(access, user, role):
            denied = (
                response.status_code == 403
                and not _admin_refuses(r, user, world)
                and not _refused_for_the_object(response)
            )
            if denied or _is_login_redirect(response):
                failures.append(f"{r.name} {url}: allowed, got {response.status_code}")
        elif response.status_code != 403:
            failures.append(f"{r.name} {url}: must be 403, got {response.status_code}")
    assert not failures, f"{user.username}:\n" + "\n".join(failures)


def test_the_admin_needs_the_staff_flag_not_a_role(client):
    administrator = factories.assign(
        factories.UserFactory(username="matrix-administrator-role"), Role.ADMINISTRATOR
    )
    client.force_login(administrator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 403
    assert "Åtkomst nekad" in response.content.decode()

    staff = factories.UserFactory(username="matrix-staff-flag", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_login_page_is_the_sites_login_page(client):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/"
    # Never an open redirect to another site.
    response = client.get(reverse("admin:login") + "?next=https://evil.example/")
    assert re.fullmatch(r"/logga-in/\?next=/admin/", response["Location"])
