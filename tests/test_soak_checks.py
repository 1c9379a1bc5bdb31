"""The checks of `make soak` must be able to fail: each is run here against a state it
has to find wrong. (The soak itself needs its own PostgreSQL and gunicorn; see
docs/operations.md.)"""

from insyn.registry import services
from soak.run import SOAK_TITLE, soak_cases_without_document


def test_a_case_the_soak_registered_without_its_document_is_counted(rebecka, ks_series):
    services.case_register(series=ks_series, title=f"{SOAK_TITLE}3", registered_by=rebecka)

    assert soak_cases_without_document() == 1


def test_cases_registered_by_others_or_with_their_document_are_not_counted(
    rebecka, ks_series, register
):
    # A case opened by a module (as a started procurement once was) is not the soak's.
    services.case_register(
        series=ks_series, title="Upphandling av lokalvård", registered_by=rebecka
    )
    register(title=f"{SOAK_TITLE}1")

    assert soak_cases_without_document() == 0
