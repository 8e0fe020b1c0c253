"""The county inbox is decided, filtered, sorted and paged in SQL (``county_inbox_queryset``): what it
says of each application (waiting for what, overdue, days) is what the rules say, whatever the day; its
filters keep the URL's parameters; the dashboard counts what the inbox lists."""
from __future__ import annotations

import datetime

from django.utils import timezone

from ratings.stars.choices import AppState
from ratings.stars.models import StarApplication
from ratings.stars.selectors import (INBOX_WAITING, county_inbox_counts, county_inbox_items, county_inbox_queryset,
                                     inbox_items)


def _spread(demo) -> None:
    """Applications in every state the inbox reads, some waiting long, a notice running and one ended."""
    today = timezone.localdate()
    apps = list(StarApplication.objects.order_by("pk"))
    states = [AppState.ASSESSED, AppState.INSPECTED, AppState.NOTICE]
    for i, app in enumerate(apps):
        app.state = states[i % 3]
        app.state_since = timezone.now() - datetime.timedelta(days=(i * 7) % 40)
        app.notice_end = (today + datetime.timedelta(days=3 - (i % 2) * 10)) if app.state == AppState.NOTICE else None
        app.proposed_level = [None, 2, 4, 5][i % 4]
        app.requested_level = 3
    StarApplication.objects.bulk_update(apps, ["state", "state_since", "notice_end", "proposed_level", "requested_level"])


def test_inbox_lines_follow_the_rules_on_any_day(demo):
    _spread(demo)
    county = demo.users["county"]
    review_days = demo.ctx.campaign.ruleset.setting("star_review_days")
    for shift in (0, 5, review_days + 20):
        today = timezone.localdate() + datetime.timedelta(days=shift)
        items = county_inbox_items(county, today)
        assert items, "the inbox has lines"
        assert {i.waiting_for for i in items} <= set(INBOX_WAITING)
        for item in items:
            app = StarApplication.objects.get(pk=item.pk)
            if item.waiting_for == "notice_running":
                assert app.notice_end >= today and not item.overdue
            since = app.notice_end if (app.state == AppState.NOTICE and app.notice_end and app.notice_end < today) \
                else timezone.localtime(app.state_since).date()
            assert item.days_waiting == (today - since).days
            if item.waiting_for != "notice_running":
                assert item.overdue == (item.days_waiting > review_days)
        keys = [(not i.overdue, -i.days_waiting) for i in items]
        assert keys == sorted(keys)  # overdue first, then the longest waiting
        waiting, late = county_inbox_counts(county, today)
        assert waiting == len([i for i in items if i.waiting_for != "notice_running"])
        assert late == len([i for i in items if i.overdue])
        for what in INBOX_WAITING:
            assert [i.pk for i in inbox_items(county_inbox_queryset(county, today, waiting=what), today)] == \
                [i.pk for i in items if i.waiting_for == what]
        assert [i.pk for i in inbox_items(county_inbox_queryset(county, today, overdue=True), today)] == \
            [i.pk for i in items if i.overdue]


def test_inbox_page_filters_stay_in_the_url_and_a_hostile_filter_is_no_filter(demo, client_for):
    _spread(demo)
    client = client_for("county")
    all_lines = client.get("/ratings/stars/inbox/")
    assert all_lines.status_code == 200
    for query in ("?waiting=nonsense", "?overdue=abc", "?page=abc", "?q=" + "村" * 200):
        assert client.get("/ratings/stars/inbox/" + query).status_code == 200
    html = client.get("/ratings/stars/inbox/?waiting=inspect").content.decode()
    assert 'value="inspect" selected' in html
