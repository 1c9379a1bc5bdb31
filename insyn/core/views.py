import sys

from django.contrib.auth import views as auth_views
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from insyn.core import ratelimits


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Failed logins per address, across user names (password spraying); django-axes
        # locks a user name and address pair on its own. Successful logins never count, so
        # an office behind one address can always sign in.
        ratelimits.check(request, ratelimits.LOGIN_FAILURE)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        ratelimits.count(self.request, ratelimits.LOGIN_FAILURE)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    pass


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def ratelimited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Too many posts from one address (RATELIMIT_VIEW): nothing of the request was kept."""
    response = render(request, "errors/429.html", status=429)
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
