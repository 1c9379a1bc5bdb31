"""The challenge process in Django's admin: read only. Definitions are changed on their own
pages (a new version, edited as a draft, then activated) so that a version in use is never
changed; challenges move only through the process's services, which register every step
in the diarium."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from insyn.challenges.models import Challenge, ProcessDefinition


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProcessDefinition)
class ProcessDefinitionAdmin(ReadOnlyAdmin):
    list_display = ["version", "name", "status", "activated_at", "edit_link"]
    list_filter = ["status"]
    readonly_fields = ["edit_link"]

    @admin.display(description=_("steps and checklists"))
    def edit_link(self, obj: ProcessDefinition) -> str:
        url = reverse("challenges:definition_detail", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open the process pages"))


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdmin):
    list_display = [
        "case",
        "challenger_name",
        "current_step",
        "outcome",
        "received_on",
        "closed_on",
    ]
    list_filter = ["outcome", "channel", "definition"]
    search_fields = ["case__number", "challenger_name", "org_number"]
    list_select_related = ["case", "current_step"]
    # The staff page shows everything in context; the admin is for looking things up.
    exclude = ["status_nonce", "submission_key"]
