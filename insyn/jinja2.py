"""The Jinja2 environment for the site's pages (Django's own Jinja2 backend)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.http import urlencode
from jinja2 import Environment

from insyn.core.legal import cite, legal


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def date_filter(value: datetime.date | datetime.datetime | None, fmt: str = "Y-m-d") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(value, fmt)


def datetime_filter(value: datetime.datetime | None) -> str:
    return date_filter(value, "Y-m-d H:i")


def filesize(value: int) -> str:
    size = float(value)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}".replace(".", ",")
        size /= 1024
    return str(value)


def query_string(params: dict[str, Any], **updates: Any) -> str:
    merged = {k: v for k, v in {**params, **updates}.items() if v not in (None, "")}
    return "?" + urlencode(merged) if merged else "?"


def widget(bound_field: Any, **extra: Any) -> str:
    """A form widget tied to its help text and errors for screen readers."""
    attrs = dict(extra)
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-help")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


# A no-break space between the thousands, as Swedish writes amounts (1 250 000 kr).
THOUSANDS = "\u00a0"


def sek(value: Decimal | None) -> str:
    """Whole kronor as the public pages write them; empty for no value."""
    if value is None:
        return ""
    return f"{value:,.0f}".replace(",", THOUSANDS) + THOUSANDS + "kr"


def environment(**options: Any) -> Environment:
    options.setdefault("extensions", [])
    options["extensions"] = [*options["extensions"], "jinja2.ext.i18n"]
    # Django's backend turns autoescape on; say so here too, so nothing can turn it off.
    options.pop("autoescape", None)
    env = Environment(autoescape=True, **options)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translation.gettext, translation.ngettext, newstyle=True
    )
    env.globals.update(
        static=static,
        url=url,
        get_messages=get_messages,
        query_string=query_string,
        widget=widget,
        sek=sek,
        cite=cite,
        legal=legal,
        settings_debug=settings.DEBUG,
        get_language=translation.get_language,
    )
    env.filters.update(date=date_filter, datetime=datetime_filter, filesize=filesize)
    return env
