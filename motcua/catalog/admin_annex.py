"""The admin page importing a publication decision's annex: upload, see what would change,
then confirm — nothing is saved before the confirmation (annex_apply.py does the work, as
`motcua catalog import-annex` does)."""

import uuid
from datetime import date
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import User
from motcua.catalog.annex import AnnexError
from motcua.catalog.annex_apply import annex_apply, annex_diff
from motcua.catalog.selectors import today

MAX_BYTES = 5 * 1024 * 1024


def _upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "catalog-annex"


class AnnexForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp phụ lục (.xlsx)"))
    on_date = forms.DateField(
        label=gettext_lazy("Áp dụng từ ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decision = forms.CharField(
        label=gettext_lazy("Quyết định công bố"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Ví dụ: Quyết định số 123/QĐ-UBND ngày 01/12/2026 của UBND tỉnh."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx") or upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Cần một tệp .xlsx không quá 5 MB."))
        return upload


class ConfirmForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
    name = forms.CharField(max_length=255, widget=forms.HiddenInput)
    on_date = forms.DateField(widget=forms.HiddenInput)
    decision = forms.CharField(max_length=300, required=False, widget=forms.HiddenInput)


def annex_view(request: HttpRequest, context: dict[str, object]) -> HttpResponse:
    """GET: the upload form; POST without `token`: the preview; POST with it: apply."""
    user = request.user
    if not isinstance(user, User) or not user.has_perm("catalog.add_procedureversion"):
        raise PermissionDenied
    if request.method == "POST" and "token" in request.POST:
        return _apply(request, user)
    form = AnnexForm(request.POST or None, request.FILES or None, initial={"on_date": today()})
    context = {**context, "form": form, "title": _("Nhập phụ lục quyết định công bố")}
    if request.method == "POST" and form.is_valid():
        token = uuid.uuid4()
        path = _upload_dir() / f"{token.hex}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            for chunk in form.cleaned_data["file"].chunks():
                out.write(chunk)
        try:
            changes, notes = annex_diff(path, form.cleaned_data["on_date"])
        except (OSError, AnnexError, ValueError) as error:
            path.unlink(missing_ok=True)
            form.add_error("file", str(error))
        else:
            context |= {
                "changes": changes,
                "notes": notes,
                "on_date": form.cleaned_data["on_date"],
                "confirm": ConfirmForm(
                    initial={
                        "token": token,
                        "name": form.cleaned_data["file"].name,
                        "on_date": form.cleaned_data["on_date"],
                        "decision": form.cleaned_data["decision"],
                    }
                ),
            }
            if not changes:
                path.unlink(missing_ok=True)
    return TemplateResponse(request, "admin/catalog/import_annex.html", context)


def _apply(request: HttpRequest, user: User) -> HttpResponse:
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied
    path = _upload_dir() / f"{form.cleaned_data['token'].hex}.xlsx"
    if not path.exists():
        messages.error(request, _("Tệp đã hết hạn hoặc đã được nhập; hãy tải lên lại."))
        return HttpResponseRedirect(reverse("admin:catalog_import_annex"))
    on_date: date = form.cleaned_data["on_date"]
    try:
        created = annex_apply(
            actor=user,
            path=path,
            on_date=on_date,
            decision=form.cleaned_data["decision"],
            source_name=form.cleaned_data["name"],
        )
    except (AnnexError, ValueError) as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(reverse("admin:catalog_import_annex"))
    finally:
        path.unlink(missing_ok=True)
    messages.success(
        request,
        _("Đã tạo %(count)s phiên bản mới, áp dụng từ %(day)s.")
        % {"count": len(created), "day": on_date.strftime("%d/%m/%Y")},
    )
    return HttpResponseRedirect(reverse("admin:catalog_procedureversion_changelist"))
