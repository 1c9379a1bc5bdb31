from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than MAX_REQUEST_BYTES before it is read.

    Django limits form fields but not uploaded files; without this a 200 MB upload would be
    streamed to a temporary file before the form could say no.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            html = render_to_string(
                "errors/413.html",
                {"limit_mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)},
                request=request,
            )
            return HttpResponse(html, status=413)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header (settings.PERMISSIONS_POLICY): camera,
    microphone, location and the like are off for this site and anything it embeds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.policy
        return response


# The largest id a database column holds (a signed 64-bit integer, as BigAutoField).
LARGEST_ID = 2**63 - 1


class HostileInputMiddleware:
    """Refuse, with a page in Swedish, what no person sends and the database cannot take.

    - A NUL character in the path, the query string or a posted field: PostgreSQL cannot
      store or compare text with NUL in it and fails the whole statement, so a search with
      one would be a server error. Nobody types one; the request is answered 400. (Files
      are not looked at: their bytes may hold anything, and uploads check their content.)
    - A number in the path beyond what an id column holds: no record has it, and the
      database driver refuses to send it, so it is answered 404 before any view runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            message = _("The request contains a character that is not allowed (NUL).")
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            from insyn.core.views import bad_request

            return bad_request(request, message=message)
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable,
        view_args: tuple,
        view_kwargs: dict[str, Any],
    ) -> None:
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not -LARGEST_ID <= value <= LARGEST_ID:
                raise Http404


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or _nul_in(request.GET):
        return True
    # Only forms: the body of anything else (the API's JSON) is not parsed here.
    return request.method == "POST" and _nul_in(request.POST)


def _nul_in(data: QueryDict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )


class ErrorTitleMiddleware:
    """A page that comes back with the errors of a form (422, the project's answer to
    invalid input) says so first in its title, "Fel: …", which a screen reader announces
    when the page loads (WCAG 2.1 3.3.1; the GOV.UK pattern). One place for every form, so
    that no form can forget it. The error summary itself is focused by site.js."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 422
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
        ):
            label = _("Error:")
            prefix = f"<title>{label} ".encode()
            content = response.content
            if b"<title>" in content and prefix not in content:
                response.content = content.replace(b"<title>", prefix, 1)
        return response
