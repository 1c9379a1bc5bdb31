import sys

from django.contrib.auth import views as auth_views
from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from insyn.core.permissions import Refused


class LoginView(auth_views.LoginView):
    """Failed logins are limited per user name and address by django-axes (settings
    AXES_*): guessing one account's password is stopped, while everyone else behind the
    same address (an office behind one NAT address) still signs in with the right
    password. There is deliberately no limit per address across user names: it refused
    the right password too, once others at the address had mistyped theirs."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def _error_page(
    request: HttpRequest, template: str, *, status: int, context: dict | None = None
) -> HttpResponse:
    """An error page. The request may have been refused before the middleware gave it a
    user (a Host header not in ALLOWED_HOSTS is refused by the first middleware that asks
    for the host); the page then shows the visitor as anonymous instead of failing."""
    if not hasattr(request, "user"):
        request.user = AnonymousUser()
    return render(request, template, context or {}, status=status)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(request, "errors/403_csrf.html", status=403)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    context = {}
    if isinstance(exception, Refused):
        context = {"message": exception.message, "back_url": exception.back_url}
    return _error_page(request, "errors/403.html", status=403, context=context)


def page_not_found(
    request: HttpRequest, exception: Exception | None = None, *, message: str = ""
) -> HttpResponse:
    return _error_page(request, "errors/404.html", status=404, context={"message": message})


def bad_request(
    request: HttpRequest,
    exception: Exception | None = None,
    *,
    message: str = "",
    back_url: str = "",
) -> HttpResponse:
    context = {"message": message, "back_url": back_url}
    return _error_page(request, "errors/400.html", status=400, context=context)


def ratelimited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Too many posts from one address (RATELIMIT_VIEW): nothing of the request was kept."""
    response = _error_page(request, "errors/429.html", status=429)
    # A limit of ours says when its window ends; any other, a minute is a fair guess.
    response["Retry-After"] = str(getattr(exception, "retry_after", None) or 60)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The page for an unhandled error, rendered without the site's context processors
    (they ask the database, which may be what failed). While the database is away (a
    restart, a failover) the answer is 503 with Retry-After: the request was fine, and the
    next one reconnects by itself."""
    from django.template.loader import get_template

    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(get_template("errors/503.html").render({}), status=503)
        response["Retry-After"] = "5"
        return response
    return HttpResponse(get_template("errors/500.html").render({}), status=500)
