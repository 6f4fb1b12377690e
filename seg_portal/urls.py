from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from seg_portal import views

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("SEG Portal administration")
admin.site.site_title = _("SEG Portal")

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("i18n/language/", views.switch_language, name="switch_language"),
    path("accounts/", include("allauth.urls")),
    path("people/", include("seg_portal.accounts.urls")),
    path("reports/", include("seg_portal.reports.urls")),
    path("aid/", include("aid_tracking.urls")),
    path("coordination/", include("coordination.urls")),
    path("code-of-conduct/", include("code_of_conduct.urls")),
    path("admin/", admin.site.urls),
]
