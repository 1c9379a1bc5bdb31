from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

# The expiry e-mail's default wording, so that "E-mail templates" knows its key.
from insyn.contracts import notifications  # noqa: F401
from insyn.contracts.models import Contract, ContractBoard, ProviderInformation, RequirementTemplate


@admin.register(RequirementTemplate)
class RequirementTemplateAdmin(SimpleHistoryAdmin):
    """Administrators keep the reusable requirements; contracts get copies of them, so a
    change here does not alter a contract already signed."""

    list_display = ["group", "title", "area", "labour_topic", "essential", "active"]
    list_filter = ["group", "area", "essential", "active"]
    search_fields = ["group", "title", "text"]


class ContractBoardInline(admin.TabularInline):
    model = ContractBoard
    extra = 0
    fields = ["board", "share", "strategic"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    """Read-only: contracts are registered and changed on the register's own pages, where
    the shares are checked together and every change has a reason in the history."""

    list_display = ["number", "title", "provider_name", "start_date", "end_date"]
    search_fields = ["number", "title", "provider_party__name", "provider_unit__name"]
    list_filter = ["kind", "procedure", "reserved"]
    inlines = [ContractBoardInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProviderInformation)
class ProviderInformationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "provider_party", "provider_unit", "published", "updated_at"]
    list_filter = ["published"]
    search_fields = ["title", "body", "provider_party__name", "provider_unit__name"]
    autocomplete_fields = ["provider_party"]
