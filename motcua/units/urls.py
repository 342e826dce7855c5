from django.urls import path
from django.views.generic import TemplateView

app_name = "units"
urlpatterns = [path("resolve/", TemplateView.as_view(template_name="base.html"), name="resolve")]
