"""The public procurement plan: what the kommun is about to buy, and how.
(Placeholder while the page is built.)"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def procurement_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
