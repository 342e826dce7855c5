from django.urls import path

from motcua.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_read, name="mark_all_read"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("log/", views.log, name="log"),
    path("log/<int:pk>/retry/", views.retry, name="retry"),
]
