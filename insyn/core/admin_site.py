"""Django's admin with the site's own login page.

Anonymous visitors are sent to /logga-in/ (rate-limited, with django-axes lockout and
single sign-on), not to a second login form of the admin's own. Signed-in users who may
not use the admin (it needs the staff flag, `is_staff`; roles give no access to it) get
the 403 page, like everywhere else on the staff side.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class InsynAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
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
