from django.urls import URLPattern, path

from motcua.hall import booking_views

app_name = "hall_booking"
urlpatterns: list[URLPattern] = [
    path("", booking_views.halls, name="halls"),
    path("<int:hall_id>/", booking_views.book, name="book"),
    path("ok/<str:code>/", booking_views.done, name="done"),
    path("cancel/", booking_views.cancel, name="cancel"),
]
