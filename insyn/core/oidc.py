"""Single sign-on with OpenID Connect (Entra ID, Keycloak, ...).

People are matched to existing insyn users by e-mail address. Roles are never taken from
the identity provider: an administrator gives them in insyn, scoped to units. New users
are created only when OIDC_CREATE_USER is on, and then without any role.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from mozilla_django_oidc import urls as oidc_urls
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from insyn.core.models import User


class InsynOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict) -> QuerySet[User]:
        email = (claims.get("email") or claims.get("upn") or "").strip()
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims: dict) -> User:
        email = (claims.get("email") or claims.get("upn") or "").strip()
        return User.objects.create_user(
            username=email.lower()[:150],
            email=email,
            first_name=claims.get("given_name", "")[:150],
            last_name=claims.get("family_name", "")[:150],
        )

    def update_user(self, user: User, claims: dict) -> User:
        changed = False
        for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
            value = (claims.get(claim) or "")[:150]
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed = True
        if changed:
            user.save(update_fields=["first_name", "last_name"])
        return user


def _when_configured(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Without an identity provider (OIDC_* unset) the library's views fail on the missing
    settings; answer 404 with a page that says so instead."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if not settings.OIDC_ENABLED:
            from insyn.core.views import page_not_found

            message = _(
                "Single sign-on is not set up here. Log in with your user name and password."
            )
            return page_not_found(request, message=message)
        return view(request, *args, **kwargs)

    return wrapper


# mozilla-django-oidc's URLs, with their names, each answering 404 while it is off.
urlpatterns: list[URLPattern] = [
    path(str(pattern.pattern), _when_configured(pattern.callback), name=pattern.name or "")
    for pattern in oidc_urls.urlpatterns
    if isinstance(pattern, URLPattern)
]
