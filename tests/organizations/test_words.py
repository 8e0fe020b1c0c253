"""A duplicate name is refused with a real sentence, not Django's generic "包含 … 的 … 已经存在"."""
from __future__ import annotations

from django.urls import reverse


def test_a_duplicate_name_under_the_same_parent_reads_as_a_sentence(demo, client_for):
    response = client_for("township").post(reverse("organizations:org-create", kwargs={"pk": demo.township.pk}), {
        "name": demo.branch.name, "kind": "branch", "domain": "village", "member_count": 0, "reason": "重复"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "上级组织下已有同名的组织，请换一个名称。" in html
    assert "已经存在" not in html
