from django.urls import path

from aid_tracking import views, views_dashboard

app_name = "aid_tracking"

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/publish/", views.activity_publish, name="activity_publish"),
    path("activities/<int:pk>/unpublish/", views.activity_unpublish, name="activity_unpublish"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/history/", views.activity_history, name="activity_history"),
    path("organisations/<int:pk>/", views.organization_profile, name="organization_profile"),
    path("currency/", views.set_display_currency, name="set_display_currency"),
    path("exchange-rates/", views.exchange_rate_list, name="exchange_rate_list"),
    path("exchange-rates/new/", views.exchange_rate_create, name="exchange_rate_create"),
    path("exchange-rates/<int:pk>/edit/", views.exchange_rate_edit, name="exchange_rate_edit"),
    # --- Dashboard, indicators and data quality (branch aid_dash) ---
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("indicators/", views_dashboard.indicator_overview, name="indicator_overview"),
    path("indicators/<str:code>/", views_dashboard.indicator_detail, name="indicator_detail"),
    path("data-quality/", views_dashboard.data_quality, name="data_quality"),
    path(
        "data-quality/<int:pk>/",
        views_dashboard.data_quality_organization,
        name="data_quality_organization",
    ),
]
