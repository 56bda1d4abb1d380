"""Letters (文书) generated from editable templates, as .docx (python-docx) and PDF (WeasyPrint).

Each letter is a Django text template in templates/applications/letters/<kind>.txt: paragraphs
separated by blank lines. The same paragraphs feed both formats, so .docx and PDF never differ.
Every reply letter carries the relief notice built from the unit's settings (条例 Art. 51).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.template.loader import render_to_string

from gongkai.applications.models import Applicant, Application, ApplicationEvent
from gongkai.applications.outcomes import OUTCOME_RULES, Outcome
from gongkai.applications.selectors import LETTER_TITLES

CJK_FONT = "Noto Serif CJK SC"


@dataclass
class Letter:
    title: str
    number: str
    paragraphs: list[str]
    issuer: str
    issued_on: str


def _cn_date(d: datetime.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def relief_notice(app: Application) -> str:
    body = app.unit.reconsideration_body or "上一级行政机关或本级人民政府"
    court = app.unit.court or "有管辖权的人民法院"
    return (
        f"如对本答复不服，可以自收到本答复之日起六十日内向{body}申请行政复议，"
        f"或者自收到本答复之日起六个月内向{court}提起行政诉讼"
        "（《中华人民共和国政府信息公开条例》第五十一条；《中华人民共和国行政复议法》；"
        "《中华人民共和国行政诉讼法》第四十六条）。"
    )


def letter_for_event(app: Application, event: ApplicationEvent) -> Letter:
    person = Applicant.objects.filter(application=app).first()
    reply = app.events.filter(kind="draft_reply").order_by("-seq").first()
    outcome = Outcome(reply.data["outcome"]) if reply and event.letter == "reply" else None
    context = {
        "app": app,
        "event": event,
        "data": event.data,
        "person": person,
        "unit": app.unit,
        "received": _cn_date(app.received_on),
        "on": _cn_date(event.on),
        "relief": relief_notice(app),
        "outcome": outcome,
        "outcome_rule": OUTCOME_RULES[outcome] if outcome else None,
        "reply": reply.data if reply else {},
        "due": _cn_date(app.due_on) if app.due_on else "",
    }
    text = render_to_string(f"applications/letters/{event.letter}.txt", context)
    paragraphs = [p.strip() for p in text.split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    return Letter(
        title=LETTER_TITLES[event.letter],
        number=f"{app.tracking_code}-{event.seq}",
        paragraphs=paragraphs,
        issuer=app.unit.name,
        issued_on=_cn_date(event.on),
    )


def render_docx(letter: Letter) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = CJK_FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(letter.title)
    run.bold = True
    run.font.size = Pt(20)
    num = doc.add_paragraph(f"编号：{letter.number}")
    num.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for p in letter.paragraphs:
        doc.add_paragraph(p)
    for line in (letter.issuer, letter.issued_on):
        para = doc.add_paragraph(line)
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "applications/letters/letter.html", {"letter": letter, "font": CJK_FONT}
    )
    return bytes(HTML(string=html).write_pdf())
