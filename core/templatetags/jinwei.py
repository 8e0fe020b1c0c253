from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


@register.simple_tag
def code_input_pattern() -> str:
    """The <input pattern> of a one-time code (core/rules_codes.py): a hint to the phone's browser."""
    from core.rules_codes import CODE_INPUT_PATTERN

    return CODE_INPUT_PATTERN


@register.simple_tag
def code_placeholder() -> str:
    from core.rules_codes import CODE_PLACEHOLDER

    return CODE_PLACEHOLDER


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """``?…&page=N`` keeping every other parameter of the current URL (search and filters stay on)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else None
    if params is None:
        from django.http import QueryDict

        params = QueryDict(mutable=True)
    params["page"] = str(number)
    return "?" + params.urlencode()


@register.filter
def source_text(value) -> str:
    """A rule's source as people read it: the document's title and clause, not "seed 000 §…"."""
    from core.sources import source_text as _source_text

    return _source_text(value)
