from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from insyn.access import PROCUREMENT_READERS
from insyn.core.selectors import organisation_for_pages, user_has_role, user_is_staff_member


def site(request: HttpRequest) -> dict:
    # Every page shows it: kept in the process, not read per request.
    organisation = organisation_for_pages()
    user = getattr(request, "user", AnonymousUser())
    return {
        "organisation": organisation,
        "site_name": (organisation.name if organisation else "") or settings.INSYN_SITE_NAME,
        "is_staff_member": user_is_staff_member(user),
        # The menu's link to the procurement pages, for those who may read them.
        "is_procurement_reader": user_has_role(user, *PROCUREMENT_READERS),
        "oidc_enabled": settings.OIDC_ENABLED,
    }
