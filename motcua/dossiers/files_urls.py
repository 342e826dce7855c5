"""Routes of the official forms, scanned documents and electronic results, included by
`dossiers.urls` (names are in the `dossiers` namespace: `dossiers:form_pdf`, ...)."""

from django.urls import path

from motcua.dossiers import document_views

urlpatterns = [
    path("ledger/", document_views.ledger_view, name="ledger"),
    path("ledger.pdf", document_views.ledger_pdf_view, name="ledger_pdf"),
    path("<str:code>/forms/<str:form>.pdf", document_views.printed_pdf_view, name="form_pdf"),
    path("<str:code>/files/", document_views.attachments_view, name="attachments"),
    path("<str:code>/files/<int:pk>/", document_views.attachment_download, name="attachment"),
    path("<str:code>/results/", document_views.result_attach_view, name="result_attach"),
    path("<str:code>/results/<int:pk>/", document_views.result_download, name="result"),
    path(
        "<str:code>/results/<int:pk>/revoke/",
        document_views.result_revoke_view,
        name="result_revoke",
    ),
]
