"""Django's admin with the site's own login page.

Anonymous visitors are sent to /logga-in/ (rate-limited, with django-axes lockout and
single sign-on), not to a second login form of the admin's own. Signed-in users who may
not use the admin (it needs the staff flag, `is_staff`; roles give no access to it) get
the 403 page, like everywhere else on the staff side.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class InsynAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        model_admin = getattr(view, "__self__", None)
        if isinstance(model_admin, admin.ModelAdmin):
            view = _with_ids_checked(view, model_admin.model)
        checked = super().admin_view(view, cacheable)

        @wraps(checked)
        def inner(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return checked(request, *args, **kwargs)

        return inner

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("admin:index", current_app=self.name)
        if request.user.is_authenticated:
            return HttpResponseRedirect(target)
        return redirect_to_login(target, resolve_url("login"))


LARGEST_ID = 2**63 - 1


def _with_ids_checked(view, model: type[models.Model]):
    """`view` answering 404 to ids that cannot be ids (after the admin's own gate)."""

    @wraps(view)
    def inner(request, *args, **kwargs):
        if not _ids_fit(model, args, kwargs):
            raise Http404
        return view(request, *args, **kwargs)

    return inner


def _ids_fit(model: type[models.Model], args: tuple, kwargs: dict) -> bool:
    """Whether the ids in an admin URL can be ids at all: the object's (`object_id`, or
    the first of the history pages' two) a key of `model`, a history version's a number
    a database column holds. Django's own pages say "does not exist" to anything else,
    but django-simple-history's history pages failed with a server error."""
    object_id = kwargs.get("object_id", kwargs.get("id", args[0] if args else None))
    if object_id is None:
        return True
    try:
        key = model._meta.pk.to_python(unquote(str(object_id)))
    except ValidationError:
        return False
    versions = [str(value) for value in args[1:]]
    return (not isinstance(key, int) or 0 <= key <= LARGEST_ID) and all(
        value.isascii() and value.isdigit() and int(value) <= LARGEST_ID for value in versions
    )
