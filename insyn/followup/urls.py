from django.urls import path

from insyn.followup import calendar_views, report_views, views

app_name = "followup"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("plan/ny/", views.plan_create, name="plan_create"),
    path("plan/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plan/<int:plan_id>/avtal/", views.plan_item_add, name="plan_item_add"),
    path(
        "plan/<int:plan_id>/avtal/<int:plan_item_id>/ta-bort/",
        views.plan_item_remove,
        name="plan_item_remove",
    ),
    path("plan/<int:plan_id>/beslut/", views.plan_decide, name="plan_decide"),
    path("rapport/ny/", views.report_create, name="report_create"),
    path("rapport/<int:report_id>/", views.report_detail, name="report_detail"),
    path("rapport/<int:report_id>/bedomning/", views.assessment, name="assessment"),
    path("rapport/<int:report_id>/brist/", views.deficiency, name="deficiency"),
    path("rapport/<int:report_id>/atgard/", views.measure, name="measure"),
    path("rapport/<int:report_id>/lamna-in/", views.report_submit, name="report_submit"),
    path("rapport/<int:report_id>/publicera/", views.report_publish, name="report_publish"),
    path("rapport/<int:report_id>/avpublicera/", views.report_unpublish, name="report_unpublish"),
    path("rapport/<int:report_id>/utforarens-syn/", views.partner_link, name="partner_link"),
    path(
        "rapport/<int:report_id>/utforarens-syn/ny-lank/",
        views.partner_link_create,
        name="partner_link_create",
    ),
    path(
        "rapport/<int:report_id>/utforarens-syn/<int:link_id>/aterkalla/",
        views.partner_link_revoke,
        name="partner_link_revoke",
    ),
    path("atgard/<int:measure_id>/status/", views.measure_status, name="measure_status"),
    # Compiled reports, PDF and Excel (insyn/followup/report_views.py).
    path("namnd/<int:board_id>/<int:year>/", report_views.board_report, name="board_report"),
    path("sammanstallning/<int:year>/", report_views.compilation, name="compilation"),
    path(
        "namnd/<int:board_id>/<int:year>/diariefor/",
        report_views.board_report_register,
        name="board_report_register",
    ),
    # The annual cycle and its calendar feeds (insyn/followup/calendar_views.py).
    path("arshjul/", calendar_views.cycle, name="cycle"),
    path("arshjul/ical/", calendar_views.my_feed_link, name="my_feed_link"),
    path("arshjul/ical/ny/", calendar_views.my_feed_link_create, name="my_feed_link_create"),
    path(
        "arshjul/ical/<int:link_id>/aterkalla/",
        calendar_views.my_feed_link_revoke,
        name="my_feed_link_revoke",
    ),
    path("arshjul/nytt/", calendar_views.event_create, name="cycle_event_create"),
    path("arshjul/<int:event_id>/", calendar_views.event_edit, name="cycle_event_edit"),
    path("arshjul/<int:event_id>/ta-bort/", calendar_views.event_delete, name="cycle_event_delete"),
]
