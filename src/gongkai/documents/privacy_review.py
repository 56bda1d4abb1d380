"""Personal data in a document before it is approved for publication (先审查、后公开).

The reviewer approves what will be published: the title, the summary, the body and the
attachments' file names and text alternatives (the app does not extract the text inside an
attachment; the reviewer reads it in the preview). ``findings`` scans those with the one detector
of the project, ``core.privacy.find_personal_data`` (mobile and landline numbers, 身份证号,
e-mail addresses, bank card numbers, plates and door addresses), and says where each finding is,
with a few characters around it.

A finding is a warning, not a block: a unit's published office telephone in the contact block
(“联系电话：021-60001001”) is meant to be public. ``lifecycle.document_approve`` therefore goes
ahead only when the reviewer confirms, with a reason, that what was found may be published; the
findings and the reason go into the audit event (条例 Art. 15: personal privacy is not disclosed).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from django.utils.html import strip_tags

from gongkai.core.privacy import find_personal_data
from gongkai.documents.models import Document

CONTEXT_CHARS = 12  # characters shown on each side of a finding

# block elements end a line: "…2024</p><p>13812345678" must not read as one long number
_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:p|div|br|li|ul|ol|tr|td|th|table|thead|tbody|h[1-6]|blockquote|section|pre)"
    r"\b[^>]*>",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\r\f\v]+")


@dataclass(frozen=True)
class ReviewFinding:
    where: str  # 标题, 内容概述, 正文, 附件“…”的文件名 / 文字说明
    kind: str  # core.privacy kind (mobile, landline, …)
    label: str  # 手机号码, 电话号码, …
    text: str  # what was found, as written
    before: str  # a few characters before it
    after: str  # a few characters after it

    def as_audit(self) -> dict[str, str]:
        return {"where": self.where, "kind": self.label, "text": self.text}


def body_text(body: str) -> str:
    """The body's text as a reader sees it: tags removed (a block ends a line), entities read."""
    return _SPACES.sub(" ", html.unescape(strip_tags(_BLOCK_TAG.sub("\n", body or ""))))


def _scan(where: str, text: str) -> list[ReviewFinding]:
    out = []
    for f in find_personal_data(text):
        before = text[max(0, f.start - CONTEXT_CHARS) : f.start].replace("\n", " ")
        after = text[f.end : f.end + CONTEXT_CHARS].replace("\n", " ")
        out.append(ReviewFinding(where, f.kind, f.label, f.text, before.lstrip(), after.rstrip()))
    return out


def findings(doc: Document) -> list[ReviewFinding]:
    """Every piece of the document's public text that looks like personal data, field by field."""
    out = _scan("标题", doc.title) + _scan("内容概述", doc.summary)
    out += _scan("正文", body_text(doc.body))
    for a in doc.attachments.filter(removed=False, removed_in_version=0).order_by("pk"):
        out += _scan(f"附件“{a.name}”的文件名", a.name)
        if a.description:
            out += _scan(f"附件“{a.name}”的文字说明", a.description)
    return out


def audit_entry(found: list[ReviewFinding], reason: str) -> dict[str, Any]:
    """What the approval's audit event records about the findings the reviewer confirmed."""
    return {"findings": [f.as_audit() for f in found], "reason": reason}
