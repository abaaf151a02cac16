"""`{% electoral_can user "operate" as flag %}`: whether a user may open the operators' (or the
deciders') pages, so shared fragments such as the election tabs show only links that open."""

from django import template

from electoral.roles import DECIDERS, OPERATORS

register = template.Library()

_ROLES = {"operate": OPERATORS, "decide": DECIDERS}


@register.simple_tag
def electoral_can(user, what: str) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*_ROLES[what]))
