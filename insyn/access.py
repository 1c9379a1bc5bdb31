"""Who may use which URL: the table that tests/test_authorization_matrix.py holds the
URL configuration to.

Every named URL pattern must be here, by its full name ("namespace:name"):

- PUBLIC: anyone, signed in or not;
- ADMIN_SITE: Django's admin, for users with the staff flag (`is_staff`); no role gives
  access to it. Only the admin's names may use the "admin:*" pattern, because the admin
  site makes its URLs per registered model and guards them all at one gate
  (insyn/core/admin_site.py);
- a set of roles (insyn.core.models.Role): signed-in users holding one of them, anywhere
  in the organisation. Views narrow that further to the board or unit of the object
  (tests/test_permissions.py covers the scopes).

Superusers may use everything. Anonymous visitors to a non-public URL are sent to the
login page; signed-in users without access get 403. A new URL without an entry here fails
the test suite, so adding a URL means deciding who may use it.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Final

from insyn.core.models import Role

PUBLIC: Final = "public"
ADMIN_SITE: Final = "admin-site"
ANY_ROLE: Final = frozenset(Role.values)
REGISTRAR: Final = frozenset({Role.REGISTRAR.value})
ADMINISTRATOR: Final = frozenset({Role.ADMINISTRATOR.value})
# Everyone who takes part in the challenge process (insyn/challenges/selectors.py).
CHALLENGE_STAFF: Final = frozenset(
    {
        Role.BUSINESS_GUIDE.value,
        Role.SECTOR_HEAD.value,
        Role.ADMINISTRATION_HEAD.value,
        Role.CHIEF_EXECUTIVE.value,
        Role.BOARD_SECRETARY.value,
        Role.PROCUREMENT_OFFICER.value,
        Role.REGISTRAR.value,
        Role.ADMINISTRATOR.value,
    }
)
GUIDE: Final = frozenset({Role.BUSINESS_GUIDE.value})
# The contract register (insyn/contracts/selectors.py): who registers contracts, and who
# may change one (its own manager, a procurement officer of its boards, administrators).
CONTRACT_REGISTRARS: Final = frozenset({Role.PROCUREMENT_OFFICER.value, Role.ADMINISTRATOR.value})
CONTRACT_EDITORS: Final = CONTRACT_REGISTRARS | {Role.CONTRACT_MANAGER.value}
# The follow-up (insyn/followup/selectors.py): who drafts a board's plan (the head of its
# administration, its secretary), and who reports on a contract (its manager).
FOLLOWUP_PLANNERS: Final = frozenset(
    {Role.ADMINISTRATION_HEAD.value, Role.BOARD_SECRETARY.value, Role.ADMINISTRATOR.value}
)
FOLLOWUP_REPORTERS: Final = frozenset(
    {Role.CONTRACT_MANAGER.value, Role.ADMINISTRATION_HEAD.value, Role.ADMINISTRATOR.value}
)

# Procurement (insyn/procurement/selectors.py): procurement officers run procurements
# (the views narrow to the officers of its boards); the heads who order them follow them.
PROCUREMENT_OFFICERS: Final = frozenset({Role.PROCUREMENT_OFFICER.value, Role.ADMINISTRATOR.value})
PROCUREMENT_READERS: Final = PROCUREMENT_OFFICERS | {
    Role.ADMINISTRATION_HEAD.value,
    Role.SECTOR_HEAD.value,
    Role.CHIEF_EXECUTIVE.value,
    Role.BUSINESS_GUIDE.value,
    Role.CONTRACT_MANAGER.value,
    Role.BOARD_SECRETARY.value,
}

Access = str | frozenset[str]

URL_ACCESS: dict[str, Access] = {
    # The public site (insyn/portal/urls.py).
    "portal:home": PUBLIC,
    "portal:postlista": PUBLIC,
    "portal:postlista_document": PUBLIC,
    "portal:postlista_file": PUBLIC,
    "portal:access_request": PUBLIC,
    "portal:access_request_receipt": PUBLIC,
    "portal:accessibility": PUBLIC,
    "portal:contract_list": PUBLIC,
    "portal:contract_detail": PUBLIC,
    "portal:provider_list": PUBLIC,
    "portal:provider_detail": PUBLIC,
    # Calendar programs fetch these without signing in: a board's annual cycle is public;
    # a person's feed opens only with the secret in its link.
    "portal:cycle_board_feed": PUBLIC,
    "portal:cycle_person_feed": PUBLIC,
    "portal:procurement_list": PUBLIC,
    # A provider's view of the cooperation: public URL, opened only by the secret link.
    "portal:partner_view": PUBLIC,
    "portal:challenge_form": PUBLIC,
    "portal:challenge_receipt": PUBLIC,
    "portal:challenge_list": PUBLIC,
    # The challenger's own page: public URL, opened only by the secret in the link.
    "portal:challenge_status": PUBLIC,
    "portal:challenge_status_upload": PUBLIC,
    "portal:challenge_status_withdraw": PUBLIC,
    "portal:healthz": PUBLIC,
    "portal:access_request_status": PUBLIC,
    "portal:access_request_decision": PUBLIC,
    "portal:access_request_statistics": PUBLIC,
    # The public API (insyn/api/api.py): the same data as the public pages.
    "api:api-root": PUBLIC,
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:postlista": PUBLIC,
    "api:postlista_document": PUBLIC,
    "api:challenges": PUBLIC,
    # Signing in and out (insyn/urls.py), and single sign-on (mozilla-django-oidc).
    "login": PUBLIC,
    "logout": PUBLIC,
    "oidc_authentication_init": PUBLIC,
    "oidc_authentication_callback": PUBLIC,
    "oidc_logout": PUBLIC,
    # The diarium's staff pages (insyn/registry/urls.py).
    "registry:case_list": ANY_ROLE,
    "registry:case_detail": ANY_ROLE,
    "registry:document_detail": ANY_ROLE,
    "registry:attachment_download": ANY_ROLE,
    "registry:case_create": REGISTRAR,
    "registry:document_create": REGISTRAR,
    "registry:document_correct": REGISTRAR,
    "registry:document_link_party": REGISTRAR,
    "registry:case_close": REGISTRAR,
    "registry:case_reopen": REGISTRAR,
    "registry:access_request_handled": REGISTRAR,
    # Requests to see documents: the inbox lists what the user handles (empty for most);
    # a request is answered by its board's registrars and by the member of staff it is
    # given to, whatever their role (the views check that; tests/test_access_request_
    # handling.py covers the handler).
    "registry:access_request_list": ANY_ROLE,
    "registry:access_request_detail": REGISTRAR,
    "registry:access_request_decide": REGISTRAR,
    "registry:access_request_assign": REGISTRAR,
    "registry:access_request_description": REGISTRAR,
    # The challenge process (insyn/challenges/urls.py). The views narrow each action to
    # the role that does it (the guide, the step's role, the board's secretary).
    "challenges:inbox": CHALLENGE_STAFF,
    "challenges:detail": CHALLENGE_STAFF,
    "challenges:register": frozenset({Role.REGISTRAR.value, Role.BUSINESS_GUIDE.value}),
    "challenges:tick": CHALLENGE_STAFF,
    "challenges:advance": GUIDE,
    "challenges:assign": GUIDE,
    "challenges:set_unit": GUIDE,
    "challenges:letter": GUIDE,
    "challenges:document": frozenset({Role.REGISTRAR.value, Role.BUSINESS_GUIDE.value}),
    "challenges:meeting": GUIDE,
    "challenges:meeting_correct": GUIDE,
    "challenges:stakeholders": frozenset(
        {Role.BUSINESS_GUIDE.value, Role.SECTOR_HEAD.value, Role.ADMINISTRATION_HEAD.value}
    ),
    "challenges:analysis": frozenset(
        {Role.BUSINESS_GUIDE.value, Role.SECTOR_HEAD.value, Role.ADMINISTRATION_HEAD.value}
    ),
    "challenges:decision": frozenset({Role.BOARD_SECRETARY.value}),
    "challenges:screen_out": GUIDE,
    "challenges:withdraw": GUIDE,
    "challenges:reject": GUIDE,
    "challenges:accept": GUIDE,
    "challenges:procurement": frozenset(
        {Role.BUSINESS_GUIDE.value, Role.PROCUREMENT_OFFICER.value}
    ),
    "challenges:procurement_document": frozenset(
        {Role.BUSINESS_GUIDE.value, Role.PROCUREMENT_OFFICER.value}
    ),
    "challenges:complete": GUIDE,
    "challenges:definition_list": ADMINISTRATOR,
    "challenges:definition_detail": ADMINISTRATOR,
    "challenges:definition_new_version": ADMINISTRATOR,
    "challenges:definition_edit": ADMINISTRATOR,
    "challenges:definition_activate": ADMINISTRATOR,
    "challenges:step_add": ADMINISTRATOR,
    "challenges:step_edit": ADMINISTRATOR,
    "challenges:step_delete": ADMINISTRATOR,
    # The contract register (insyn/contracts/urls.py). Views narrow editing to the
    # contract's own manager, the procurement officers of its boards, and so on.
    "contracts:list": ANY_ROLE,
    "contracts:detail": ANY_ROLE,
    "contracts:expiring": ANY_ROLE,
    "contracts:create": CONTRACT_REGISTRARS,
    "contracts:edit": CONTRACT_EDITORS,
    "contracts:appoint": frozenset({Role.ADMINISTRATION_HEAD.value, Role.ADMINISTRATOR.value}),
    "contracts:classify": CONTRACT_EDITORS,
    "contracts:terminate": CONTRACT_EDITORS,
    "contracts:strategic": frozenset(
        {Role.BOARD_SECRETARY.value, Role.ADMINISTRATION_HEAD.value, Role.ADMINISTRATOR.value}
    ),
    "contracts:requirement_add": CONTRACT_EDITORS,
    "contracts:requirements_apply": CONTRACT_EDITORS,
    "contracts:import": CONTRACT_REGISTRARS,
    "contracts:import_template": CONTRACT_REGISTRARS,
    "contracts:import_status": CONTRACT_REGISTRARS,
    "contracts:export": ANY_ROLE,
    # The yearly follow-up (insyn/followup/urls.py). Views narrow to the board (plans,
    # board reports) and to the contract's own manager (reports).
    "followup:overview": ANY_ROLE,
    "followup:plan_create": FOLLOWUP_PLANNERS,
    "followup:plan_detail": ANY_ROLE,
    "followup:plan_item_add": FOLLOWUP_PLANNERS,
    "followup:plan_item_remove": FOLLOWUP_PLANNERS,
    "followup:plan_decide": frozenset({Role.BOARD_SECRETARY.value, Role.ADMINISTRATOR.value}),
    "followup:report_create": FOLLOWUP_REPORTERS,
    "followup:report_detail": ANY_ROLE,
    "followup:assessment": FOLLOWUP_REPORTERS,
    "followup:deficiency": FOLLOWUP_REPORTERS,
    "followup:measure": FOLLOWUP_REPORTERS,
    "followup:report_submit": FOLLOWUP_REPORTERS,
    "followup:measure_status": FOLLOWUP_REPORTERS,
    "followup:board_report": ANY_ROLE,
    "followup:compilation": ANY_ROLE,
    "followup:board_report_register": frozenset(
        {Role.REGISTRAR.value, Role.BOARD_SECRETARY.value, Role.ADMINISTRATOR.value}
    ),
    "followup:report_publish": FOLLOWUP_REPORTERS,
    "followup:report_unpublish": FOLLOWUP_REPORTERS,
    "followup:partner_link": FOLLOWUP_REPORTERS,
    "followup:partner_link_create": FOLLOWUP_REPORTERS,
    "followup:partner_link_revoke": FOLLOWUP_REPORTERS,
    "followup:cycle": ANY_ROLE,
    "followup:cycle_event_create": FOLLOWUP_PLANNERS,
    "followup:cycle_event_edit": FOLLOWUP_PLANNERS,
    "followup:cycle_event_delete": FOLLOWUP_PLANNERS,
    "followup:my_feed_link": ANY_ROLE,
    "followup:my_feed_link_create": ANY_ROLE,
    "followup:my_feed_link_revoke": ANY_ROLE,
    # Procurement (insyn/procurement/urls.py). Views narrow changes to the procurement
    # officers of the procurement's boards and its responsible officer.
    "procurement:list": PROCUREMENT_READERS,
    "procurement:detail": PROCUREMENT_READERS,
    "procurement:create": PROCUREMENT_OFFICERS,
    "procurement:edit": PROCUREMENT_OFFICERS,
    "procurement:followup": PROCUREMENT_OFFICERS,
    "procurement:start": PROCUREMENT_OFFICERS,
    "procurement:criteria": PROCUREMENT_OFFICERS,
    "procurement:tender_add": PROCUREMENT_OFFICERS,
    "procurement:tender": PROCUREMENT_OFFICERS,
    "procurement:award": PROCUREMENT_OFFICERS,
    "procurement:contract": PROCUREMENT_OFFICERS,
    "procurement:cancel": PROCUREMENT_OFFICERS,
    "procurement:review": PROCUREMENT_OFFICERS,
    "procurement:review_decide": PROCUREMENT_OFFICERS,
    # The admin: its login page sends people to /logga-in/; everything else is staff-only.
    "admin:login": PUBLIC,
    "admin:*": ADMIN_SITE,
}


def access_for(name: str) -> Access | None:
    """The entry for a URL name: an exact entry first, then a pattern; None if missing."""
    if name in URL_ACCESS:
        return URL_ACCESS[name]
    for pattern, access in URL_ACCESS.items():
        if "*" in pattern and fnmatchcase(name, pattern):
            return access
    return None
