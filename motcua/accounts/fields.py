"""Form and model fields of the accounts app: personal ID numbers (the rules live in
core.idnumber) and the choice of an officer."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.core.idnumber import InvalidPersonalId, PersonalId, parse_personal_id


def _parse(value: str) -> PersonalId:
    try:
        return parse_personal_id(value)
    except InvalidPersonalId as error:
        raise ValidationError(gettext(error.template) % error.params, code="invalid") from error


def validate_personal_id(value: str) -> None:
    """Model/form validator: a 12-digit personal ID number or a 9-digit old ID card."""
    _parse(value)


class PersonalIdField(forms.CharField):
    """Accepts '001 203 012 345' and cleans it to '001203012345'."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Số định danh cá nhân"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")
        self.widget.attrs.setdefault("autocomplete", "off")

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        return _parse(text).number if text else text


class OfficerChoiceField(forms.ModelChoiceField):
    """An officer by full name and role, as colleagues know them (not the username)."""

    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.get_role_display()})" if obj.role else name
