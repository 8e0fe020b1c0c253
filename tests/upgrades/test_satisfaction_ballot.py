"""The anonymous online satisfaction ballot (满意度测评, seed 000 §五(二)): one-time codes per category,
one vote per code, counters only, results and quorum when the superior closes it."""
import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from upgrades import services as s
from upgrades.models import SatisfactionCode, SatisfactionCount

pytestmark = pytest.mark.django_db


def _self_check(demo):
    # seed 000 §五: the self-check meeting comes first (东方村: 36 members, an assembly)
    import datetime

    s.yearend_self_check(actor=demo.users["branch"], campaign=demo.ctx.campaign, organization=demo.branch, report="自查",
                         meeting_date=datetime.date.today(), party_members=30, initial_level="average")


def _open(demo, **codes):
    _self_check(demo)
    return s.satisfaction_ballot_open(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=demo.branch,
                                      codes=codes)


def test_only_the_superior_opens_the_ballot(demo):
    _self_check(demo)
    with pytest.raises(Http404):
        s.satisfaction_ballot_open(actor=demo.users["branch"], campaign=demo.ctx.campaign, organization=demo.branch,
                                   codes={"masses": 3})


def test_each_code_votes_once_and_only_counters_are_kept(demo):
    ye = _open(demo, party_member=40, masses=18, service_recipient=2)
    codes = list(SatisfactionCode.objects.filter(year_end=ye).order_by("category", "code"))
    masses = [c for c in codes if c.category == "masses"]
    s.satisfaction_ballot_cast(code=masses[0].code.lower(), choice="satisfied")
    with pytest.raises(ValidationError):
        s.satisfaction_ballot_cast(code=masses[0].code, choice="dissatisfied")
    with pytest.raises(ValidationError):
        s.satisfaction_ballot_cast(code=masses[1].code, choice="maybe")
    with pytest.raises(ValidationError):
        s.satisfaction_ballot_cast(code="NOPE", choice="satisfied")
    s.satisfaction_ballot_cast(code=masses[1].code, choice="basically")
    assert SatisfactionCount.objects.get(year_end=ye, category="masses", choice="satisfied").count == 1
    assert {f.name for f in SatisfactionCount._meta.get_fields()} == {"id", "year_end", "category", "choice", "count"}
    for code in codes:  # everybody else votes too: 60 took part, 18 of them masses = exactly 30%
        if code.code not in (masses[0].code, masses[1].code):
            s.satisfaction_ballot_cast(code=code.code, choice="satisfied")
    ye = s.satisfaction_ballot_close(actor=demo.users["township"], year_end=ye)
    # two service recipients are below the small-group threshold (5): only totals are kept (docs/rules.md §14)
    assert ye.sat_counts == {"all": {"satisfied": 59, "basically": 1, "dissatisfied": 0}}
    assert ye.sat_quorum_ok  # 60 took part, 18 masses = exactly 30%
    with pytest.raises(ValidationError):  # closed
        s.satisfaction_ballot_cast(code=masses[2].code, choice="satisfied")


def test_a_short_masses_share_is_reported_on_close(demo):
    ye = _open(demo, party_member=43, masses=17)
    for code in SatisfactionCode.objects.filter(year_end=ye):
        s.satisfaction_ballot_cast(code=code.code, choice="satisfied")
    ye = s.satisfaction_ballot_close(actor=demo.users["township"], year_end=ye)
    assert not ye.sat_quorum_ok and "30" in ye.sat_quorum_summary


def test_paper_totals_are_refused_once_an_online_ballot_is_used(demo):
    _open(demo, masses=5)
    with pytest.raises(ValidationError):
        s.yearend_satisfaction(actor=demo.users["township"], campaign=demo.ctx.campaign, organization=demo.branch,
                               attendance={"masses": 5}, counts={})
