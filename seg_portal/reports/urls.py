from django.urls import path

from seg_portal.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("manage/", views.manage, name="manage"),
    path("subscriptions/", views.subscriptions, name="subscriptions"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/retry/", views.retry, name="retry"),
]
