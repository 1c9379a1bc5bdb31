from django.urls import path

from insyn.followup import calendar_views as followup_calendar
from insyn.followup import partner_views as followup_partner
from insyn.portal import challenge_views, contract_views, procurement_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("postlista/", views.postlista, name="postlista"),
    path("postlista/<int:document_id>/", views.postlista_document, name="postlista_document"),
    path(
        "postlista/<int:document_id>/fil/<int:attachment_id>/",
        views.postlista_file,
        name="postlista_file",
    ),
    path("begar-handling/", views.access_request, name="access_request"),
    path("begar-handling/mottagen/", views.access_request_receipt, name="access_request_receipt"),
    path(
        "begar-handling/statistik/",
        views.access_request_statistics,
        name="access_request_statistics",
    ),
    # The requester's private page, by the secret link in the receipt (insyn.core.links).
    path("begaran/<str:token>/", views.access_request_status, name="access_request_status"),
    path(
        "begaran/<str:token>/beslut.pdf",
        views.access_request_decision,
        name="access_request_decision",
    ),
    # The right to challenge (insyn/portal/challenge_views.py).
    path("utmana/", challenge_views.challenge_form, name="challenge_form"),
    path("utmana/tack/", challenge_views.challenge_receipt, name="challenge_receipt"),
    path("utmaningar/", challenge_views.challenge_list, name="challenge_list"),
    path("utmaning/<str:token>/", challenge_views.challenge_status, name="challenge_status"),
    path(
        "utmaning/<str:token>/skicka/",
        challenge_views.challenge_status_upload,
        name="challenge_status_upload",
    ),
    path(
        "utmaning/<str:token>/aterkalla/",
        challenge_views.challenge_status_withdraw,
        name="challenge_status_withdraw",
    ),
    # The public contract register and the providers (insyn/portal/contract_views.py).
    path("avtal/", contract_views.contract_list, name="contract_list"),
    path("avtal/<int:contract_id>/", contract_views.contract_detail, name="contract_detail"),
    path("utforare/", contract_views.provider_list, name="provider_list"),
    path("utforare/<str:key>/", contract_views.provider_detail, name="provider_detail"),
    # The procurement plan: planned and running procurements (insyn/portal/procurement_views.py).
    path("upphandlingar/", procurement_views.procurement_list, name="procurement_list"),
    # A provider writes its view of the cooperation for the yearly follow-up, by a secret
    # link it was sent (insyn/followup/partner_views.py).
    path("samverkan/<str:token>/", followup_partner.partner_view, name="partner_view"),
    # The annual cycle as calendar feeds for Outlook: per board (public), and per person
    # behind a secret link (insyn/followup/calendar_views.py).
    path("arshjul/<str:board_code>.ics", followup_calendar.board_feed, name="cycle_board_feed"),
    path("arshjul/person/<str:token>.ics", followup_calendar.person_feed, name="cycle_person_feed"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
]
