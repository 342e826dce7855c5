from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.api import api
from motcua.accounts.views import language_choose
from motcua.dossiers import delivery_log_urls
from motcua.notifications import urls as notifications_urls

urlpatterns = [
    path("api/v1/", api.urls),
    # Django's set_language, which also keeps the choice on the signed-in account.
    path("i18n/setlang/", language_choose, name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("motcua.accounts.urls")),
    path("units/", include("motcua.units.urls")),
    path("workdays/", include("motcua.workdays.urls")),
    path("procedures/", include("motcua.catalog.urls")),
    path("dossiers/", include("motcua.dossiers.urls")),
    path("hall/stats/", include("motcua.hall.stats_urls")),
    path("hall/book/", include("motcua.hall.booking_urls")),
    path("hall/", include("motcua.hall.urls")),
    path("tracking/", include("motcua.dossiers.tracking_urls")),
    path("verify/", include("motcua.dossiers.verify_urls")),
    path("portal/", include("motcua.portal.urls")),
    path("payments/", include("motcua.payments.urls")),
    # One namespace for the citizen's inbox (the outbox's pages) and the officers'
    # delivery log (scoped by dossier, so it lives with the dossiers).
    path(
        "notifications/",
        include((notifications_urls.urlpatterns + delivery_log_urls.urlpatterns, "notifications")),
    ),
    path("feedback/", include("motcua.feedback.urls")),
    path("indicators/", include("motcua.indicators.urls")),
    path("open-data/", include("motcua.indicators.open_data_urls")),
    path("", include("motcua.core.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
