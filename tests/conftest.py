"""Shared fixtures: a small kommun and a few named users per role.

- rebecka: registrar for the whole organisation
- tom: registrar for Tekniska nämnden only
- linus: business guide (lots), no registrar role
- nora: signed in, but holds no role at all
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from insyn.core.models import Role
from insyn.registry import services
from insyn.registry.models import Document, SecrecyGround
from tests import factories

PASSWORD = "secret-password-1"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REGISTRY_EMAIL = "registrator@testby.example"


@pytest.fixture
def organisation(db):
    return factories.OrganisationFactory()


@pytest.fixture
def ks(organisation):
    return factories.BoardFactory(organisation=organisation, code="KS", name="Kommunstyrelsen")


@pytest.fixture
def tn(organisation):
    return factories.BoardFactory(organisation=organisation, code="TN", name="Tekniska nämnden")


@pytest.fixture
def ks_series(ks):
    return factories.SeriesFactory(board=ks)


@pytest.fixture
def tn_series(tn):
    return factories.SeriesFactory(board=tn)


@pytest.fixture
def ks_unit(ks):
    return factories.UnitFactory(board=ks, name="Kansliavdelningen")


@pytest.fixture
def tn_unit(tn):
    return factories.UnitFactory(board=tn, name="Gata och park", delivers_in_house=True)


@pytest.fixture
def rebecka(organisation):
    user = factories.UserFactory(username="rebecka", first_name="Rebecka", last_name="Reg")
    return factories.assign(user, Role.REGISTRAR)


@pytest.fixture
def tom(tn):
    user = factories.UserFactory(username="tom", first_name="Tom", last_name="Teknik")
    return factories.assign(user, Role.REGISTRAR, board=tn)


@pytest.fixture
def linus(ks_unit):
    user = factories.UserFactory(username="linus", first_name="Linus", last_name="Lots")
    return factories.assign(user, Role.BUSINESS_GUIDE, unit=ks_unit)


@pytest.fixture
def nora(organisation):
    return factories.UserFactory(username="nora", first_name="Nora", last_name="Utan")


@pytest.fixture
def ground_social():
    return SecrecyGround.objects.get(chapter=26, section="1")


@pytest.fixture
def pdf_file():
    def make(name="brev.pdf", content=b"%PDF-1.4\n%test\n"):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return make


@pytest.fixture
def register(rebecka, ks_series):
    """Register a document in a new KS case through the service layer."""

    def make(**overrides) -> Document:
        fields = {
            "series": ks_series,
            "title": "Ett ärende",
            "registered_by": rebecka,
            "direction": Document.Direction.INCOMING,
            "description": "Ett brev",
            "document_date": timezone.localdate(),
            "counterpart": services.Counterpart(name="Företaget AB", kind="company"),
        }
        fields.update(overrides)
        return services.case_register_with_document(**fields)

    return make
