from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from insyn.core.models import Board, Organisation, Party, RoleAssignment, Unit, User
from insyn.core.services import party_update


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "org_number"]

    def has_add_permission(self, request):
        return not Organisation.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "board", "parent", "delivers_in_house", "active"]
    list_filter = ["board", "kind", "delivers_in_house", "active"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "org_number", "nonprofit_registered"]
    list_filter = ["kind", "nonprofit_registered"]
    search_fields = ["name", "org_number"]

    def save_model(self, request, obj, form, change):
        # Through the service: a changed kind or name reaches the documents' public search
        # text in the same transaction (registry.services.documents_follow_party).
        if change:
            # The reason is a record of the kommun: in its language, not the browser's.
            with translation.override(settings.LANGUAGE_CODE):
                reason = _("Changed by an administrator")
            party_update(party=obj, changed_by=request.user, reason=reason)
        else:
            super().save_model(request, obj, form, change)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    fields = ["role", "unit", "board"]
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("insyn", {"fields": ("title", "phone")}),
    )
