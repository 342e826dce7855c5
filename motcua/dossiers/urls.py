from django.urls import URLPattern

app_name = "dossiers"
urlpatterns: list[URLPattern] = []
