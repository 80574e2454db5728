from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from accounts import views as account_views
from core.views.health import healthz, readyz
from core.views.metrics import metrics_view

admin.site.site_header = "CICA Secretariat"
admin.site.site_title = "CICA Secretariat Portal"
admin.site.index_title = "Partnership for Security and Development in Asia"

# Errors outside a DRF view: JSON under /api/, the portal's styled pages elsewhere (core.views.errors).
handler400 = "core.views.errors.bad_request"
handler403 = "core.views.errors.permission_denied"
handler404 = "core.views.errors.page_not_found"
handler500 = "core.views.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # liveness
    path("readyz", readyz, name="readyz"),  # readiness: the database answers
    path("metrics", metrics_view, name="metrics"),  # Prometheus, for the operator (core.metrics)
    path("admin/", admin.site.urls),
    path("api/", include("cica_portal.api_urls")),
    path("notifications/", include("notifications.urls")),
    path("i18n/setlang/", account_views.set_language, name="set_language"),  # also saved on the account
    path("portal/account/", include("accounts.urls")),
    path("portal/", include("portal.urls")),
    path("portal/", include("measures.urls")),
    path("portal/", include("secretariat.urls")),
    path("portal/", include("chairmanship.urls")),
    path("portal/", include("relations.urls")),
    path("portal/", include("search.urls")),
    path("portal/", include("printouts.urls")),
    path("portal/", include("participation.urls")),
    path("portal/", include("speakers.urls")),
    path("portal/", include("silence.urls")),
    path("", RedirectView.as_view(url="/portal/", permanent=False)),
]
