"""View decorators for staff pages: anonymous users go to the login page, signed-in users
without the right role get a 403 page in Swedish."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from insyn.core.selectors import user_has_role, user_is_staff_member


class Refused(PermissionDenied):
    """A refusal for lack of rights, with the reason in words the user understands: it is
    answered 403 with the reason on the page (insyn.core.views.permission_denied), and a
    link back to `back_url`, rather than a redirect and a message on a page that answers
    200, so that a client (and a test) sees the refusal for what it is."""

    def __init__(self, message: str, *, back_url: str = ""):
        super().__init__(message)
        self.message = message
        self.back_url = back_url


def staff_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def role_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """The user must hold one of `roles` somewhere; views check the exact scope (unit,
    board) of the object they act on themselves."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def access_required(
    name: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """role_required with exactly the roles insyn/access.py gives the URL `name`
    ("namespace:name"), so a view and the access table cannot disagree."""
    from insyn.access import URL_ACCESS

    return role_required(*sorted(URL_ACCESS[name]))
