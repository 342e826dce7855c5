from django.urls import path

from motcua.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("field/<slug:slug>/", views.field_detail, name="field"),
    # A procedure by slug or by national code ("1.001193").
    path("<str:key>/", views.procedure_detail, name="detail"),
]
