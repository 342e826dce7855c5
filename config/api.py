"""The JSON API under /api/v1/ (OpenAPI at /api/v1/docs)."""

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from motcua.core.schema import REFUSED_CHARACTER

api = NinjaAPI(
    title="motcua API",
    version="1",
    description="Một cửa điện tử — JSON API. Dữ liệu cá nhân chỉ trả về cho người có quyền.",
    urls_namespace="api",
)

api.add_router("/tracking", "motcua.dossiers.tracking.router")
api.add_router("/dossiers/", "motcua.dossiers.api.router")


@api.get("/health", tags=["system"], summary="Liveness check")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


# Input that does not fit the schema, said in Vietnamese like every other refusal of the
# API ({"detail": "..."}), with each field and what is wrong with it; pydantic's own words
# are English and name its internals.
SCHEMA_ERRORS = {
    "missing": gettext_lazy("bắt buộc, chưa có"),
    "string_type": gettext_lazy("cần là chuỗi ký tự"),
    "string_too_long": gettext_lazy("quá dài"),
    "string_too_short": gettext_lazy("quá ngắn"),
    "int_type": gettext_lazy("cần là số nguyên"),
    "int_parsing": gettext_lazy("cần là số nguyên"),
    "int_from_float": gettext_lazy("cần là số nguyên"),
    "bool_type": gettext_lazy("cần là true hoặc false"),
    "bool_parsing": gettext_lazy("cần là true hoặc false"),
    "greater_than": gettext_lazy("quá nhỏ"),
    "greater_than_equal": gettext_lazy("quá nhỏ"),
    "less_than": gettext_lazy("quá lớn"),
    "less_than_equal": gettext_lazy("quá lớn"),
    "list_type": gettext_lazy("cần là một danh sách"),
    "dict_type": gettext_lazy("cần là một đối tượng"),
    "model_type": gettext_lazy("cần là một đối tượng"),
    "model_attributes_type": gettext_lazy("cần là một đối tượng"),
    "date_type": gettext_lazy("cần là ngày dạng NNNN-TT-NN"),
    "date_parsing": gettext_lazy("cần là ngày dạng NNNN-TT-NN"),
    "date_from_datetime_parsing": gettext_lazy("cần là ngày dạng NNNN-TT-NN"),
    "datetime_type": gettext_lazy("cần là thời điểm dạng ISO 8601"),
    "datetime_parsing": gettext_lazy("cần là thời điểm dạng ISO 8601"),
    "datetime_from_date_parsing": gettext_lazy("cần là thời điểm dạng ISO 8601"),
    "literal_error": gettext_lazy("không thuộc các giá trị cho phép"),
    "enum": gettext_lazy("không thuộc các giá trị cho phép"),
    "too_long": gettext_lazy("quá nhiều phần tử"),
    "value_error": gettext_lazy("không hợp lệ"),
}
PLACES = {"body", "query", "path", "header", "cookie", "form", "file"}


def schema_field(location: Sequence[Any]) -> str:
    """`applicant.phone` from pydantic's ("body", "payload", "applicant", "phone"): the
    body's first step is the view's parameter name, which the caller never wrote."""
    parts = [str(part) for part in location]
    if parts[:1] == ["body"] and len(parts) > 2:
        return ".".join(parts[2:])
    return ".".join(parts[1:] if parts[:1] and parts[0] in PLACES else parts)


def _message(item: dict[str, Any]) -> str:
    if item.get("type") == REFUSED_CHARACTER:  # core.schema.Text: said by the validator
        return str(item.get("msg", ""))
    return str(SCHEMA_ERRORS.get(item.get("type", ""), _("không hợp lệ")))


@api.exception_handler(ValidationError)
def schema_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    errors = [
        {
            "field": schema_field(item.get("loc", ())),
            "message": _message(item),
        }
        for item in error.errors
    ]
    detail = _("Dữ liệu gửi lên không hợp lệ: %(errors)s.") % {
        "errors": "; ".join(
            f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors
        )
    }
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    # A body that is not JSON is refused by ninja before any view, in English.
    unparsable = error.status_code == 400 and isinstance(error.__cause__, ValueError)
    detail = _("Nội dung gửi lên không phải JSON hợp lệ.") if unparsable else error.message
    return api.create_response(request, {"detail": detail}, status=error.status_code)
