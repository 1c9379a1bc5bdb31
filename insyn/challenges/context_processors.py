from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from insyn.challenges.selectors import STAFF_ROLES
from insyn.core.selectors import user_has_role


def challenge_staff(request: HttpRequest) -> dict:
    user = getattr(request, "user", AnonymousUser())
    return {"is_challenge_staff": user_has_role(user, *STAFF_ROLES)}
