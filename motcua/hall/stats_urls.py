from django.urls import URLPattern, path

from motcua.hall import stats_views

app_name = "hall_stats"
urlpatterns: list[URLPattern] = [
    path("", stats_views.index, name="index"),
    path("<int:hall_id>/", stats_views.hall_page, name="hall"),
    path("<int:hall_id>/csv/", stats_views.hall_csv, name="csv"),
]
