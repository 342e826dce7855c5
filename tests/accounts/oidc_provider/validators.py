import json
from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.accounts.oidc_provider.settings import DIR


def users() -> dict[str, Any]:
    return json.loads((DIR / "users.json").read_text(encoding="utf-8"))


class ClaimsValidator(OAuth2Validator):
    """Releases each test user's claims from the users file, by scope."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "personal_id": "profile"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        return dict(users()[request.user.username]["claims"])
