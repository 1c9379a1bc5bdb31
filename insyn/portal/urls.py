from django.urls import path

from insyn.portal import views

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
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
]
