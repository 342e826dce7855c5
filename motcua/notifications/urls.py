"""The inbox's pages. config/urls.py serves them with the delivery log's
(`motcua.dossiers.delivery_log_urls`) in one `notifications` namespace."""

from django.urls import path

from motcua.notifications import views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_read, name="mark_all_read"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
]
