"""Receipt channels and the receipt date of each (条例 Art. 31), and the paper-entry check."""

from __future__ import annotations

import datetime

from django.db import models

from gongkai import statute
from gongkai.core.errors import ValidationFailed
from gongkai.workdays.counting import WorkingCalendar, working_days_between


class Channel(models.TextChoices):
    ONLINE = "online", "网上申请（本平台）"
    IN_PERSON = "in_person", "当面提交"
    REGISTERED_MAIL = "registered_mail", "邮政挂号信/EMS"
    ORDINARY_LETTER = "ordinary_letter", "平常信函"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"


PAPER_CHANNELS = frozenset(
    {
        Channel.IN_PERSON,
        Channel.REGISTERED_MAIL,
        Channel.ORDINARY_LETTER,
        Channel.FAX,
        Channel.EMAIL,
    }
)

# channel → (which date is the receipt date, the rule in words)
RECEIPT_RULES: dict[str, tuple[str, str]] = {
    Channel.ONLINE: (
        "submitted",
        "通过互联网渠道提交的，以双方确认之日为收到申请之日（平台即时确认）",
    ),
    Channel.IN_PERSON: ("submitted", "当面提交的，以提交之日为收到申请之日"),
    Channel.REGISTERED_MAIL: ("signed", "以邮寄方式提交的，以行政机关签收之日为收到申请之日"),
    Channel.ORDINARY_LETTER: (
        "confirmed",
        "以平常信函等无需签收的邮寄方式提交的，以行政机关于收到当日与申请人确认之日为收到申请之日",
    ),
    Channel.FAX: ("confirmed", "通过传真提交的，以双方确认之日为收到申请之日"),
    Channel.EMAIL: ("confirmed", "通过电子邮件等互联网渠道提交的，以双方确认之日为收到申请之日"),
}
ART_31 = "《政府信息公开条例》第三十一条"

_DATE_LABELS = {"submitted": "提交日期", "signed": "签收日期", "confirmed": "与申请人确认日期"}


def receipt_date(
    channel: str,
    *,
    submitted: datetime.date | None = None,
    signed: datetime.date | None = None,
    confirmed: datetime.date | None = None,
) -> tuple[datetime.date, str]:
    """The receipt date of Art. 31 for ``channel``, and the rule applied (for the case page)."""
    if channel not in RECEIPT_RULES:
        raise ValidationFailed([f"收件渠道“{channel}”无效"])
    which, rule = RECEIPT_RULES[channel]
    value = {"submitted": submitted, "signed": signed, "confirmed": confirmed}[which]
    if value is None:
        raise ValidationFailed(
            [f"{Channel(channel).label}：请填写{_DATE_LABELS[which]}（{rule}，{ART_31}）"]
        )
    if submitted and value < submitted and which != "submitted":
        raise ValidationFailed([f"{_DATE_LABELS[which]}不能早于申请人寄出/提交日期"])
    return value, f"{rule}（{ART_31}）"


def late_entry(
    calendar: WorkingCalendar, received: datetime.date, entered: datetime.date
) -> tuple[bool, int]:
    """Was a paper application entered more than ``PAPER_ENTRY_WORKING_DAYS`` after receipt?"""
    if entered <= received:
        return False, 0
    n, _ = working_days_between(calendar, received, entered)
    return n > statute.PAPER_ENTRY_WORKING_DAYS, n
