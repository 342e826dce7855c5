from django.urls import URLPattern, path

from motcua.indicators import sheet_views, views

app_name = "indicators"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("template.xlsx", sheet_views.template, name="template"),
    path("<int:unit_id>/", views.dashboard, name="dashboard"),
    path("<int:unit_id>/indicator/<int:indicator_id>/", views.indicator, name="indicator"),
    path("<int:unit_id>/report.<str:fmt>", views.report, name="report"),
    path("<int:unit_id>/export.xlsx", sheet_views.export, name="export"),
    path("<int:unit_id>/import/", sheet_views.sheet_upload, name="import"),
    path("<int:unit_id>/figure/", sheet_views.figure_entry, name="entry"),
    path("<int:unit_id>/warnings/<int:warning_id>/accept/", views.accept, name="accept"),
    path("<int:unit_id>/publish/", views.publish, name="publish"),
]
