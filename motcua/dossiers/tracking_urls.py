from django.urls import path

from motcua.dossiers import tracking_views

app_name = "tracking"
urlpatterns = [
    path("", tracking_views.tracking_search, name="search"),
    path("q/<str:token>/", tracking_views.tracking_qr, name="qr"),
]
