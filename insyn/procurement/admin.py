from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from insyn.procurement.models import ProcurementThreshold


@admin.register(ProcurementThreshold)
class ProcurementThresholdAdmin(SimpleHistoryAdmin):
    """The thresholds of procurement law, each valid from a date. When new values are
    published (the EU thresholds every other year), add them with their date instead of
    changing the old ones: a procurement is judged by the values of its own date."""

    list_display = ["kind", "amount", "valid_from", "source"]
    list_filter = ["kind"]
    ordering = ["kind", "-valid_from"]
