"""The interface is Swedish first: every message has a Swedish translation."""

from pathlib import Path

from babel.messages.pofile import read_po

import insyn

CATALOGUE = Path(insyn.__file__).parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_to_swedish():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    missing = [
        m.id
        for m in catalogue
        if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not missing, f"untranslated: {missing}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_the_swedish_catalogue_is_compiled(settings):
    from django.utils import translation

    with translation.override("sv"):
        assert translation.gettext("Public diary") == "Postlista"
        assert translation.gettext("Secret") == "Sekretess"
