from django.contrib.auth.backends import ModelBackend


class LockoutModelBackend(ModelBackend):
    """Placeholder: the accounts work adds lockout after repeated failures."""
