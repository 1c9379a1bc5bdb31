from django.urls import path

from insyn.portal import challenge_views, views

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
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
]
