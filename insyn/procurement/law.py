"""The legal references the procurement module cites, by the names it uses.

The citations themselves live in insyn/core/legal.py (one place, each checked against the
law or marked as not checked there); this module only gives them the names the
procurement code and the award decision's template use, plus the numbers and secrecy
grounds that go with them.
"""

from __future__ import annotations

from insyn.core.legal import cite

# LOU 19 kap.: procurements below the EU thresholds (and social and other specific
# services); 19 a kap.: direct award, below the direct-award limit.
LOU_BELOW_THRESHOLDS = cite("lou_below_threshold", short=True)
LOU_DIRECT_AWARD = cite("lou_direct_award", short=True)
# The value is the whole contract period, options and extensions included.
LOU_VALUE = cite("lou_value_options", short=True)
LOU_AWARD_NOTICE = cite("lou_award_notice", short=True)
# Avtalsspärr: 10 days if the notice was sent electronically, 15 days otherwise.
LOU_STANDSTILL = cite("lou_standstill", short=True)
# A direct award has no standstill (cited at the chapter: avtalsspärr and review).
LOU_NO_STANDSTILL = cite("lou_review", short=True)
LOU_REVIEW = cite("lou_review_who", short=True)
LOU_REVIEW_OUTCOME = cite("lou_review_outcome", short=True)
LOU_EXTENDED_STANDSTILL = cite("lou_extended_standstill", short=True)
LOU_REVIEW_TOO_LATE = cite("lou_review_too_late", short=True)
EXTENDED_STANDSTILL_DAYS = 10
STANDSTILL_DAYS_ELECTRONIC = 10
STANDSTILL_DAYS_OTHERWISE = 15

# Absolute secrecy for tenders until the award decision (second paragraph), and the
# business secrets of a supplier that may stay secret after it.
OSL_TENDERS = cite("osl_tenders", short=True)
OSL_TENDERS_GROUND = (19, "3")
OSL_BUSINESS_SECRETS = cite("osl_business", short=True)
OSL_BUSINESS_SECRETS_GROUND = (31, "16")
