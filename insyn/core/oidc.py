"""Single sign-on with OpenID Connect (Entra ID, Keycloak, ...).

People are matched to existing insyn users by e-mail address. Roles are never taken from
the identity provider: an administrator gives them in insyn, scoped to units. New users
are created only when OIDC_CREATE_USER is on, and then without any role.
"""

from django.db.models import QuerySet
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
