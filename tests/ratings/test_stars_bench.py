"""The bench module follows the contract of bench/api.py and runs against the demo county."""
from __future__ import annotations

from bench.api import ScaleContext


def test_bench_module_scales_and_times_a_full_sheet_save(demo, client_for):
    import bench.ratings_stars as b

    branches = [o for o in demo.ctx.orgs.values() if o.kind == "branch"]
    ctx = ScaleContext(orgs=len(branches), county=demo.county, townships=[demo.township, demo.township2], branches=branches,
                       users={"county": demo.users["county"], "township": demo.users["township"], "branch": demo.users["branch"]},
                       campaign=demo.ctx.campaign)
    b.scale(ctx)
    [measure] = b.timed(ctx)
    assert measure.run() > 0
    client = client_for("county")
    for page in b.PAGES:
        assert client.get(page.url(ctx)).status_code == 200
