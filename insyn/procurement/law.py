"""The legal references the procurement module cites, in one spot.

Branch i16-law creates insyn/core/legal.py, one register of legal references checked
against the law's text; when it lands these constants move there (the names are kept, so
only the imports change). Until then each citation is written once, here.

Sources: lag (2016:1145) om offentlig upphandling (LOU), offentlighets- och
sekretesslagen (2009:400) (OSL), as published by Riksdagen (SFS), and
Upphandlingsmyndigheten's page on thresholds (see THRESHOLDS_SOURCE).
"""

from __future__ import annotations

# Förenklat förfarande and direktupphandling are national procedures: LOU 19 kap. applies
# to procurements below the EU thresholds (and to social and other specific services).
LOU_BELOW_THRESHOLDS = "LOU 19 kap. 1 §"
# Direct award by value: below the direct-award limit (700 000 kr) or, for social and
# other specific services, below their threshold.
LOU_DIRECT_AWARD = "LOU 19 kap. 8 §"
# The value is the whole contract period, options and extensions included.
LOU_VALUE = "LOU 5 kap. 3 §"
# The notice of the award decision (tilldelningsbeslut) with its reasons.
LOU_AWARD_NOTICE = "LOU 12 kap. 12 §"
# Avtalsspärr: 10 days if the notice was sent electronically, 15 days otherwise.
LOU_STANDSTILL = "LOU 20 kap. 1 §"
# No standstill for a direct award.
LOU_NO_STANDSTILL = "LOU 20 kap. 3 §"
# Who may request review (överprövning), at the förvaltningsrätt.
LOU_REVIEW = "LOU 20 kap. 4 §"
# What the court decides when it upholds a request: rättelse, or the procurement redone.
LOU_REVIEW_OUTCOME = "LOU 20 kap. 6 §"
# Förlängd avtalsspärr: a request that came in during the standstill bars the contract
# until ten days after the förvaltningsrätt has decided.
LOU_EXTENDED_STANDSTILL = "LOU 20 kap. 9 §"
# A request for review cannot be tried once the contract is signed.
LOU_REVIEW_TOO_LATE = "LOU 20 kap. 10 §"
# Days of förlängd avtalsspärr after the court's decision.
EXTENDED_STANDSTILL_DAYS = 10
STANDSTILL_DAYS_ELECTRONIC = 10
STANDSTILL_DAYS_OTHERWISE = 15

# Absolute secrecy for tenders until the award decision (second paragraph), and the
# business secrets of a supplier that may stay secret after it.
OSL_TENDERS = "OSL 19 kap. 3 § andra stycket"
OSL_TENDERS_GROUND = (19, "3")
OSL_BUSINESS_SECRETS = "OSL 31 kap. 16 §"
OSL_BUSINESS_SECRETS_GROUND = (31, "16")

THRESHOLDS_SOURCE = (
    "Upphandlingsmyndigheten, Tröskelvärden och direktupphandlingsgränser, "
    "https://www.upphandlingsmyndigheten.se/regler-och-lagstiftning/"
    "troskelvarden-och-direktupphandlingsgranser (värden från 1 januari 2024)"
)
