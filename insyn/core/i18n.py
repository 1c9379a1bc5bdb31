"""The language of what insyn records and sends."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.utils import translation

P = ParamSpec("P")
R = TypeVar("R")


def in_organisation_language(func: Callable[P, R]) -> Callable[P, R]:
    """Run a service in the organisation's language (LANGUAGE_CODE, Swedish).

    What a service writes into the diarium (titles, descriptions, the reasons in the
    history), the PDFs it makes and the e-mail it queues are records of the kommun, and
    must not follow the language of the browser that happened to cause them. Its error
    messages are then Swedish too, as the interface is Swedish first.
    """

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper
