from django.urls import path

from motcua.workdays import views

app_name = "workdays"
urlpatterns = [path("", views.calendar, name="calendar")]
