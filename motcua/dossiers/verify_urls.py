"""The public verification of electronic results, mounted at /verify/."""

from django.urls import path

from motcua.dossiers import views

app_name = "verify"

urlpatterns = [
    path("", views.verify_search, name="search"),
    path("<str:code>/", views.verify_check, name="check"),
]
