from django.urls import path

from code_of_conduct import views

app_name = "code_of_conduct"

urlpatterns = [
    path("frameworks/", views.framework_list, name="framework_list"),
    path("frameworks/default/", views.framework_create_default, name="framework_create_default"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("frameworks/<int:pk>/copy/", views.framework_copy, name="framework_copy"),
    path("frameworks/<int:pk>/principles/new/", views.principle_create, name="principle_create"),
    path("principles/<int:pk>/edit/", views.principle_edit, name="principle_edit"),
    path("principles/<int:pk>/commitments/new/", views.commitment_create, name="commitment_create"),
    path("commitments/<int:pk>/edit/", views.commitment_edit, name="commitment_edit"),
    path("commitments/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/publish/", views.campaign_publish, name="campaign_publish"),
    path("assessments/", views.my_assessments, name="my_assessments"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path(
        "assessments/<int:pk>/indicators/<int:indicator_pk>/answer/",
        views.answer_save,
        name="answer_save",
    ),
    path(
        "assessments/<int:pk>/indicators/<int:indicator_pk>/evidence/",
        views.evidence_add,
        name="evidence_add",
    ),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="assessment_submit"),
    path("answers/<int:pk>/comment/", views.answer_comment, name="answer_comment"),
    path("assessments/<int:pk>/return/", views.assessment_return, name="assessment_return"),
    path("assessments/<int:pk>/validate/", views.assessment_validate, name="assessment_validate"),
    path("assessments/<int:pk>/workbook/", views.workbook_download, name="workbook_download"),
    path("assessments/<int:pk>/workbook/upload/", views.workbook_upload, name="workbook_upload"),
    path("assessments/<int:pk>/workbook/confirm/", views.workbook_confirm, name="workbook_confirm"),
    path("scorecards/", views.scorecard_list, name="scorecard_list"),
    path("scorecards/<int:pk>/", views.scorecard_detail, name="scorecard_detail"),
    path(
        "scorecards/<int:pk>/export.<str:fmt>",
        views.scorecard_export,
        name="scorecard_export",
    ),
]
