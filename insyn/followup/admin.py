from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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
class CycleEventAdmin(admin.ModelAdmin):
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
