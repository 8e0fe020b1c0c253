"""Excel import and export of the organisation list: all rows are checked first, any error imports
nothing and names the row and the column in Chinese; importing the same file again updates in place."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from organizations import importers
from organizations.importers import COLUMNS, organizations_import
from organizations.models import Organization
from core.models import AuditEvent
from core.xlsx import XlsxError

HEADERS = ["组织名称", "上级组织", "组织类型", "领域", "党员人数", "书记姓名", "联系电话"]

GOOD_ROWS = [
    ["幸福村党支部", "金星乡党委", "党支部", "村", 23, "马红", "13900000001"],
    ["金星商会党支部", "金星乡党委", "党支部", "社会组织", 8, "牛力", "13900000002"],
    ["白沙村党总支", "金星乡党委", "党总支", "村", 0, "", ""],
    ["白沙村第一党支部", "白沙村党总支", "党支部", "村", 31, "白一", ""],
]


def xlsx(rows, headers=HEADERS) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    if headers:
        ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def run_import(demo, rows=GOOD_ROWS, actor="township", root=None, **kwargs):
    return organizations_import(actor=demo.users[actor], root=root or demo.township, upload=xlsx(rows, **kwargs))


def errors_of(exc_info) -> list[str]:
    return [str(e) for e in exc_info.value.errors]


def test_a_good_file_creates_every_row_under_the_right_parent(demo):
    result = run_import(demo)
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    first = Organization.objects.get(name="白沙村第一党支部")
    assert first.parent.name == "白沙村党总支" and first.parent.parent == demo.township
    assert first.path == f"{first.parent.path}{first.pk:08d}/"
    assert first.member_count == 31 and first.kind == "branch" and first.domain == "village"
    assert Organization.objects.get(name="金星商会党支部").domain == "social_org"
    assert AuditEvent.objects.filter(action="organization.import_create").count() == 4


def test_importing_the_same_file_again_updates_instead_of_duplicating(demo):
    run_import(demo)
    count = Organization.objects.count()
    again = run_import(demo)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert Organization.objects.count() == count
    changed = [list(r) for r in GOOD_ROWS]
    changed[0][4] = 25
    third = run_import(demo, changed)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 3)
    assert Organization.objects.get(name="幸福村党支部").member_count == 25


def test_a_bad_row_imports_nothing_and_names_row_and_column(demo):
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][4] = "abc"  # sheet row 3
    count = Organization.objects.count()
    with pytest.raises(XlsxError) as exc:
        run_import(demo, rows)
    assert Organization.objects.count() == count
    assert [(e.row, e.column) for e in exc.value.errors] == [(3, "党员人数")]
    assert errors_of(exc) == ["第 3 行，“党员人数”列：不是大于等于 0 的整数"]


def test_the_import_page_shows_the_error_in_chinese_and_imports_nothing(demo, client_for):
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][4] = "abc"
    upload = SimpleUploadedFile("组织.xlsx", xlsx(rows).getvalue())
    count = Organization.objects.count()
    response = client_for("township").post(reverse("organizations:org-import", kwargs={"pk": demo.township.pk}),
                                           {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "第 3 行，“党员人数”列" in html
    assert "不是大于等于 0 的整数" in html
    assert "发现 1 处问题，未导入任何数据。" in html
    assert Organization.objects.count() == count


def test_the_import_page_imports_a_good_file_and_says_how_many(demo, client_for):
    upload = SimpleUploadedFile("组织.xlsx", xlsx(GOOD_ROWS).getvalue())
    response = client_for("township").post(reverse("organizations:org-import", kwargs={"pk": demo.township.pk}),
                                           {"file": upload}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("organizations:org-detail", kwargs={"pk": demo.township.pk})
    assert Organization.objects.filter(name="幸福村党支部").exists()


def test_an_unknown_parent_is_named_with_its_row(demo):
    rows = GOOD_ROWS + [["孤儿支部", "不存在党委", "党支部", "村", 5, "", ""]]
    with pytest.raises(XlsxError) as exc:
        run_import(demo, rows)
    assert [(e.row, e.column) for e in exc.value.errors] == [(6, "上级组织")]
    assert "不存在党委" in errors_of(exc)[0]
    assert not Organization.objects.filter(name="幸福村党支部").exists()


def test_a_parent_outside_the_importers_scope_is_unknown(demo):
    with pytest.raises(XlsxError) as exc:
        run_import(demo, [["越界支部", "柳河镇党委", "党支部", "村", 5, "", ""]])
    assert exc.value.errors[0].column == "上级组织"


def test_an_ambiguous_parent_needs_a_path(demo):
    # Two general branches of the same name under two committees (one file cannot hold a name twice).
    run_import(demo, [
        ["甲片区党委", "金星乡党委", "党委", "村", 0, "", ""],
        ["乙片区党委", "金星乡党委", "党委", "村", 0, "", ""],
        ["联合党总支", "甲片区党委", "党总支", "村", 0, "", ""],
    ])
    run_import(demo, [["联合党总支", "乙片区党委", "党总支", "村", 0, "", ""]])
    with pytest.raises(XlsxError) as exc:
        run_import(demo, [["新支部", "联合党总支", "党支部", "村", 9, "", ""]])
    assert exc.value.errors[0].row == 2 and exc.value.errors[0].column == "上级组织"
    assert "请填写路径" in errors_of(exc)[0]
    result = run_import(demo, [["新支部", "乙片区党委/联合党总支", "党支部", "村", 9, "", ""]])
    assert result.created == 1
    assert Organization.objects.get(name="新支部").parent.parent.name == "乙片区党委"


def test_a_parent_defined_later_in_the_same_file_is_written_first(demo):
    result = run_import(demo, [
        ["后定义村第一党支部", "后定义村党总支", "党支部", "村", 20, "", ""],
        ["后定义村党总支", "金星乡党委", "党总支", "村", 0, "", ""],
    ])
    assert result.created == 2
    assert Organization.objects.get(name="后定义村第一党支部").parent.name == "后定义村党总支"


def test_a_branch_under_a_branch_in_the_file_is_refused(demo):
    with pytest.raises(XlsxError) as exc:
        run_import(demo, [["子支部", "东方村党支部", "党支部", "村", 3, "", ""]])
    assert exc.value.errors[0].column == "组织类型"
    assert not Organization.objects.filter(name="子支部").exists()


def test_bytes_that_are_not_xlsx_are_refused_even_when_named_xlsx(demo, client_for):
    with pytest.raises(XlsxError) as exc:
        organizations_import(actor=demo.users["township"], root=demo.township, upload=io.BytesIO(b"name,parent\n1,2\n"))
    assert "不是 Excel" in errors_of(exc)[0]
    upload = SimpleUploadedFile("组织.xlsx", b"PK\x03\x04 not really a zip")
    response = client_for("township").post(reverse("organizations:org-import", kwargs={"pk": demo.township.pk}),
                                           {"file": upload})
    assert response.status_code == 200 and "不是 Excel" in response.content.decode()


def test_formula_cells_are_refused(demo):
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][4] = "=10+13"
    with pytest.raises(XlsxError) as exc:
        run_import(demo, rows)
    assert [(e.row, e.column) for e in exc.value.errors] == [(2, "党员人数")]
    assert "公式" in errors_of(exc)[0]


def test_missing_columns_are_named(demo):
    headers = [h for h in HEADERS if h not in ("党员人数", "领域")]
    rows = [[v for h, v in zip(HEADERS, r) if h in headers] for r in GOOD_ROWS]
    with pytest.raises(XlsxError) as exc:
        run_import(demo, rows, headers=headers)
    message = errors_of(exc)[0]
    assert "缺少列" in message and "领域" in message and "党员人数" in message


def test_an_empty_file_is_refused(demo):
    with pytest.raises(XlsxError) as exc:
        run_import(demo, [], headers=None)
    assert "空" in errors_of(exc)[0]
    with pytest.raises(XlsxError) as exc:
        run_import(demo, [])
    assert errors_of(exc) == ["文件中没有组织。"]


def test_a_file_longer_than_max_rows_is_refused(demo, monkeypatch):
    monkeypatch.setattr(importers, "MAX_ROWS", 3)
    with pytest.raises(XlsxError) as exc:
        run_import(demo)
    assert "3" in errors_of(exc)[0] and "行" in errors_of(exc)[0]
    assert not Organization.objects.filter(name="幸福村党支部").exists()
    monkeypatch.setattr(importers, "MAX_ROWS", 4)
    assert run_import(demo).created == 4


def test_every_problem_of_every_row_is_listed(demo):
    with pytest.raises(XlsxError) as exc:
        run_import(demo, [
            ["", "金星乡党委", "党支部", "村", 1, "", ""],
            ["甲", "金星乡党委", "小组", "火星", -1, "", ""],
        ])
    assert [(e.row, e.column) for e in exc.value.errors] == [
        (2, "组织名称"), (3, "组织类型"), (3, "领域"), (3, "党员人数")]


def test_a_branch_secretary_cannot_import(demo):
    from django.http import Http404

    with pytest.raises(Http404):
        run_import(demo, actor="branch", root=demo.branch)


def _export(client, org) -> bytes:
    response = client.get(reverse("organizations:org-export", kwargs={"pk": org.pk}))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_export_of_a_subtree_has_the_import_headers_and_every_organisation(demo, client_for):
    data = _export(client_for("township"), demo.township)
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    expected = set(Organization.objects.filter(path__startswith=demo.township.path).exclude(pk=demo.township.pk)
                   .values_list("name", flat=True))
    assert {r[0] for r in rows[1:]} == expected
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["金星村第一党支部"][1:5] == ("金星村党总支", "党支部", "村", 45)


def test_an_export_imports_again_with_no_changes(demo, client_for):
    data = _export(client_for("township"), demo.township)
    before = Organization.objects.count()
    result = organizations_import(actor=demo.users["township"], root=demo.township, upload=io.BytesIO(data))
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == before - Organization.objects.exclude(path__startswith=demo.township.path).count() - 1
    assert Organization.objects.count() == before


def test_the_import_template_has_the_seven_chinese_headers(demo, client_for):
    response = client_for("township").get(reverse("organizations:import-template"))
    data = b"".join(response.streaming_content)
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in ws[1]] == HEADERS == [c.header for c in COLUMNS]


def test_an_export_with_namesakes_writes_parent_paths_and_imports_again_unchanged(demo, client_for):
    run_import(demo, [
        ["甲片区党委", "金星乡党委", "党委", "村", 0, "", ""],
        ["乙片区党委", "金星乡党委", "党委", "村", 0, "", ""],
        ["联合党总支", "甲片区党委", "党总支", "村", 0, "", ""],
        ["联合第一党支部", "联合党总支", "党支部", "村", 12, "", ""],
    ])
    run_import(demo, [["联合党总支", "乙片区党委", "党总支", "村", 0, "", ""]])
    data = _export(client_for("township"), demo.township)
    parents = {r[1] for r in load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert "金星乡党委/甲片区党委/联合党总支" in parents
    result = organizations_import(actor=demo.users["township"], root=demo.township, upload=io.BytesIO(data))
    assert (result.created, result.updated) == (0, 0)


def test_namesakes_defined_in_one_file_are_told_apart_by_path(demo):
    base = [
        ["丙片区党委", "金星乡党委", "党委", "村", 0, "", ""],
        ["丁片区党委", "金星乡党委", "党委", "村", 0, "", ""],
        ["联建党总支", "丙片区党委", "党总支", "村", 0, "", ""],
        ["联建党总支", "丁片区党委", "党总支", "村", 0, "", ""],
    ]
    with pytest.raises(XlsxError) as exc:
        run_import(demo, base + [["联建第一党支部", "联建党总支", "党支部", "村", 10, "", ""]])
    assert [(e.row, e.column) for e in exc.value.errors] == [(6, "上级组织")]
    assert not Organization.objects.filter(name="丙片区党委").exists()
    result = run_import(demo, base + [["联建第一党支部", "丁片区党委/联建党总支", "党支部", "村", 10, "", ""]])
    assert result.created == 5
    assert Organization.objects.get(name="联建第一党支部").parent.parent.name == "丁片区党委"


def test_the_same_organisation_twice_in_one_file_is_refused(demo):
    with pytest.raises(XlsxError) as exc:
        run_import(demo, GOOD_ROWS + [GOOD_ROWS[0]])
    assert [(e.row, e.column) for e in exc.value.errors] == [(6, "组织名称")]
    assert "第 2 行" in errors_of(exc)[0]


def test_an_import_cannot_turn_a_general_branch_with_branches_into_a_branch(demo):
    with pytest.raises(XlsxError) as exc:
        run_import(demo, [["金星村党总支", "金星乡党委", "党支部", "村", 0, "", ""]])
    assert [(e.row, e.column) for e in exc.value.errors] == [(2, "组织类型")]
    assert Organization.objects.get(name="金星村党总支").kind == "general_branch"


# --- Files offices really send (issue 14) -----------------------------------------------------------

def test_the_template_uploaded_unchanged_imports_nothing_and_overwrites_nobody(demo, client_for):
    east = Organization.objects.get(name="东方村党支部")
    before = (east.secretary_name, east.secretary_phone, east.member_count)
    data = b"".join(client_for("township").get(reverse("organizations:import-template")).streaming_content)
    wb = load_workbook(io.BytesIO(data))
    assert [c.value for c in wb.worksheets[0][2]] == [None] * 7 or wb.worksheets[0].max_row == 1  # data sheet: header only
    examples = list(wb.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert examples and all(str(r[0]).startswith("【示例】") for r in examples)
    count = Organization.objects.count()
    with pytest.raises(XlsxError) as exc:
        organizations_import(actor=demo.users["township"], root=demo.township, upload=io.BytesIO(data))
    assert errors_of(exc) == ["文件中没有组织。"]
    east.refresh_from_db()
    assert (east.secretary_name, east.secretary_phone, east.member_count) == before
    assert Organization.objects.count() == count


def test_an_example_row_copied_onto_the_data_sheet_is_refused_by_row(demo):
    rows = [["【示例】东方村党支部", "金星乡党委", "党支部", "村", 36, "张三", "13800000000"], GOOD_ROWS[0]]
    with pytest.raises(XlsxError) as exc:
        run_import(demo, rows)
    assert [e.row for e in exc.value.errors] == [2]
    assert "示例" in errors_of(exc)[0]
    assert Organization.objects.get(name="东方村党支部").secretary_phone != "13800000000"
    assert not Organization.objects.filter(name="幸福村党支部").exists()


def test_a_blank_parent_means_the_organisation_the_file_is_imported_into(demo):
    result = run_import(demo, [["空白上级村党支部", "", "党支部", "村", 12, "", ""]])
    assert result.created == 1
    assert Organization.objects.get(name="空白上级村党支部").parent == demo.township


def test_a_new_township_first_row_with_blank_parent_and_domain_alias_imports_with_its_branches(demo):
    """The file offices send: a new 街道党工委 first, 上级组织 blank, 领域 written 乡镇党委."""
    result = run_import(demo, root=demo.county, actor="county", rows=[
        ["城东街道党工委", "", "街道党工委", "乡镇党委", 300, "周街", ""],
        ["城东社区党委", "城东街道党工委", "党委", "城市社区", 120, "", ""],
        ["城东社区第一党支部", "城东社区党委", "党支部", "城市社区", 40, "", ""],
        ["城东卫生院党支部", "城东街道党工委", "支部", "卫生院", 15, "", ""],
    ])
    assert result.created == 4
    street = Organization.objects.get(name="城东街道党工委")
    assert (street.parent, street.kind, street.domain) == (demo.county, "township", "township")
    assert Organization.objects.get(name="城东卫生院党支部").domain == "health"
    assert Organization.objects.get(name="城东社区第一党支部").path.startswith(street.path)


def test_a_row_naming_the_organisation_itself_with_blank_parent_updates_it(demo):
    result = run_import(demo, [
        ["金星乡党委", "", "乡镇党委", "乡镇党委", 777, "乡书记", "13700000000"],
        ["自身之下村党支部", "金星乡党委", "党支部", "村", 9, "", ""],
    ])
    assert (result.created, result.updated) == (1, 1)
    demo.township.refresh_from_db()
    assert (demo.township.member_count, demo.township.secretary_name) == (777, "乡书记")
    assert Organization.objects.get(name="自身之下村党支部").parent == demo.township


def test_every_error_of_a_file_is_reported_at_once_across_all_checks(demo):
    with pytest.raises(XlsxError) as exc:
        run_import(demo, [
            ["好村党支部", "金星乡党委", "党支部", "村", "abc", "", ""],       # row 2: cell
            ["孤村党支部", "没有这个党委", "党支部", "村", 5, "", ""],          # row 3: parent
            ["子支部", "东方村党支部", "党支部", "村", 3, "", ""],              # row 4: type under type
            ["公式村党支部", "金星乡党委", "党支部", "村", "=1+1", "", ""],     # row 5: formula
            ["坏领域村党支部", "金星乡党委", "党支部", "火星", 5, "", ""],       # row 6: domain
        ])
    assert [(e.row, e.column) for e in exc.value.errors] == [
        (2, "党员人数"), (3, "上级组织"), (4, "组织类型"), (5, "党员人数"), (6, "领域")]


def test_a_row_that_is_its_own_parent_is_named(demo):
    with pytest.raises(XlsxError) as exc:
        run_import(demo, [GOOD_ROWS[0], ["自指党总支", "自指党总支", "党总支", "村", 0, "", ""]])
    assert [(e.row, e.column) for e in exc.value.errors] == [(3, "上级组织")]
    assert "第 3 行" in exc.value.errors[0].message


def test_a_cycle_names_every_row_in_it(demo):
    with pytest.raises(XlsxError) as exc:
        run_import(demo, [
            GOOD_ROWS[0],
            ["甲总支", "丙总支", "党总支", "村", 0, "", ""],   # row 3
            ["乙总支", "甲总支", "党总支", "村", 0, "", ""],   # row 4
            ["丙总支", "乙总支", "党总支", "村", 0, "", ""],   # row 5
            ["挂在环上支部", "乙总支", "党支部", "村", 4, "", ""],  # row 6: placed under the cycle, no own error
        ])
    assert sorted((e.row, e.column) for e in exc.value.errors) == [(3, "上级组织"), (4, "上级组织"), (5, "上级组织")]
    for error in exc.value.errors:
        assert all(f"第 {n} 行" in error.message for n in (3, 4, 5))
    assert not Organization.objects.filter(name="幸福村党支部").exists()


def test_field_errors_come_from_the_model_validators_like_the_form(demo):
    from organizations.forms import OrganizationForm

    negative = -5  # (the bounds of every number are the model's: when it gains a maximum, the import has it too)
    long_name = "长" * 101
    with pytest.raises(XlsxError) as exc:
        run_import(demo, [[long_name, "金星乡党委", "党支部", "村", negative, "", "1" * 31]])
    by_column = {e.column: e.message for e in exc.value.errors}
    assert set(by_column) == {"组织名称", "党员人数", "联系电话"}
    form = OrganizationForm(data={"name": long_name, "kind": "branch", "domain": "village", "member_count": negative,
                                  "secretary_phone": "1" * 31})
    assert not form.is_valid()
    assert by_column["组织名称"] in form.errors["name"]
    assert by_column["党员人数"] in form.errors["member_count"]
    assert by_column["联系电话"] in form.errors["secretary_phone"]


def test_an_archived_organisation_is_not_changed_by_an_import(demo):
    from organizations import services

    services.organization_archive(actor=demo.users["township"], organization=demo.branch2, reason="合并")
    with pytest.raises(XlsxError) as exc:
        run_import(demo, [["红旗村党支部", "金星乡党委", "党支部", "村", 99, "新人", ""]])
    assert [(e.row, e.column) for e in exc.value.errors] == [(2, "组织名称")]
    demo.branch2.refresh_from_db()
    assert demo.branch2.member_count != 99


def test_the_import_writes_in_batches_with_one_audit_row_per_organisation(demo, django_assert_max_num_queries):
    rows = [[f"批量{i:03d}村党支部", "金星乡党委", "党支部", "村", i, "", ""] for i in range(300)]
    rows.append(["批量总支", "", "党总支", "村", 0, "", ""])
    rows += [[f"批量总支第{i}支部", "批量总支", "党支部", "村", i, "", ""] for i in range(50)]
    with django_assert_max_num_queries(40):
        result = run_import(demo, rows)
    assert result.created == 351
    leaf = Organization.objects.get(name="批量总支第7支部")
    assert leaf.path == f"{leaf.parent.path}{leaf.pk:08d}/" and leaf.depth == leaf.parent.depth + 1
    assert AuditEvent.objects.filter(action="organization.import_create").count() == 351
