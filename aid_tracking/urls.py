from django.urls import path

from aid_tracking import api, views, views_dashboard, views_io

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
    # --- Import and export (IATI, CSV, XLSX) and the open-data API (branch aid_io) ---
    path("import/iati/", views_io.iati_import, name="iati_import"),
    path("import/iati/<str:token>/", views_io.iati_import_job, name="iati_import_job"),
    path(
        "import/iati/<str:token>/confirm/",
        views_io.iati_import_confirm,
        name="iati_import_confirm",
    ),
    path("export/iati/", views_io.iati_export, name="iati_export"),
    path("import/table/", views_io.table_import, name="table_import"),
    path(
        "import/table/<str:token>/confirm/",
        views_io.table_import_confirm,
        name="table_import_confirm",
    ),
    path(
        "import/templates/<str:kind>.<str:fmt>",
        views_io.table_template,
        name="table_template",
    ),
    path("export/activities.<str:fmt>", views_io.activity_export, name="activity_export"),
    path("export/transactions.<str:fmt>", views_io.transaction_export, name="transaction_export"),
    path("api/activities/", api.activity_list, name="api_activities"),
    path("api/activities/<path:iati_identifier>/", api.activity_detail, name="api_activity"),
    path("api/transactions/", api.transaction_list, name="api_transactions"),
]
