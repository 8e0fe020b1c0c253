from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
