"""Secret links: a value and its HMAC under the SECRET_KEY.

Used where a link is the only credential (a challenger's status page, a person's
calendar feed). The database alone opens nothing, the link can be shown again, and a
key rotated with SECRET_KEY_FALLBACKS keeps old links working for a while."""

from __future__ import annotations

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac


def _signature(salt: str, value: str, secret: str | bytes | None = None) -> str:
    return salted_hmac(salt, value, secret=secret, algorithm="sha256").hexdigest()[:32]


def sign(salt: str, value: str) -> str:
    """`value.signature`; `value` must not contain a dot."""
    return f"{value}.{_signature(salt, value)}"


def unsign(salt: str, token: str) -> str | None:
    """The value of a well-signed token (current key or a fallback), or None."""
    value, _sep, signature = token.partition(".")
    if not value or not signature or len(token) > 100:
        return None
    for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        if constant_time_compare(signature, _signature(salt, value, secret)):
            return value
    return None
