"""What the accessibility statement says (lag 2018:1937 and Digg's model for a statement).

The facts of the software are kept here, with the date they were last assessed, so that a
change to the site and to its statement go in the same commit. A kommun that assesses its
own installation differently changes this file (or overrides it in a fork) and the date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Digg's service for reporting a public body's lack of accessibility.
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"

FULLY, PARTLY, NOT = "fully", "partly", "not"
COMPLIANCE_LABELS = {
    FULLY: _("fully compliant"),
    PARTLY: _("partially compliant"),
    NOT: _("not compliant"),
}


@dataclass(frozen=True)
class Shortcoming:
    what: Promise
    why: Promise


@dataclass(frozen=True)
class Statement:
    compliance: str
    assessed_on: datetime.date
    updated_on: datetime.date
    method: Promise
    shortcomings: tuple[Shortcoming, ...]
    not_covered: tuple[Shortcoming, ...]
    disproportionate_burden: tuple[Shortcoming, ...] = ()

    @property
    def compliance_label(self) -> Promise:
        return COMPLIANCE_LABELS[self.compliance]


STATEMENT = Statement(
    compliance=PARTLY,
    assessed_on=datetime.date(2026, 12, 6),
    updated_on=datetime.date(2026, 12, 6),
    method=_(
        "Self-assessment. Every public page is tested with the tool axe-core in a real "
        "browser (Chromium) against WCAG 2.1 level A and AA each time the software is "
        "changed, the forms are tested with the keyboard alone, and the pages are tested at "
        "the width of a phone. The PDF documents the site draws up are checked for tags, "
        "language and alternative text for charts."
    ),
    shortcomings=(
        Shortcoming(
            what=_(
                "Some pages for the municipality's staff have not yet been tested with "
                "axe-core. Wide tables scroll sideways within their own frame on a phone."
            ),
            why=_(
                "Possible lack of compliance with WCAG 2.1 AA on the pages not yet tested. "
                "The staff pages are being tested and corrected."
            ),
        ),
    ),
    not_covered=(
        Shortcoming(
            what=_(
                "Documents that others have sent to the municipality and that are published "
                "in the public diary as received (for example letters and tenders)."
            ),
            why=_(
                "Content from a third party that the municipality has neither paid for, "
                "developed nor controls is not covered by the law (9 § lag 2018:1937). "
                "Ask us and we will help you read such a document."
            ),
        ),
    ),
)
