from django.urls import path

from insyn.challenges import definition_views, views

app_name = "challenges"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("registrera/", views.register, name="register"),
    path("<int:challenge_id>/", views.detail, name="detail"),
    path("<int:challenge_id>/checklista/<int:item_id>/", views.tick, name="tick"),
    path("<int:challenge_id>/nasta-steg/", views.advance, name="advance"),
    path("<int:challenge_id>/lots/", views.assign, name="assign"),
    path("<int:challenge_id>/verksamhet/", views.set_unit, name="set_unit"),
    path("<int:challenge_id>/brev/", views.letter, name="letter"),
    path("<int:challenge_id>/handling/", views.document, name="document"),
    path("<int:challenge_id>/mote/", views.meeting, name="meeting"),
    path("<int:challenge_id>/mote/rattelse/", views.meeting_correct, name="meeting_correct"),
    path("<int:challenge_id>/information/", views.stakeholders, name="stakeholders"),
    path("<int:challenge_id>/konsekvensanalys/", views.analysis, name="analysis"),
    path("<int:challenge_id>/beslut/", views.decision, name="decision"),
    path("<int:challenge_id>/sortera-bort/", views.screen_out, name="screen_out"),
    path("<int:challenge_id>/aterkallad/", views.withdraw, name="withdraw"),
    path("<int:challenge_id>/avslag/", views.reject, name="reject"),
    path("<int:challenge_id>/upphandling/", views.accept, name="accept"),
    path("<int:challenge_id>/upphandling/status/", views.procurement, name="procurement"),
    path(
        "<int:challenge_id>/upphandling/handling/",
        views.procurement_document,
        name="procurement_document",
    ),
    path("<int:challenge_id>/avsluta/", views.complete, name="complete"),
    # The process definitions (administrators).
    path("processer/", definition_views.definition_list, name="definition_list"),
    path(
        "processer/<int:definition_id>/",
        definition_views.definition_detail,
        name="definition_detail",
    ),
    path(
        "processer/<int:definition_id>/ny-version/",
        definition_views.definition_new_version,
        name="definition_new_version",
    ),
    path(
        "processer/<int:definition_id>/andra/",
        definition_views.definition_edit,
        name="definition_edit",
    ),
    path(
        "processer/<int:definition_id>/aktivera/",
        definition_views.definition_activate,
        name="definition_activate",
    ),
    path("processer/<int:definition_id>/steg/ny/", definition_views.step_add, name="step_add"),
    path(
        "processer/<int:definition_id>/steg/<int:step_id>/",
        definition_views.step_edit,
        name="step_edit",
    ),
    path(
        "processer/<int:definition_id>/steg/<int:step_id>/ta-bort/",
        definition_views.step_delete,
        name="step_delete",
    ),
]
