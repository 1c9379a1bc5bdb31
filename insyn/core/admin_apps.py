from django.contrib.admin.apps import AdminConfig


class InsynAdminConfig(AdminConfig):
    """django.contrib.admin with insyn's admin site (insyn/core/admin_site.py)."""

    default_site = "insyn.core.admin_site.InsynAdminSite"
