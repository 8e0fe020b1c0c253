"""The survey bench module works against the contract of bench/api.py (on the demo county)."""
from __future__ import annotations

import pytest

from bench.api import ScaleContext

pytestmark = pytest.mark.django_db


def test_scale_pages_and_timed_measurements_run(demo, client_for):
    import bench.surveys as module
    from surveys.models import Response, SurveyRound

    branches = [o for o in demo.ctx.orgs.values() if o.kind == "branch"]
    ctx = ScaleContext(orgs=len(demo.ctx.orgs), county=demo.county, townships=[demo.township, demo.township2],
                       branches=branches, users={"county": demo.users["county"], "township": demo.users["township"],
                                                 "branch": demo.users["branch"]}, campaign=demo.ctx.campaign)
    before = Response.objects.count()
    module.scale(ctx)
    assert SurveyRound.objects.filter(title__endswith="问卷调查").count() == len(branches)
    assert Response.objects.count() - before >= 20 * len(branches)
    client = client_for("township")
    for page in module.PAGES:
        assert client.get(page.url(ctx)).status_code == 200, page.name
    timed = {t.name: t for t in module.timed(ctx)}
    assert set(timed) == {"import:survey-excel-5000", "pdf:survey-slips-100"}
    assert timed["pdf:survey-slips-100"].run() > 0
