from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from insyn.core import links
from insyn.core.models import SecretLink
from insyn.followup.models import (
    Assessment,
    CycleEvent,
    Deficiency,
    FollowUpPlan,
    FollowUpReport,
    Goal,
    Measure,
    PlanItem,
)


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    """The boards' goals of the year, from their verksamhetsplan: kept here by an
    administrator, chosen in the reports whose deficiencies affect them."""

    list_display = ["title", "board", "year"]
    list_filter = ["year", "board"]
    search_fields = ["title", "description"]


@admin.register(CycleEvent)
class CycleEventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "board", "year", "starts_on", "ends_on"]
    list_filter = ["year", "kind", "board"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_on"


class _ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _ReadOnly:
    """Plans and reports are made on the follow-up's own pages, where a decided plan and
    a submitted report are locked and every change goes through the same checks; the
    admin only shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlanItemInline(_ReadOnlyInline):
    model = PlanItem
    fields = ["contract", "method", "due_on", "responsible"]


@admin.register(FollowUpPlan)
class FollowUpPlanAdmin(_ReadOnly, SimpleHistoryAdmin):
    list_display = ["board", "year", "status", "decided_on", "paragraph"]
    list_filter = ["year", "status", "board"]
    inlines = [PlanItemInline]


class AssessmentInline(_ReadOnlyInline):
    model = Assessment
    fields = ["requirement", "result", "comment"]


class DeficiencyInline(_ReadOnlyInline):
    model = Deficiency
    fields = ["requirement", "description"]


class MeasureInline(_ReadOnlyInline):
    model = Measure
    fields = ["description", "responsible", "due_on", "status", "done_on"]


@admin.register(FollowUpReport)
class FollowUpReportAdmin(_ReadOnly, SimpleHistoryAdmin):
    list_display = ["contract", "year", "status", "submitted_on", "published"]
    list_filter = ["year", "status", "published"]
    search_fields = ["contract__number", "contract__title"]
    inlines = [AssessmentInline, DeficiencyInline, MeasureInline]


@admin.register(SecretLink)
class SecretLinkAdmin(admin.ModelAdmin):
    """The secret links issued (insyn.core.links; both kinds are the follow-up's today):
    an administrator sees their use and revokes any of them, e.g. a link that has gone
    astray. Never made or changed here, and the link itself is not shown."""

    list_display = [
        "kind",
        "object_id",
        "issued_to",
        "issued_by",
        "issued_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
        "use_count",
    ]
    list_filter = ["kind"]
    search_fields = ["issued_to"]
    readonly_fields = [f.name for f in SecretLink._meta.fields if f.name != "nonce"]
    exclude = ["nonce"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        return request.user.has_perm("core.change_secretlink")

    @admin.action(description=_("Revoke the chosen links"), permissions=["revoke"])
    def revoke(self, request, queryset):
        for link in queryset:
            links.link_revoke(link=link, user=request.user)
        self.message_user(request, _("The links are revoked."))
