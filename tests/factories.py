import factory

from insyn.core.models import Board, Organisation, Party, RoleAssignment, Unit, User
from insyn.registry.models import Series


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("org_number",)

    name = "Testby kommun"
    org_number = "212000-0142"
    email = "kommun@testby.example"


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ("code",)

    organisation = factory.SubFactory(OrganisationFactory)
    code = "KS"
    name = "Kommunstyrelsen"
    kind = Board.Kind.EXECUTIVE


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    board = factory.SubFactory(BoardFactory)
    name = factory.Sequence(lambda n: f"Enhet {n}")
    kind = Unit.Kind.UNIT


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ("prefix",)

    board = factory.SubFactory(BoardFactory)
    prefix = factory.LazyAttribute(lambda o: o.board.code)
    name = factory.LazyAttribute(lambda o: o.board.name)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    kind = Party.Kind.COMPANY
    name = factory.Sequence(lambda n: f"Företag {n} AB")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = "Person"
    email = factory.LazyAttribute(lambda o: f"{o.username}@testby.example")
    password = factory.django.Password("secret-password-1")


def assign(user: User, role: str, *, unit: Unit | None = None, board: Board | None = None) -> User:
    RoleAssignment.objects.create(user=user, role=role, unit=unit, board=board)
    return user
