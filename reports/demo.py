"""Demo data of the annual summary's words: 金星乡 has written and submitted (上报) its summary, 柳河镇 has
not, so the county's page shows who has and who has not (seed 000 §五(四)). Idempotent."""
from __future__ import annotations

from typing import Any

from organizations.demo import TOWNSHIP_1

from . import narrative
from .models import SummaryNarrative


def seed(ctx: Any) -> None:
    town = ctx.orgs[TOWNSHIP_1]
    if SummaryNarrative.objects.filter(organization=town, year=ctx.year).exists():
        return
    actor = ctx.users["township"]
    narrative.narrative_save(
        actor=actor, organization=town, year=ctx.year,
        achievements="全乡村(社区)后进党组织全部完成整顿转化，新塘村党支部由后进转为一般；金星村第二党支部获省级先进基层党组织。",
        experience="坚持“四步评定”程序不走样，群众初评、党员评议参会人数均达到要求；争创措施逐项明确责任人和完成时限。",
        problems="部分支部“三会一课”记录不规范；两新组织党支部满意度测评参与人数偏少。",
        next_steps="明年对照年初目标开展半年自查，7月底前上报；加强两新组织党建指导，提升群众满意度。")
    narrative.narrative_submit(actor=actor, organization=town, year=ctx.year)
