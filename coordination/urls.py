from django.urls import path

from . import views

app_name = "coordination"

urlpatterns = [
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<int:pk>/members/", views.member_add, name="member_add"),
    path(
        "bodies/<int:pk>/members/<int:membership_pk>/edit/",
        views.member_edit,
        name="member_edit",
    ),
    path(
        "bodies/<int:pk>/members/<int:membership_pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "bodies/<int:pk>/members/<int:membership_pk>/representative/",
        views.representative_set,
        name="representative_set",
    ),
    path(
        "bodies/<int:pk>/representatives/<int:representative_pk>/remove/",
        views.representative_remove,
        name="representative_remove",
    ),
    path("bodies/<int:pk>/terms/", views.chair_term_add, name="chair_term_add"),
    path("bodies/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("bodies/<int:pk>/calendar.ics", views.body_feed, name="body_feed"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/move/", views.agenda_move, name="agenda_move"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/remove/", views.agenda_remove, name="agenda_remove"
    ),
    path("meetings/<int:pk>/invitations/", views.invitations_send, name="invitations_send"),
    path("meetings/<int:pk>/reply/", views.invitation_reply, name="invitation_reply"),
    path("meetings/<int:pk>/attendance/", views.attendance_record, name="attendance_record"),
    path("meetings/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("meetings/<int:pk>/minutes/", views.minutes_save, name="minutes_save"),
    path("meetings/<int:pk>/minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path("meetings/<int:pk>/minutes/publish/", views.minutes_publish, name="minutes_publish"),
    path("meetings/<int:pk>/minutes/unpublish/", views.minutes_unpublish, name="minutes_unpublish"),
    path("meetings/<int:pk>/checklist/", views.checklist_answer, name="checklist_answer"),
    path("meetings/<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path(
        "invitations/<str:token>/",
        views.invitation_reply_by_token,
        name="invitation_reply_by_token",
    ),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path(
        "documents/<int:pk>/public/",
        views.public_document_download,
        name="public_document_download",
    ),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("minutes/", views.minutes_list, name="minutes_list"),
    path("minutes/<int:pk>/", views.minutes_public, name="minutes_public"),
    path("checklist/", views.checklist_questions, name="checklist_questions"),
    path(
        "checklist/<int:question_pk>/",
        views.checklist_question_edit,
        name="checklist_question_edit",
    ),
    path("decisions/", views.decision_register, name="decision_register"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("calendar/", views.calendar_month, name="calendar_month"),
    path("calendar/list/", views.calendar_list, name="calendar_list"),
    path("calendar/feed/", views.calendar_feed_settings, name="calendar_feed_settings"),
    path("calendar/feed/<str:token>.ics", views.user_feed, name="user_feed"),
    path("context/", views.context_list, name="context_list"),
    path("context/new/", views.context_create, name="context_create"),
    path("context/<int:pk>/edit/", views.context_edit, name="context_edit"),
    path("context/<int:pk>/delete/", views.context_delete, name="context_delete"),
]
