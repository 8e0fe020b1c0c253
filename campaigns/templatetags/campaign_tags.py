"""``{% campaign_switcher %}``: the one campaign switcher of every page that lists things per campaign.

It offers the campaigns the user may see (campaigns.selectors.campaigns_for) and marks the one the page
works on: the page's ``campaign`` in the context, else the one ``campaign_for_request`` reads from the
request. Choosing another keeps every other query parameter (filters, search) except the page number.
"""
from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("campaigns/_campaign_switcher.html", takes_context=True)
def campaign_switcher(context: Any) -> dict[str, Any]:
    from campaigns.selectors import campaign_for_request, campaigns_for

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"campaigns": []}
    current = context.get("campaign")
    if current is None:
        current = campaign_for_request(request)
    campaigns = list(campaigns_for(request.user).order_by("-year", "scope__path"))
    keep = [(key, value) for key, values in request.GET.lists() if key not in ("campaign", "page") for value in values]
    return {"campaigns": campaigns, "current": current, "keep": keep}
