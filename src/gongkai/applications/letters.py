"""Letters (文书) generated from editable templates, as .docx (python-docx) and PDF (WeasyPrint).

Each letter is a Django text template in templates/applications/letters/<kind>.txt: paragraphs
separated by blank lines. The same paragraphs feed both formats, so .docx and PDF never differ.
Every reply letter carries the relief notice built from the unit's settings (条例 Art. 51).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from django.template.loader import render_to_string

from gongkai.applications.models import Applicant, Application, ApplicationEvent
from gongkai.applications.outcomes import OUTCOME_RULES, Outcome
from gongkai.applications.selectors import LETTER_TITLES, released_download_name
from gongkai.core import paper

CJK_FONT = paper.FREE_FALLBACK

# The seal's place above the issuing organ (GB/T 9704-2012 7.3.5.2: 加盖印章的公文).
SEAL_LINE = "（印章）"


@dataclass
class Letter:
    title: str
    number: str
    paragraphs: list[str]
    issuer: str
    issued_on: str
    contact: str = ""  # 联系人、联系电话、地址 (GB/T 9704-2012 7.3.7 附注 position)
    attachments: list[str] = field(default_factory=list)  # 附件说明: the released files


def _cn_date(d: datetime.date) -> str:
    return paper.cn_date(d)


def _clause(text: str) -> str:
    """Text put inside a sentence (in quotes or before "。"): no end punctuation of its own, so a
    letter never reads "。”。" or "。。"."""
    return str(text).strip().rstrip("。．.；;，,").strip()


def relief_notice(app: Application) -> str:
    body = app.unit.reconsideration_body or "上一级行政机关或本级人民政府"
    court = app.unit.court or "有管辖权的人民法院"
    return (
        f"如对本答复不服，可以自收到本答复之日起六十日内向{body}申请行政复议，"
        f"或者自收到本答复之日起六个月内向{court}提起行政诉讼"
        "（《中华人民共和国政府信息公开条例》第五十一条，《中华人民共和国行政复议法》第二十条，"
        "《中华人民共和国行政诉讼法》第四十六条）。"
    )


LETTER_VARIABLES: dict[str, str] = {
    "applicant_name": "申请人姓名或名称",
    "tracking_code": "查询码",
    "received": "收到申请之日",
    "information": "申请内容",
    "unit_name": "本机关名称",
    "unit_phone": "本机关联系电话",
    "unit_address": "本机关地址",
    "date": "文书日期",
    "due": "答复期限",
    "what": "需要补正的事项（补正告知书）",
    "until": "补正期限（补正告知书）",
    "days": "延长工作日数（延期答复告知书）",
    "reason": "延期理由（延期答复告知书）",
    "party_name": "被征求意见方（征询函）",
    "question": "征求意见事项（征询函）",
    "reply_by": "答复意见期限（征询函）",
    "fee_lines": "收费计算说明（收费通知）",
    "amount": "金额（收费通知）",
    "how_to_pay": "缴费方式（收费通知）",
    "pay_by": "缴费期限（收费通知）",
    "reply_text": "答复正文（答复书）",
    "withheld_section": "不予公开的内容及理由（部分公开时）",
    "outcome_label": "答复类型（答复书）",
    "basis": "法律依据（答复书）",
    "relief": "救济途径告知（复议机关、法院、期限，取自机构设置）",
}


def default_template(kind: str) -> str:
    path = Path(__file__).parent / "templates" / "applications" / "letters" / f"{kind}.txt"
    return path.read_text(encoding="utf-8")


def template_text(kind: str) -> str:
    """The unit-independent template of ``kind``: the edited one if staff saved one (an empty
    body: restored to the default)."""
    from gongkai.applications.models import LetterTemplate

    saved = LetterTemplate.objects.filter(kind=kind).first()
    return saved.body if saved and saved.body else default_template(kind)


def check_template(body: str) -> list[str]:
    """Problems of an edited template: unknown ``$names`` or a stray ``$``."""
    problems = []
    try:
        names = {m.group("named") or m.group("braced") for m in Template.pattern.finditer(body)}
    except ValueError:
        return ["模板中有无法识别的“$”：如需写美元符号，请写成“$$”"]
    for m in Template.pattern.finditer(body):
        if m.group("invalid") is not None:
            problems.append("模板中有无法识别的“$”：如需写美元符号，请写成“$$”")
            break
    unknown = sorted(n for n in names if n and n not in LETTER_VARIABLES)
    if unknown:
        problems.append("模板中有未知的变量：" + "、".join(f"${n}" for n in unknown))
    return problems


def _variables(app: Application, event: ApplicationEvent) -> dict[str, str]:
    person = Applicant.objects.filter(application=app).first()
    data = event.data
    reply = app.events.filter(kind="draft_reply").order_by("-seq").first()
    reply_data = reply.data if reply else {}
    outcome = Outcome(reply_data["outcome"]) if reply_data.get("outcome") else None
    withheld = reply_data.get("withheld") or []
    withheld_section = ""
    if outcome == Outcome.PARTIAL and withheld:
        items = "\n\n".join(
            f"{i}. {w['item']}：{w['reason']}" for i, w in enumerate(withheld, start=1)
        )
        withheld_section = (
            "经审查，您申请的信息中含有不应当公开的内容，本机关根据《中华人民共和国政府信息公开条例》"
            "第三十七条的规定作区分处理，对可以公开的部分予以公开。不予公开的内容及理由如下：\n\n"
            + items
        )
    return {
        "applicant_name": person.name if person else "",
        "tracking_code": app.tracking_code,
        "received": _cn_date(app.received_on),
        "information": _clause(app.information),
        "unit_name": app.unit.name,
        "unit_phone": app.unit.phone or "（见本机关政府信息公开指南）",
        "unit_address": app.unit.office_address or "（见本机关政府信息公开指南）",
        "date": _cn_date(event.on),
        "due": _cn_date(app.due_on) if app.due_on else "",
        "what": _clause(str(data.get("what", ""))),
        "until": paper.cn_date_text(str(data.get("until", ""))),
        "days": str(data.get("days", "")),
        "reason": _clause(str(data.get("reason", ""))),
        "party_name": str(data.get("party_name", "")),
        "question": f"（{data['question']}）" if data.get("question") else "",
        "reply_by": paper.cn_date_text(str(data.get("reply_by", ""))),
        "fee_lines": "\n\n".join(data.get("lines", [])),
        "amount": str(data.get("amount", "")),
        "how_to_pay": _clause(str(data.get("how_to_pay", ""))),
        "pay_by": paper.cn_date_text(str(data.get("pay_by", ""))),
        "reply_text": str(reply_data.get("reply_text", "")).strip(),
        "withheld_section": withheld_section,
        "outcome_label": outcome.label if outcome else "",
        "basis": (OUTCOME_RULES[outcome].basis if outcome else "")
        or "《中华人民共和国政府信息公开条例》",
        "relief": relief_notice(app),
    }


def letter_for_event(app: Application, event: ApplicationEvent) -> Letter:
    text = Template(template_text(event.letter)).safe_substitute(_variables(app, event))
    paragraphs = [p.strip() for p in text.split("\n\n")]
    contact = "；".join(
        part
        for part in (
            f"联系电话：{app.unit.phone}" if app.unit.phone else "",
            f"地址：{app.unit.office_address}" if app.unit.office_address else "",
        )
        if part
    )
    attachments = []
    if event.letter == "reply":
        released = list(app.files.filter(kind="released").order_by("pk"))
        attachments = [released_download_name(app, f, i) for i, f in enumerate(released, 1)]
    return Letter(
        title=LETTER_TITLES[event.letter],
        number=f"{app.tracking_code}-{event.seq}",
        paragraphs=[p for p in paragraphs if p],
        issuer=app.unit.name,
        issued_on=_cn_date(event.on),
        contact=f"（{contact or '联系方式见本机关政府信息公开指南'}）",
        attachments=attachments,
    )


def render_docx(letter: Letter) -> bytes:
    """The letter on GB/T 9704-2012 paper (core.paper): A4, 仿宋 3号 body on the 22 × 28 grid,
    小标宋 2号 title, attachments listed, contact line, seal place, organ and date 右空四字."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    paper.setup_docx(doc)
    paper.docx_title(doc, letter.title)
    num = doc.add_paragraph(f"编号：{letter.number}")
    num.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for i, p in enumerate(letter.paragraphs):
        paper.docx_body(doc, p, indent=i > 0)  # the addressee line starts at the margin
    if letter.contact:
        paper.docx_body(doc, letter.contact)
    if letter.attachments:
        doc.add_paragraph()
        for i, name in enumerate(letter.attachments, start=1):
            head = "附件：" if i == 1 else "　　　"
            paper.docx_body(doc, f"{head}{i}. {name}")
    doc.add_paragraph()
    paper.docx_right(doc, SEAL_LINE, chars_from_right=6)
    paper.docx_right(doc, letter.issuer)
    paper.docx_right(doc, letter.issued_on)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_html(letter: Letter) -> str:
    return render_to_string(
        "applications/letters/letter.html",
        {
            "letter": letter,
            "page_css": paper.page_css(),
            "seal": SEAL_LINE,
            "pitch": paper.LINE_PITCH_PT,
            "pitch2": paper.LINE_PITCH_PT * 2,
        },
    )


def render_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=render_html(letter)).write_pdf())
