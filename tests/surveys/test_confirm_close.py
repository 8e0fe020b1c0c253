"""Closing a survey round says what happens first (issue #19): its page counts the unused codes and, by
category, who has not answered yet."""
from __future__ import annotations

import html

from surveys import services
from surveys.models import OneTimeCode

from .helpers import new_round


def test_the_close_page_counts_unused_codes_by_category_before_the_round_closes(demo, client_for):
    round_ = new_round(demo)
    services.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": 12, "party_member": 8})
    page = html.unescape(client_for("township").get(f"/surveys/rounds/{round_.pk}/close/").content.decode())
    assert 'id="consequence"' in page
    assert "结束后任何人都不能再凭码答卷" in page
    assert "20 个码中还有 20 个未使用" in page and "尚未投票（按类别）：党员 8 人、普通群众 12 人。" in page
    round_.refresh_from_db()
    assert round_.status == "open"  # looking at the question closes nothing
