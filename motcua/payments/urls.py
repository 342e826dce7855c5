from django.urls import path

from motcua.payments import sandbox, views

app_name = "payments"

urlpatterns = [
    path("dossier/<int:pk>/pay/", views.pay, name="pay"),
    path("dossier/<int:pk>/", views.dossier_fees, name="dossier_fees"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("vnpay/return/", views.vnpay_return, name="vnpay_return"),
    path("vnpay/ipn/", views.vnpay_ipn, name="vnpay_ipn"),
    path("sandbox/pay/", sandbox.sandbox_pay, name="sandbox_pay"),
    path("reconciliation/", views.reconciliation_view, name="reconciliation"),
]
