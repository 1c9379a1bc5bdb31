from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from insyn.core.selectors import organisation_for_pages, user_is_staff_member


def site(request: HttpRequest) -> dict:
    # Every page shows it: kept in the process, not read per request.
    organisation = organisation_for_pages()
    return {
        "organisation": organisation,
        "site_name": (organisation.name if organisation else "") or settings.INSYN_SITE_NAME,
        "is_staff_member": user_is_staff_member(getattr(request, "user", AnonymousUser())),
        "oidc_enabled": settings.OIDC_ENABLED,
    }
