from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from insyn.registry.models import Case, Document, SecrecyGround, Series


@admin.register(Series)
class SeriesAdmin(SimpleHistoryAdmin):
    list_display = ["prefix", "name", "board", "case_format", "active"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SecrecyGround)
class SecrecyGroundAdmin(admin.ModelAdmin):
    list_display = ["chapter", "section", "description", "active"]


class ReadOnlyRegisterAdmin(SimpleHistoryAdmin):
    """The register is append-only: the admin may look, never add, change or delete.
    Registration and corrections go through the registry's own pages."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyRegisterAdmin):
    list_display = ["number", "title", "status", "opened_on"]
    search_fields = ["number", "title"]
    list_filter = ["status", "series"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyRegisterAdmin):
    list_display = ["number", "direction", "description", "secrecy", "registered_on"]
    search_fields = ["number", "description"]
    list_filter = ["direction", "secrecy"]
