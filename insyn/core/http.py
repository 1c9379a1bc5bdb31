import ipaddress
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_cache_control


def download_response(file: FieldFile, *, filename: str) -> FileResponse:
    """A registered file as a download, never rendered by the browser: a file someone
    uploaded must not run as a page of this site."""
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Not kept by proxies: a document made secret by a correction must disappear at once.
    response["Cache-Control"] = "private, no-store"
    return response


def client_ip(request: HttpRequest) -> str:
    """The address of the person at the other end, for rate limits and login lockout.

    With PROXY_COUNT reverse proxies in front (each appending to X-Forwarded-For), the
    address the outermost trusted proxy saw is the PROXY_COUNT-th entry from the right;
    anything further left was written by the client and is not trusted. Without proxies,
    REMOTE_ADDR. Never an invalid string: the rate limiter parses it as an address.
    """
    count = settings.PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count and _valid_ip(forwarded[-count]):
            return forwarded[-count]
    remote = request.META.get("REMOTE_ADDR", "")
    return remote if _valid_ip(remote) else "0.0.0.0"  # noqa: S104 (a value, not a bind)  # nosec B104


def _valid_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def no_store(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """For pages that show a secret link: never cached, never indexed."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped


def secret_url(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """For pages whose URL holds the secret (a challenger's status page, a provider's
    page for its view): not cached or indexed, and only the site's origin is ever sent on
    as a referrer, never the path, not even within the site (where it would end up in
    access logs). Not "no-referrer": a browser then posts the page's forms with
    "Origin: null", which the CSRF check rightly refuses."""
    inner = no_store(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        response = inner(request, *args, **kwargs)
        response["Referrer-Policy"] = "origin"
        return response

    return wrapped


def secret_link(
    kind: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """For the pages and feeds opened by a secret link of `kind` (insyn.core.links): the
    token in the URL is checked before the view runs. A forged or unknown link is not
    found (404); a revoked or expired one is gone (410), on a page that says only that
    the link no longer works, never what it opened. A valid one's use is recorded and the
    view is called with the link after the token: `view(request, token, link, ...)`."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, token: str, *args, **kwargs) -> HttpResponseBase:
            from insyn.core import links  # models: not at this module's import time

            found = links.link_resolve(kind, token)
            if found is None:
                raise Http404
            state, link = found
            if state is links.State.GONE:
                response = render(request, "errors/link_gone.html", status=410)
                patch_cache_control(response, private=True, no_store=True)
                response["X-Robots-Tag"] = "noindex"
                response["Referrer-Policy"] = "no-referrer"
                return response
            links.link_record_use(link)
            return view(request, token, link, *args, **kwargs)

        return wrapped

    return decorator
