"""The delivery log's pages: config/urls.py serves them in the `notifications` namespace,
beside the citizen's inbox, so their URLs and names are the outbox's."""

from django.urls import path

from motcua.dossiers import delivery_log_views

urlpatterns = [
    path("log/", delivery_log_views.log, name="log"),
    path("log/<int:pk>/retry/", delivery_log_views.retry, name="retry"),
]
