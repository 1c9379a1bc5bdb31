from django.urls import path

from insyn.procurement import views

app_name = "procurement"

urlpatterns = [
    path("", views.procurement_list, name="list"),
    path("ny/", views.procurement_create, name="create"),
    path("<int:procurement_id>/", views.procurement_detail, name="detail"),
    path("<int:procurement_id>/andra/", views.procurement_edit, name="edit"),
    path("<int:procurement_id>/uppfoljning/", views.followup_record, name="followup"),
    path("<int:procurement_id>/starta/", views.procurement_start, name="start"),
    path("<int:procurement_id>/kriterier/", views.criteria, name="criteria"),
    path("<int:procurement_id>/anbud/", views.tender_add, name="tender_add"),
    path("<int:procurement_id>/anbud/<int:tender_id>/", views.tender_evaluate, name="tender"),
    path("<int:procurement_id>/tilldelning/", views.award, name="award"),
    path("<int:procurement_id>/avtal/", views.contract_create, name="contract"),
    path("<int:procurement_id>/overprovning/", views.review_register, name="review"),
    path("<int:procurement_id>/overprovning/beslut/", views.review_decide, name="review_decide"),
    path("<int:procurement_id>/avbryt/", views.procurement_cancel, name="cancel"),
]
