from django.urls import path

from insyn.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("registrera/", views.case_create, name="case_create"),
    path("arende/<int:case_id>/", views.case_detail, name="case_detail"),
    path("arende/<int:case_id>/registrera/", views.document_create, name="document_create"),
    path("arende/<int:case_id>/avsluta/", views.case_close, name="case_close"),
    path("arende/<int:case_id>/ateroppna/", views.case_reopen, name="case_reopen"),
    path("handling/<int:document_id>/", views.document_detail, name="document_detail"),
    path("handling/<int:document_id>/ratta/", views.document_correct, name="document_correct"),
    path(
        "handling/<int:document_id>/koppla-part/",
        views.document_link_party,
        name="document_link_party",
    ),
    path("begaran/", views.access_request_list, name="access_request_list"),
    path(
        "begaran/<int:access_request_id>/",
        views.access_request_detail,
        name="access_request_detail",
    ),
    path(
        "begaran/<int:access_request_id>/handlaggare/",
        views.access_request_assign,
        name="access_request_assign",
    ),
    path(
        "begaran/<int:access_request_id>/besvara/",
        views.access_request_decide,
        name="access_request_decide",
    ),
    path(
        "begaran/<int:access_request_id>/beskrivning/",
        views.access_request_description,
        name="access_request_description",
    ),
    path(
        "begaran/<int:access_request_id>/hanterad/",
        views.access_request_handled,
        name="access_request_handled",
    ),
    path(
        "handling/<int:document_id>/fil/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
]
