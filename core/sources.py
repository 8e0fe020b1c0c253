"""Source references as people read them: "seed 000 §二(三)" in a rule's ``source`` becomes the
document's Chinese title and its clause (docs/rules.md, "The seed documents")."""
from __future__ import annotations

import re

#: The titles of the source documents, as they stand in the files (docs/rules.md, the seed table).
SEED_TITLES = {
    "000": "《关于基层党支部现状大调查和“三分类三升级”活动的实施意见》",
    "001": "《关于在基层党组织中开展以“评星晋级”为抓手的创先争优活动的意见》",
    "002": "《北山乡基层组织建设年工作目标考核细则》",
    "003": "《党建工作基层基础建设年活动内容解答》",
    "004": "《中心学校关于开展基层党组织“五星创评”活动工作方案》",
}
_SEED = re.compile(r"(?:seed|种子(?:文件)?)\s*(\d{3})(?:'s)?\s*§?\s*")
_RULES = re.compile(r"docs/rules\.md\s*")
#: A bare tag "(seed 004)" / "（种子004）" after a name or title that already names the document.
_TAG = re.compile(r"\s*[(（](?:seed|种子)\s*\d{3}[)）]")


def source_text(text: str) -> str:
    """``text`` with every seed number replaced by the document's title (the clause kept after it) and
    the rules reference named in words."""
    if not text:
        return text
    out = _TAG.sub("", str(text))
    out = _SEED.sub(lambda m: SEED_TITLES.get(m.group(1), m.group(0).strip()), out)
    out = _RULES.sub("规则说明", out)
    return out.replace(": ", "：")
