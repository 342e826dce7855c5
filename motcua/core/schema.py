"""Types the JSON API's schemas share."""

from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from motcua.core.input import refusal_message
from motcua.core.text import TextRefused, stored_text

REFUSED_CHARACTER = "refused_character"  # the pydantic error type, said in Vietnamese


def _text(value: str) -> str:
    try:
        return stored_text(value)
    except TextRefused as error:
        # The message is already the caller's language (config.api shows it as it is).
        raise PydanticCustomError(REFUSED_CHARACTER, refusal_message(error)) from None


# Every text the API takes, through the one normalisation (core.text.stored_text): NFC,
# zero-width characters removed; a 422 naming the field for a control character, a bidi
# override or a lone surrogate.
Text = Annotated[str, AfterValidator(_text)]


class FieldError(Schema):
    field: str = Field(description="Trường sai, ví dụ applicant.name")
    message: str


class InvalidInput(Schema):
    """The answer 422: the input does not fit the schema or the rules of text."""

    detail: str
    errors: list[FieldError]
