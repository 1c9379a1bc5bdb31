from django.urls import path

from insyn.contracts import import_views, views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="list"),
    path("nytt/", views.contract_create, name="create"),
    path("bevakning/", views.expiring, name="expiring"),
    path("<int:contract_id>/", views.contract_detail, name="detail"),
    path("<int:contract_id>/andra/", views.contract_edit, name="edit"),
    path("<int:contract_id>/avtalsansvarig/", views.appoint, name="appoint"),
    path("<int:contract_id>/avsluta/", views.terminate, name="terminate"),
    path("<int:contract_id>/klassificering/", views.classify, name="classify"),
    path("<int:contract_id>/strategiskt/<int:board_id>/", views.strategic, name="strategic"),
    path("<int:contract_id>/krav/", views.requirement_add, name="requirement_add"),
    path("<int:contract_id>/krav/mallar/", views.requirements_apply, name="requirements_apply"),
    # Import and export (insyn/contracts/import_views.py).
    path("import/", import_views.import_start, name="import"),
    path("import/mall/", import_views.import_template, name="import_template"),
    path("import/<int:import_id>/", import_views.import_status, name="import_status"),
    path("export/", import_views.export, name="export"),
]
