"""`{% load notifications %}{% unread_notifications as count %}`: the signed-in person's
unread in-app messages, for a badge in the navigation."""

from typing import Any

from django import template

from motcua.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_count(user=user) if user is not None else 0
