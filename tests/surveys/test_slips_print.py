"""The survey round's code slips print inside A4: every word at least 8 mm from each edge of the paper, and
the right column's cut line on the paper (issue #19, prints)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from PIL import Image

from surveys import services

from .helpers import new_round

MM = 72 / 25.4  # PDF points per millimetre
EDGE_MM = 8


def _slips(demo, client_for, tmp_path: Path) -> Path:
    round_ = new_round(demo)
    services.codes_generate(actor=demo.users["township"], round_=round_, counts={"masses": 9, "party_member": 9})
    response = client_for("township").get(f"/surveys/rounds/{round_.pk}/codes/1/slips.pdf")
    pdf = tmp_path / "slips.pdf"
    pdf.write_bytes(b"".join(response.streaming_content))
    return pdf


def test_every_word_of_the_slips_is_at_least_8_mm_from_each_edge(demo, client_for, tmp_path):
    pdf = _slips(demo, client_for, tmp_path)
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)
    assert len(pages) == 2  # 18 slips, 12 a page
    words = 0
    for width, height, body in pages:
        width, height = float(width), float(height)
        for x0, y0, x1, y1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body):
            words += 1
            assert float(x0) >= EDGE_MM * MM and float(x1) <= width - EDGE_MM * MM, (text, x0, x1)
            assert float(y0) >= EDGE_MM * MM and float(y1) <= height - EDGE_MM * MM, (text, y0, y1)
    assert words > 18 * 4


def test_the_right_columns_cut_line_is_printed_inside_the_page(demo, client_for, tmp_path):
    pdf = _slips(demo, client_for, tmp_path)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-gray", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    width, height = image.size
    px_per_mm = 60 / 25.4
    middle = height // 3
    # the rightmost dark pixel on a line across the page: the right column's dashed cut line (a dash or a gap
    # may fall on one line, so a band of lines is read)
    rightmost = max((x for y in range(middle, middle + int(12 * px_per_mm)) for x in range(width)
                     if image.getpixel((x, y)) < 200), default=None)
    assert rightmost is not None
    margin_mm = (width - 1 - rightmost) / px_per_mm
    assert 8 <= margin_mm <= 12, margin_mm  # the cut line 10 mm from the right edge, not cut off
