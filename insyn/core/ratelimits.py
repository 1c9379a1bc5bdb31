"""Rate limits on the forms anyone can post: the access request and the challenge.

Counting is django-ratelimit's (`get_usage`): a counter per client address (IPv6 per /64)
and time window in the shared cache (`CACHES["default"]`, Redis when REDIS_URL is set).
The rates are settings (`INSYN_RATE_LIMITS`). Over the limit, the request is refused with
`TooManyRequests` before the view does anything; `RatelimitMiddleware` turns that into the
429 page (`insyn.core.views.ratelimited`).

If the cache cannot be reached the request is let through and the failure is logged.
Failed logins are limited per user name and address by django-axes, which keeps its
counts in the database (insyn.core.views.LoginView says why not per address).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

logger = logging.getLogger(__name__)

ACCESS_REQUEST = "access_request"
CHALLENGE = "challenge"


class TooManyRequests(Ratelimited):
    """Over a rate limit; `retry_after` is the number of seconds until the window ends."""

    def __init__(self, retry_after: int | None = None):
        super().__init__()
        self.retry_after = retry_after


def _usage(request: HttpRequest, group: str, *, increment: bool) -> dict | None:
    try:
        return get_usage(
            request,
            group=group,
            key="ip",
            rate=settings.INSYN_RATE_LIMITS[group],
            method=ALL,
            increment=increment,
        )
    except Exception:  # the cache is down: let the request through, say so in the log
        logger.exception("Rate limit %s could not be checked; request allowed", group)
        return None


def _refuse(usage: dict) -> None:
    # At the very end of a window time_left is 0; the next window opens within a second.
    raise TooManyRequests(retry_after=max(int(usage.get("time_left", 0)), 1))


def count(request: HttpRequest, group: str) -> None:
    """Count this request against `group`; refuse it if that goes over the limit."""
    usage = _usage(request, group, increment=True)
    if usage is not None and usage["should_limit"]:
        _refuse(usage)


def check(request: HttpRequest, group: str) -> None:
    """Refuse the request if `group` is already at its limit, without counting it."""
    usage = _usage(request, group, increment=False)
    if usage is not None and (usage["should_limit"] or usage["count"] >= usage["limit"]):
        _refuse(usage)


def limit_posts(
    group: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """A view decorator: every POST counts against `group`, and a POST over the limit is
    refused before the view runs, so nothing of it is kept."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            if request.method == "POST":
                count(request, group)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
