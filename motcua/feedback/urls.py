from django.urls import path

from motcua.feedback import views

app_name = "feedback"

urlpatterns = [
    path("rate/<int:dossier_pk>/", views.rate, name="rate"),
    path("new/", views.new, name="new"),
    path("mine/", views.mine, name="mine"),
    path("inbox/", views.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/file/", views.attachment, name="attachment"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/close/", views.close, name="close"),
]
