from django.urls import URLPattern, URLResolver, include, path

from motcua.dossiers import my_day_views, views

app_name = "dossiers"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue, name="queue"),
    path("export.xlsx", views.queue_export, name="queue_export"),
    path("my-day/", my_day_views.my_day_page, name="my_day"),
    path("online/", views.online_queue, name="online_queue"),
    path("receive/", views.receive, name="receive"),
    path("receive/procedures/", views.receive_procedures, name="receive_procedures"),
    path("receive/applicant/", views.receive_applicant, name="receive_applicant"),
    path("", include("motcua.dossiers.files_urls")),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/actions/<str:action>/", views.act, name="act"),
]
