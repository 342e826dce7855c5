from django.urls import URLPattern, path

from motcua.indicators import open_data_views

app_name = "open_data"
urlpatterns: list[URLPattern] = [
    path("", open_data_views.page, name="page"),
    path("indicators.csv", open_data_views.as_csv, name="csv"),
    path("indicators.json", open_data_views.as_json, name="json"),
]
