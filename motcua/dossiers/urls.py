from django.urls import URLPattern, path

app_name = "dossiers"
urlpatterns: list[URLPattern] = []

__all__ = ["path", "urlpatterns"]
