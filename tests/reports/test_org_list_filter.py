"""The organisation list behind the dashboard's numbers filters with django-filter (reports.filters): a
valid parameter filters and stays in the page links; a hostile one is no filter, never a 500; a year that
is not one of the rating cycle is a 404 on the dashboard."""
from __future__ import annotations

from django.http import QueryDict
from django.utils import timezone

from reports.filters import OrgListFilter

HUGE = str(2**63)


def test_valid_parameters_filter_and_hostile_ones_are_no_filter(demo):
    user = demo.users["county"]
    everything = list(OrgListFilter(QueryDict(""), user=user).qs)
    villages = OrgListFilter(QueryDict("domain=village"), user=user)
    assert villages.params() == {"domain": "village"}
    assert 0 < villages.qs.count() < len(everything)
    assert {o.domain for o in villages.qs} == {"village"}
    group = OrgListFilter(QueryDict(f"group={demo.township.pk}"), user=user)
    assert {o.path[:len(demo.township.path)] for o in group.qs} == {demo.township.path}
    for hostile in ("group=abc", f"group={HUGE}", "group=-1", "group=²", "domain=nowhere", "state=zz", "level=zz",
                    "stars=0", "stars=abc", "overdue=2", "year=abc", "year=99999", f"year={HUGE}", "year=1e400"):
        f = OrgListFilter(QueryDict(hostile), user=user)
        assert f.params() == {}, hostile
        assert list(f.qs) == everything, hostile
        assert f.the_year() == timezone.localdate().year


def test_the_list_and_export_answer_hostile_filters_and_the_dashboard_refuses_a_bad_year(demo, client_for):
    client = client_for("county")
    for url in ("/reports/organisations/", "/reports/organisations/export/"):
        assert client.get(url, {"group": "abc", "stars": "²", "year": HUGE, "state": "x"}).status_code == 200, url
    assert client.get("/reports/dashboard/", {"year": "abc"}).status_code == 404
    assert client.get("/reports/dashboard/", {"year": timezone.localdate().year}).status_code == 200
    page = client.get("/reports/organisations/", {"domain": "village", "group": "abc"}).content.decode()
    assert "domain=village" in page or "page=" not in page  # links keep the filters that parsed, drop the rest
    assert "group=abc" not in page
