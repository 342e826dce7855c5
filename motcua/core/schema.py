"""Types the JSON API's schemas share."""

from typing import Annotated

from pydantic import AfterValidator

from motcua.core.text import stored_text

# Every text the API takes: NFC, refused (a 422 naming the field) with a control character.
Text = Annotated[str, AfterValidator(stored_text)]
