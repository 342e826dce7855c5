"""A real OpenID Connect provider for the tests: django-oauth-toolkit in OIDC mode, as a
separate tiny Django project run in a subprocess (see server.py). It stands in for the
national identity provider (VNeID): login page, consent, discovery, JWKS, RS256 ID
tokens, user info with the claims listed in the users file."""
