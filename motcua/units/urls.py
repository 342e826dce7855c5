from django.urls import path

from motcua.units import views

app_name = "units"
urlpatterns = [
    path("resolve/", views.resolve, name="resolve"),
    path("<int:pk>/", views.unit_detail, name="detail"),
]
