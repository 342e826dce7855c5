from django.urls import path

from motcua.portal import personal_data_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("apply/<str:procedure_code>/", views.eform, name="form"),
    path("files/<int:pk>/", views.draft_file, name="draft_file"),
    path("dossiers/", views.my_dossiers, name="my_dossiers"),
    path("dossiers/<int:pk>/", views.dossier, name="dossier"),
    path("dossiers/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("dossiers/<int:pk>/stop/", views.stop_request, name="stop_request"),
    path("dossiers/<int:pk>/supplement/", views.supplement, name="supplement"),
    path("dossiers/<int:pk>/notices/<str:form>.pdf", views.notice, name="notice"),
    path("my-data/", personal_data_views.my_data, name="my_data"),
]
