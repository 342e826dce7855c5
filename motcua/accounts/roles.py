"""What each role may do in the admin site.

Rules name an app label and, optionally, a model; they are resolved against content types
at sync time (`role_groups_sync`), so models that other apps add later are covered by the
next sync without this module importing them.
"""

from motcua.accounts.models import Role

# (app_label, model name or None for every model of the app).
ADMIN_PERMISSIONS: dict[str, list[tuple[str, str | None]]] = {
    # The centre manager keeps the procedure catalogue, the calendar and the agencies current.
    Role.CENTRE_MANAGER: [("catalog", None), ("workdays", None), ("units", "agency")],
}

# Roles that may open the admin site at all.
ADMIN_ROLES = frozenset({Role.CENTRE_MANAGER, Role.SYSTEM_ADMIN})

# The system administrator manages users and everything else: a Django superuser.
SUPERUSER_ROLES = frozenset({Role.SYSTEM_ADMIN})
