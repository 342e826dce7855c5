from django.urls import URLPattern, path

from motcua.hall import device_views, views

app_name = "hall"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<int:hall_id>/kiosk/", views.kiosk, name="kiosk"),
    path("<int:hall_id>/kiosk/check-in/", views.check_in, name="check_in"),
    path("<int:hall_id>/board/", views.board, name="board"),
    path("<int:hall_id>/events/", views.board_events, name="events"),
    path("<int:hall_id>/devices/", device_views.devices, name="devices"),
    path("devices/<int:device_id>/<slug:action>/", device_views.device_act, name="device_act"),
    path("enrol/<int:device_id>/<str:secret>/", device_views.enrol_link, name="device_enrol"),
    path("t/<str:token>/", views.follow, name="follow"),
    path("t/<str:token>/ticket/", views.ticket, name="ticket"),
    path("counter/<int:counter_id>/", views.counter_panel, name="counter"),
    path("counter/<int:counter_id>/rating/", views.rating, name="rating"),
    path("counter/<int:counter_id>/<slug:action>/", views.counter_act, name="counter_act"),
]
