"""core.uploads.check_upload: the one upload check, by name, size and first bytes.

The pure checks run without the database; the last tests go through the real pages and services of
the survey records (attachments) and the upgrades commitments (evidence, signed agreement scan).
A PNG named .jpg is refused: the extension must name the content's own type (jpg = jpeg).
"""
from __future__ import annotations

import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from core.rulesettings import REGISTRY
from core.uploads import (
    HEAD_BYTES, KNOWN_TYPES, CheckedFileField, CheckedMultipleFileField, check_upload, content_type, normalise_types,
)

HTML = b"<!doctype html><html><head><script>alert(document.cookie)</script></head><body>x</body></html>"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
EVERYTHING = sorted(KNOWN_TYPES)


def minimal_pdf() -> bytes:
    """A one-page PDF that readers open (header, catalogue, pages, page, xref, trailer)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def office_zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def real_xlsx() -> bytes:
    wb = Workbook()
    wb.active.append(["组织名称", "党员人数"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def refusal(name: str, data: bytes, allowed=EVERYTHING, **kwargs) -> ValidationError:
    """The refusal, with its message rendered in Chinese as ``.text``."""
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            check_upload(SimpleUploadedFile(name, data), allowed=allowed, **kwargs)
        refused.value.text = " ".join(refused.value.messages)
    return refused.value


# ---------------------------------------------------------------- the pure check

def test_an_html_page_named_pdf_is_refused_with_the_reason():
    refused = refusal("会议记录.pdf", HTML)
    assert refused.code == "upload_content"
    assert refused.text == "“会议记录.pdf”：文件内容不是 PDF 文件（文件名与内容不符）。"


def test_a_real_small_pdf_passes_and_the_file_is_left_at_its_start():
    upload = SimpleUploadedFile("会议记录.PDF", minimal_pdf())
    assert check_upload(upload, allowed=["pdf"]) == "pdf"
    assert upload.tell() == 0 and upload.read(5) == b"%PDF-"


@pytest.mark.parametrize("name, data", [
    ("照片.png", PNG), ("照片.jpg", JPEG), ("照片.jpeg", JPEG), ("动图.gif", b"GIF89a\x01\x00\x01\x00"),
    ("图.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 "), ("旧表.xls", OLE), ("旧文档.doc", OLE), ("旧幻灯片.ppt", OLE),
    ("表.xlsx", None), ("文档.docx", office_zip("[Content_Types].xml", "word/document.xml")),
    ("幻灯片.pptx", office_zip("[Content_Types].xml", "ppt/presentation.xml")),
    ("说明.txt", "第一次会议纪要：到会党员 12 人。\r\n".encode("utf-8")),
])
def test_each_accepted_type_passes_with_its_own_content(name, data):
    data = real_xlsx() if data is None else data
    assert check_upload(SimpleUploadedFile(name, data), allowed=EVERYTHING) == name.rsplit(".", 1)[1]


def test_a_png_named_jpg_is_refused_the_extension_must_name_the_content_type():
    refused = refusal("照片.jpg", PNG)
    assert refused.text == "“照片.jpg”：文件内容不是 JPEG 文件（文件名与内容不符）。"


def test_an_empty_file_is_refused():
    assert refusal("空.pdf", b"").text == "“空.pdf”：文件是空的。"


def test_an_oversized_file_is_refused_with_the_limit_in_mb(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    data = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    refused = refusal("大.pdf", data)
    assert refused.code == "upload_size" and refused.text == "“大.pdf”：文件超过 1 MB。"
    assert check_upload(SimpleUploadedFile("大.pdf", data), allowed=["pdf"], max_bytes=2 * 1024 * 1024) == "pdf"
    assert "文件超过 0.5 MB" in refusal("大.pdf", data, max_bytes=512 * 1024).text


def test_a_type_that_is_not_allowed_is_refused_naming_the_allowed_ones():
    refused = refusal("程序.exe", b"MZ\x90\x00", allowed=["pdf", ".JPG", "png"])
    assert refused.code == "upload_type"
    assert refused.text == "“程序.exe”：不接受这种类型的文件，只接受 .jpg、.pdf、.png。"
    assert refusal("没有扩展名", minimal_pdf(), allowed=["pdf"]).code == "upload_type"
    assert refusal("会议记录.pdf.html", HTML, allowed=["pdf"]).code == "upload_type"


def test_a_zip_renamed_xlsx_without_a_workbook_inside_is_refused():
    for data in (office_zip("[Content_Types].xml", "word/document.xml"),  # a .docx
                 office_zip("readme.txt", "xl/fake.xml"),  # no [Content_Types].xml
                 b"PK\x03\x04 not really a zip", b"PK\x05\x06" + b"\0" * 18):  # broken, empty zip
        assert refusal("表.xlsx", data).text == "“表.xlsx”：文件内容不是 Excel（.xlsx） 文件（文件名与内容不符）。"


def test_legacy_office_files_are_checked_as_ole_containers():
    assert refusal("旧表.xls", b"PK\x03\x04" + b"\0" * 100).code == "upload_content"
    assert refusal("旧文档.doc", b"{\\rtf1 not a doc}").code == "upload_content"


def test_text_in_gb18030_passes_and_binary_named_txt_is_refused():
    gb = ("金星乡党委：关于开展分类定级工作的通知。" * 1000).encode("gb18030")
    assert len(gb) > HEAD_BYTES
    assert check_upload(SimpleUploadedFile("通知.txt", gb), allowed=["txt"]) == "txt"
    assert refusal("通知.txt", b"abc\0def").text == "“通知.txt”：文件内容不是 纯文本（.txt） 文件（文件名与内容不符）。"
    assert refusal("通知.txt", "前文".encode("utf-8") + b"\xff\xfe\x80" * 10).code == "upload_content"
    late_binary = b"a" * 100_000 + b"\0"  # past the first chunk: the whole text is read
    assert refusal("通知.txt", late_binary).code == "upload_content"


def test_a_type_the_check_does_not_know_is_refused_even_when_allowed():
    refused = refusal("视频.mp4", b"\x00\x00\x00\x18ftypmp42", allowed="pdf, mp4")
    assert refused.code == "upload_unchecked"
    assert refused.text == "“视频.mp4”：无法核验 .mp4 文件的内容，因此不予接受。"


def test_only_the_first_bytes_are_read_for_a_signature():
    class Counting(io.BytesIO):
        read_bytes = 0

        def read(self, size=-1):
            data = super().read(size)
            Counting.read_bytes += len(data)
            return data

    upload = Counting(minimal_pdf() + b"0" * 500_000)
    upload.name = "大.pdf"
    assert check_upload(upload, allowed=["pdf"]) == "pdf"
    assert Counting.read_bytes <= HEAD_BYTES and upload.tell() == 0


def test_allowed_may_be_a_rule_set_string_or_a_callable():
    assert normalise_types("pdf,jpg, .PNG") == {"pdf", "jpg", "png"}
    assert normalise_types(lambda: [".Docx"]) == {"docx"}
    assert content_type("JPG") == "image/jpeg" and content_type("xyz") == "application/octet-stream"


def test_every_star_evidence_type_of_the_rule_set_default_can_be_checked():
    """The star evidence types (rule-set setting score_evidence_types) are all types core.uploads knows."""
    assert normalise_types(REGISTRY["score_evidence_types"].default) <= KNOWN_TYPES


# ---------------------------------------------------------------- form fields

class OneFile(forms.Form):
    file = CheckedFileField(allowed=lambda: ["pdf"], max_bytes=lambda: 4096)


class SeveralFiles(forms.Form):
    files = CheckedMultipleFileField(allowed=["pdf", "png"], required=False)


def test_the_form_field_checks_the_file_and_takes_callables():
    with translation.override("zh-hans"):
        form = OneFile(files={"file": SimpleUploadedFile("a.pdf", HTML)})
        assert not form.is_valid()
        assert form.errors["file"] == ["“a.pdf”：文件内容不是 PDF 文件（文件名与内容不符）。"]
        assert not OneFile(files={"file": SimpleUploadedFile("a.pdf", minimal_pdf() + b"0" * 5000)}).is_valid()
        assert OneFile(files={"file": SimpleUploadedFile("a.pdf", minimal_pdf())}).is_valid()
        assert not OneFile(files={"file": SimpleUploadedFile("a.pdf", b"")}).is_valid()
    assert 'accept=".pdf,.png"' in str(SeveralFiles()["files"])


def test_the_multiple_file_field_checks_every_file_and_names_each_refused_one():
    from django.utils.datastructures import MultiValueDict

    files = MultiValueDict({"files": [SimpleUploadedFile("a.pdf", minimal_pdf()), SimpleUploadedFile("b.pdf", HTML),
                                      SimpleUploadedFile("c.png", JPEG)]})
    with translation.override("zh-hans"):
        form = SeveralFiles(files=files)
        assert not form.is_valid()
        assert form.errors["files"] == ["“b.pdf”：文件内容不是 PDF 文件（文件名与内容不符）。",
                                        "“c.png”：文件内容不是 PNG 文件（文件名与内容不符）。"]
    good = SeveralFiles(files=MultiValueDict({"files": [SimpleUploadedFile("a.pdf", minimal_pdf()),
                                                        SimpleUploadedFile("c.png", PNG)]}))
    assert good.is_valid() and [f.name for f in good.cleaned_data["files"]] == ["a.pdf", "c.png"]
    assert SeveralFiles(files=MultiValueDict()).is_valid()


# ---------------------------------------------------------------- through the pages and services

RECORD = {"kind": "interview", "title": "走访记录", "held_on": "2026-03-05", "content": "群众意见",
          "heard_party_members": 0, "heard_masses": 1, "heard_service_recipients": 0}


def test_an_html_file_named_pdf_is_refused_as_a_survey_attachment(demo, client_for, settings, tmp_path):
    from surveys.models import SurveyAttachment, SurveyRecord

    settings.MEDIA_ROOT = tmp_path
    client = client_for("branch")
    url = reverse("surveys:record-create")
    response = client.post(url, {**RECORD, "organization": demo.branch.pk, "files": [SimpleUploadedFile("纪要.pdf", HTML)]})
    assert response.status_code == 200
    assert "“纪要.pdf”：文件内容不是 PDF 文件（文件名与内容不符）。" in response.content.decode()
    assert not SurveyRecord.objects.filter(title="走访记录").exists()
    response = client.post(url, {**RECORD, "organization": demo.branch.pk,
                                 "files": [SimpleUploadedFile("纪要.pdf", minimal_pdf(), content_type="text/html")]})
    assert response.status_code == 302
    attachment = SurveyAttachment.objects.get(record__title="走访记录")
    assert attachment.content_type == "application/pdf"  # from the checked type, not from the browser


def test_the_survey_service_checks_the_content_too(demo, settings, tmp_path):
    import datetime

    from surveys import services

    settings.MEDIA_ROOT = tmp_path
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            services.survey_record_save(actor=demo.users["branch"], organization=demo.branch, campaign=demo.ctx.campaign,
                                        files=[SimpleUploadedFile("纪要.pdf", HTML)], kind="interview", title="t",
                                        held_on=datetime.date(2026, 3, 5), content="c")
        assert refused.value.message_dict["files"] == ["“纪要.pdf”：文件内容不是 PDF 文件（文件名与内容不符）。"]


def test_an_html_file_named_pdf_is_refused_as_upgrades_evidence(demo, client_for, settings, tmp_path):
    from upgrades.models import Evidence

    settings.MEDIA_ROOT = tmp_path
    c = demo.ctx.extra["upgrades.commitments"]["approved"]
    client = client_for("branch2")
    url = reverse("upgrades:evidence-add", args=[c.pk])
    before = Evidence.objects.count()
    page = client.post(url, {"file": SimpleUploadedFile("会议记录.pdf", HTML)}, follow=True).content.decode()
    assert "“会议记录.pdf”：文件内容不是 PDF 文件（文件名与内容不符）。" in page
    assert Evidence.objects.count() == before
    client.post(url, {"file": SimpleUploadedFile("会议记录.pdf", minimal_pdf(), content_type="text/html")})
    ev = Evidence.objects.order_by("-pk").first()
    assert Evidence.objects.count() == before + 1 and ev.content_type == "application/pdf"


def test_an_html_file_named_pdf_is_refused_as_the_signed_agreement_scan(demo, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = demo.ctx.extra["upgrades.commitments"]["approved"]
    url = reverse("upgrades:agreement-scan", args=[c.pk])
    page = client_for("branch2").post(url, {"file": SimpleUploadedFile("责任书.pdf", HTML)}, follow=True).content.decode()
    assert "“责任书.pdf”：文件内容不是 PDF 文件（文件名与内容不符）。" in page
    c.refresh_from_db()
    assert not c.agreement_scan


def test_the_upgrades_services_check_the_content_too(demo):
    from upgrades import services

    c = demo.ctx.extra["upgrades.commitments"]["approved"]
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            services.evidence_add(actor=demo.users["branch2"], commitment=c, upload=SimpleUploadedFile("a.pdf", HTML),
                                  measures=[])
        assert refused.value.message_dict["file"] == ["“a.pdf”：文件内容不是 PDF 文件（文件名与内容不符）。"]
    with pytest.raises(ValidationError):
        services.agreement_scan_upload(actor=demo.users["branch2"], commitment=c, upload=SimpleUploadedFile("a.png", JPEG))
