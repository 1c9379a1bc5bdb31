"""Changing the challenge process: new versions, drafts edited through the administrators'
pages, activation; a running challenge keeps the version it started on. Also the daily
reminder command and the administrator's wording of the e-mails."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from insyn.challenges import definitions, services
from insyn.challenges.models import Action, Challenge, ProcessDefinition, Step
from insyn.core.calendar import add_working_days
from insyn.core.models import Party, Role
from insyn.notifications.models import EmailTemplate, OutgoingEmail
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(organisation):
    user = factories.UserFactory(username="ada", first_name="Ada", last_name="Admin")
    return factories.assign(user, Role.ADMINISTRATOR)


@pytest.fixture
def admin_client(client, ada):
    client.force_login(ada)
    return client


@pytest.fixture
def v1():
    return ProcessDefinition.objects.get(status=ProcessDefinition.Status.ACTIVE)


def submit(unit, **overrides):
    challenger = services.Challenger(
        kind=Party.Kind.COMPANY,
        name="Grönytor i Testby AB",
        org_number="556045-6781",
        email=overrides.pop("email", "info@gronytor.example"),
    )
    proposal = services.Proposal(activity_unit=unit, quality="Bättre skötsel av parkerna")
    challenge, _created = services.challenge_submit(
        challenger=challenger, proposal=proposal, **overrides
    )
    return challenge


def step_data(step: Step, *, extra_rows: int = 1, **changes) -> dict:
    """The step form as the edit page would post it, with `changes` applied. `checklist`
    is a list of (text, action, required) rows, or left as the step's own."""
    checklist = changes.pop(
        "checklist", [(i.text, i.action, i.required) for i in step.checklist.all()]
    )
    fields = {
        "name": step.name,
        "description": step.description,
        "responsible_role": step.responsible_role,
        "deadline_working_days": step.deadline_working_days or "",
        "notify_roles": list(step.notify_roles),
        "notify_challenger": "on" if step.notify_challenger else "",
        "expected_documents": step.expected_documents,
        "next_steps": [s.pk for s in step.next_steps.all()],
        "exits": list(step.exits),
    }
    fields.update(changes)
    data = {k: v for k, v in fields.items() if v != ""}
    data["deadline_working_days"] = fields["deadline_working_days"]
    rows = [*checklist, *[("", "", True)] * extra_rows]
    data.update(
        {
            "checklist-TOTAL_FORMS": str(len(rows)),
            "checklist-INITIAL_FORMS": "0",
            "checklist-MIN_NUM_FORMS": "0",
            "checklist-MAX_NUM_FORMS": "100",
        }
    )
    for index, (text, action, required) in enumerate(rows):
        data[f"checklist-{index}-text"] = text
        data[f"checklist-{index}-action"] = action
        data[f"checklist-{index}-order"] = str(index + 1)
        if required:
            data[f"checklist-{index}-required"] = "on"
    return data


def new_step_data(**changes) -> dict:
    data = {
        "name": "Extra kontroll",
        "description": "",
        "responsible_role": Role.BUSINESS_GUIDE,
        "deadline_working_days": "3",
        "expected_documents": "",
        "exits": ["withdrawn"],
        "checklist-TOTAL_FORMS": "2",
        "checklist-INITIAL_FORMS": "0",
        "checklist-MIN_NUM_FORMS": "0",
        "checklist-MAX_NUM_FORMS": "100",
        "checklist-0-text": "Kontrollen är gjord",
        "checklist-0-action": "",
        "checklist-0-required": "on",
        "checklist-1-text": "",
        "checklist-1-action": "",
    }
    data.update(changes)
    return data


def test_a_new_version_is_edited_activated_and_used_by_new_challenges_only(
    admin_client, ada, ks_series, tn_unit, linus, v1
):
    before = submit(tn_unit)
    old_due = before.step_due_on
    assert before.definition == v1

    # The list shows the active version with its steps and the challenge on it.
    page = admin_client.get(reverse("challenges:definition_list"))
    assert page.status_code == 200
    assert reverse("challenges:definition_detail", args=[v1.pk]) in page.content.decode()

    response = admin_client.post(reverse("challenges:definition_new_version", args=[v1.pk]))
    v2 = ProcessDefinition.objects.get(based_on=v1)
    assert response.status_code == 302
    assert response["Location"] == reverse("challenges:definition_detail", args=[v2.pk])
    assert (v2.status, v2.version, v2.name) == ("draft", v1.version + 1, v1.name)
    old_steps = list(v1.steps.order_by("order"))
    new_steps = list(v2.steps.order_by("order"))
    assert [(s.name, s.exits, s.deadline_working_days) for s in new_steps] == [
        (s.name, s.exits, s.deadline_working_days) for s in old_steps
    ]
    for old, new in zip(old_steps, new_steps, strict=True):
        assert [(i.text, i.action, i.required) for i in new.checklist.all()] == [
            (i.text, i.action, i.required) for i in old.checklist.all()
        ]
        assert {s.order for s in new.next_steps.all()} == {s.order for s in old.next_steps.all()}
        assert all(s.definition_id == v2.pk for s in new.next_steps.all())
    assert (
        admin_client.get(reverse("challenges:definition_detail", args=[v2.pk])).status_code == 200
    )

    # Change the first step: its name, deadline and checklist.
    first = new_steps[0]
    url = reverse("challenges:step_edit", args=[v2.pk, first.pk])
    assert admin_client.get(url).status_code == 200
    items = [(i.text, i.action, i.required) for i in first.checklist.all()]
    checklist = [("Utmaningen är diarieförd", Action.REGISTERED, True), *items[1:3]]
    checklist.append(("Lotsen har ringt utmanaren", "", False))
    response = admin_client.post(
        url,
        step_data(first, name="Anmälan tas emot", deadline_working_days="7", checklist=checklist),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    first.refresh_from_db()
    assert (first.name, first.deadline_working_days) == ("Anmälan tas emot", 7)
    assert [(i.text, i.action, i.required) for i in first.checklist.all()] == checklist
    assert [i.order for i in first.checklist.all()] == [1, 2, 3, 4]
    assert {s.order for s in first.next_steps.all()} == {2}

    # Add a step (it comes last), then remove it again.
    response = admin_client.post(reverse("challenges:step_add", args=[v2.pk]), new_step_data())
    assert response.status_code == 302
    added = v2.steps.get(name="Extra kontroll")
    assert added.order == len(new_steps) + 1
    assert list(added.checklist.values_list("text", flat=True)) == ["Kontrollen är gjord"]
    delete_url = reverse("challenges:step_delete", args=[v2.pk, added.pk])
    assert admin_client.get(delete_url).status_code == 200
    assert admin_client.post(delete_url).status_code == 302
    assert not v2.steps.filter(name="Extra kontroll").exists()

    response = admin_client.post(reverse("challenges:definition_activate", args=[v2.pk]))
    assert response.status_code == 302
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == ("retired", "active")
    assert v2.activated_at is not None

    # The challenge from before keeps its version, its step's old name and its due date.
    before.refresh_from_db()
    assert before.definition == v1
    assert before.current_step.name == old_steps[0].name
    assert before.current_step.deadline_working_days == 5
    assert before.step_due_on == old_due
    assert v1.steps.get(order=1).checklist.count() == len(items)

    # A challenge that arrives now follows the new version.
    after = submit(tn_unit)
    assert after.definition == v2
    assert after.current_step.name == "Anmälan tas emot"
    assert after.step_due_on == add_working_days(timezone.localdate(), 7)
    ticked = set(after.ticks.values_list("item__text", flat=True))
    assert "Utmaningen är diarieförd" in ticked


def test_a_version_in_use_is_never_changed(admin_client, ks_series, tn_unit, v1):
    challenge = submit(tn_unit)
    step = v1.steps.get(order=1)
    requests = [
        (
            reverse("challenges:step_edit", args=[v1.pk, step.pk]),
            step_data(step, name="Ändrat", deadline_working_days="1"),
        ),
        (reverse("challenges:step_add", args=[v1.pk]), new_step_data()),
        (reverse("challenges:step_delete", args=[v1.pk, step.pk]), {}),
        (
            reverse("challenges:definition_edit", args=[v1.pk]),
            {"name": "Ändrat", "description": ""},
        ),
    ]
    for url, data in requests:
        response = admin_client.post(url, data)
        assert 400 <= response.status_code < 500, (url, response.status_code)
    # A retired version is just as fixed, and cannot be activated again.
    v2 = definitions.definition_new_version(definition=v1, user=None)
    definitions.definition_activate(definition=v2, user=None)
    v1.refresh_from_db()
    assert v1.status == "retired"
    for url, data in requests:
        response = admin_client.post(url, data)
        assert 400 <= response.status_code < 500, (url, response.status_code)
    response = admin_client.post(reverse("challenges:definition_activate", args=[v1.pk]))
    assert 400 <= response.status_code < 500
    # The active one as well.
    active_step = v2.steps.get(order=1)
    response = admin_client.post(
        reverse("challenges:step_edit", args=[v2.pk, active_step.pk]),
        step_data(active_step, name="Ändrat"),
    )
    assert 400 <= response.status_code < 500
    # The edit pages lead back to the version instead of showing a form.
    response = admin_client.get(reverse("challenges:step_edit", args=[v1.pk, step.pk]))
    assert response.status_code == 302

    v1.refresh_from_db()
    step.refresh_from_db()
    active_step.refresh_from_db()
    assert (v1.status, v1.name) == ("retired", "Utmanarrätt (Lerums modell, åtta steg)")
    assert (step.name, step.deadline_working_days) == ("Intresseanmälan tas emot", 5)
    assert active_step.name == "Intresseanmälan tas emot"
    assert v1.steps.count() == v2.steps.count() == 8
    challenge.refresh_from_db()
    assert challenge.current_step == step

    # The service refuses too, whichever page calls it.
    with pytest.raises(ValidationError):
        definitions.step_save(
            definition=v1, step=step, name="x", responsible_role=Role.BUSINESS_GUIDE
        )
    with pytest.raises(ValidationError):
        definitions.step_delete(step=step)


def test_bad_step_input_is_refused_with_422(admin_client, ada, v1):
    v2 = definitions.definition_new_version(definition=v1, user=ada)
    first = v2.steps.get(order=1)
    foreign = v1.steps.get(order=3)
    url = reverse("challenges:step_edit", args=[v2.pk, first.pk])
    bad = [
        {"next_steps": [foreign.pk]},  # a step of another version, forged into the form
        {"next_steps": [first.pk]},  # itself
        {"notify_roles": ["business_guide", "mayor"]},
        {"responsible_role": "mayor"},
        {"exits": ["vanished"]},
        {"deadline_working_days": "-3"},
        {"name": ""},
        {"checklist": [("", Action.REGISTERED, True)]},  # an action without text
    ]
    for changes in bad:
        response = admin_client.post(url, step_data(first, **changes))
        assert response.status_code == 422, changes
    response = admin_client.post(
        reverse("challenges:step_add", args=[v2.pk]), new_step_data(deadline_working_days="0")
    )
    assert response.status_code == 422
    first.refresh_from_db()
    assert first.name == "Intresseanmälan tas emot"
    assert first.deadline_working_days == 5
    assert {s.order for s in first.next_steps.all()} == {2}
    assert v2.steps.count() == 8

    # The service checks the same on its own.
    with pytest.raises(ValidationError) as error:
        definitions.step_save(
            definition=v2,
            step=first,
            name="x",
            responsible_role="mayor",
            notify_roles=["nobody"],
            exits=["gone"],
            next_steps=[foreign.pk],
            deadline_working_days=-1,
        )
    assert set(error.value.error_dict) == {
        "responsible_role",
        "notify_roles",
        "exits",
        "next_steps",
        "deadline_working_days",
    }


def test_activation_checks_the_draft(ada, v1):
    empty = ProcessDefinition.objects.create(name="Tom", version=50)
    with pytest.raises(ValidationError):
        definitions.definition_activate(definition=empty, user=ada)

    v2 = definitions.definition_new_version(definition=v1, user=ada)
    assert v2.version == 51  # after the highest version, whatever its status
    second = v2.steps.get(order=2)
    second.next_steps.clear()
    second.exits = []
    second.save()
    with pytest.raises(ValidationError) as error:
        definitions.definition_activate(definition=v2, user=ada)
    assert len(error.value.messages) == 1
    # A link into another version (only possible by hand in the database) is refused.
    second.exits = ["withdrawn"]
    second.save()
    second.next_steps.add(v1.steps.get(order=3))
    with pytest.raises(ValidationError):
        definitions.definition_activate(definition=v2, user=ada)
    second.next_steps.clear()
    definitions.definition_activate(definition=v2, user=ada)
    v1.refresh_from_db()
    assert v1.status == "retired"
    assert ProcessDefinition.objects.filter(status="active").get() == v2
    # A new version from the retired one copies only links inside it.
    v3 = definitions.definition_new_version(definition=v2, user=ada)
    assert v3.steps.get(order=2).next_steps.count() == 0
    assert v3.steps.get(order=2).exits == ["withdrawn"]


def test_removing_a_step_renumbers_the_rest(admin_client, v1, ada):
    v2 = definitions.definition_new_version(definition=v1, user=ada)
    third = v2.steps.get(order=3)
    response = admin_client.post(reverse("challenges:step_delete", args=[v2.pk, third.pk]))
    assert response.status_code == 302
    orders = list(v2.steps.order_by("order").values_list("order", "name"))
    assert [o for o, _n in orders] == list(range(1, 8))
    assert orders[2][1] == "Formell utmaning"
    # Step 2 led only to the removed step; it still has its endings, so it is no dead end.
    assert v2.steps.get(order=2).next_steps.count() == 0


def test_definition_pages_are_for_administrators_only(client, linus, nora, v1):
    pages = [
        ("get", reverse("challenges:definition_list")),
        ("get", reverse("challenges:definition_detail", args=[v1.pk])),
        ("post", reverse("challenges:definition_new_version", args=[v1.pk])),
        ("get", reverse("challenges:definition_edit", args=[v1.pk])),
        ("post", reverse("challenges:definition_activate", args=[v1.pk])),
        ("get", reverse("challenges:step_add", args=[v1.pk])),
        ("get", reverse("challenges:step_edit", args=[v1.pk, v1.steps.first().pk])),
        ("post", reverse("challenges:step_delete", args=[v1.pk, v1.steps.first().pk])),
    ]
    for user in (linus, nora):
        client.force_login(user)
        for method, url in pages:
            assert getattr(client, method)(url).status_code == 403, (user, url)
    assert ProcessDefinition.objects.count() == 1


# --- The daily reminder ---------------------------------------------------------------


def test_an_overdue_step_is_reminded_of_once_a_day(ks_series, tn_unit, linus, capsys):
    challenge = submit(tn_unit)
    today = timezone.localdate()
    Challenge.objects.filter(pk=challenge.pk).update(step_due_on=today - datetime.timedelta(3))
    not_due = submit(tn_unit, email="annan@example.se")
    assert not_due.step_due_on >= today

    def reminders():
        return OutgoingEmail.objects.filter(event__contains=":overdue:")

    call_command("challenge_reminders")
    assert "1 " in capsys.readouterr().out
    first = list(reminders().values_list("recipient", "case"))
    # Step 1 is the business guide's: the one guide gets one message about this challenge.
    assert first == [("linus@testby.example", challenge.case_id)]
    call_command("challenge_reminders")
    assert "0 " in capsys.readouterr().out
    assert reminders().count() == 1
    # Next day, still overdue: one more.
    assert services.overdue_remind(today=today + datetime.timedelta(1)) == 1
    assert reminders().count() == 2


# --- The administrator's wording of the e-mails ------------------------------------------


@pytest.fixture
def superuser_client(client, organisation):
    user = factories.UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def test_an_edited_template_changes_the_next_receipt(superuser_client, ks_series, tn_unit):
    add_url = reverse("admin:notifications_emailtemplate_add")
    page = superuser_client.get(add_url + "?key=challenge_receipt")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Vi har tagit emot din utmaning" in html  # the shipped subject, to start from
    assert "status_link" in html  # the fields it may use

    broken = {
        "key": "challenge_receipt",
        "subject": "Tack {% if number %}",
        "body": "Hej",
    }
    response = superuser_client.post(add_url, broken)
    assert response.status_code == 200  # the admin shows the form again with the error
    assert not EmailTemplate.objects.exists()
    unknown = {"key": "challenge_receipt", "subject": "Tack {{ nummer }}", "body": "Hej"}
    superuser_client.post(add_url, unknown)
    assert not EmailTemplate.objects.exists()
    stranger = {"key": "no_such_message", "subject": "Tack", "body": "Hej"}
    superuser_client.post(add_url, stranger)
    assert not EmailTemplate.objects.exists()

    good = {
        "key": "challenge_receipt",
        "subject": "Tack för utmaningen {{ number }}",
        "body": "Följ den här: {{ status_link }}",
    }
    response = superuser_client.post(add_url, good)
    assert response.status_code == 302
    template = EmailTemplate.objects.get()
    assert "status_link" in template.help_text

    change_url = reverse("admin:notifications_emailtemplate_change", args=[template.pk])
    assert superuser_client.get(change_url).status_code == 200
    response = superuser_client.post(
        change_url, {"subject": "{{ number }} {% endif %}", "body": "x"}
    )
    assert response.status_code == 200
    template.refresh_from_db()
    assert template.subject == good["subject"]

    challenge = submit(tn_unit)
    receipt = OutgoingEmail.objects.get(
        recipient="info@gronytor.example", event__endswith=":receipt"
    )
    assert receipt.subject == f"Tack för utmaningen {challenge.case.number}"
    assert receipt.body.startswith("Följ den här: http")


def test_the_admin_lists_definitions_and_challenges_read_only(
    superuser_client, ks_series, tn_unit, v1
):
    challenge = submit(tn_unit)
    page = superuser_client.get(reverse("admin:challenges_processdefinition_changelist"))
    assert page.status_code == 200
    change = superuser_client.get(
        reverse("admin:challenges_processdefinition_change", args=[v1.pk])
    )
    assert reverse("challenges:definition_detail", args=[v1.pk]) in change.content.decode()
    assert (
        superuser_client.get(
            reverse("admin:challenges_challenge_change", args=[challenge.pk])
        ).status_code
        == 200
    )
    response = superuser_client.post(
        reverse("admin:challenges_processdefinition_change", args=[v1.pk]), {"name": "x"}
    )
    assert response.status_code == 403
    v1.refresh_from_db()
    assert v1.name != "x"
