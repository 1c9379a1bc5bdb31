"""The provider's own page for its view of the cooperation, opened by a secret link.
(Placeholder while the page is built.)"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def partner_view(request: HttpRequest, token: str) -> HttpResponse:
    return HttpResponse("")
