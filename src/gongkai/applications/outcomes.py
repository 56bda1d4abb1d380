"""Reply outcomes (reference disclosure-rules.md §3), each mapped to its annual-report row.

This table is stated once: models (choices), forms, the importer, letters and the annual report
read it. ``report_row`` is the exact row label of table 三 (annual-report-format.md); ``group`` is
the group label the row sits under (None for （一） and （二）, which are rows themselves).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_noop


class Outcome(models.TextChoices):
    ALREADY_PUBLIC = "already_public", "已主动公开，告知获取途径"
    DISCLOSED = "disclosed", "予以公开"
    PARTIAL = "partial", "部分公开"
    STATE_SECRET = "state_secret", "不予公开：属于国家秘密"
    LAW_FORBIDS = "law_forbids", "不予公开：其他法律行政法规禁止公开"
    SECURITY_STABILITY = "security_stability", "不予公开：危及“三安全一稳定”"
    THIRD_PARTY = "third_party", "不予公开：保护第三方合法权益"
    INTERNAL_AFFAIRS = "internal_affairs", "不予公开：属于三类内部事务信息"
    PROCESS_INFO = "process_info", "不予公开：属于四类过程性信息"
    ENFORCEMENT_FILE = "enforcement_file", "不予公开：属于行政执法案卷"
    QUERY_REGIME = "query_regime", "不予公开：属于行政查询事项"
    NOT_HELD = "not_held", "无法提供：本机关不掌握相关政府信息"
    NEEDS_CREATION = "needs_creation", "无法提供：没有现成信息需要另行制作"
    STILL_UNCLEAR = "still_unclear", "无法提供：补正后申请内容仍不明确"
    PETITION = "petition", "不予处理：信访举报投诉类申请"
    REPEAT = "repeat", "不予处理：重复申请"
    PUBLICATION = "publication", "不予处理：要求提供公开出版物"
    EXCESSIVE = "excessive", "不予处理：无正当理由大量反复申请"
    CONFIRM_REISSUE = "confirm_reissue", "不予处理：要求行政机关确认或重新出具已获取信息"
    NO_CORRECTION = "no_correction", "其他处理：逾期不补正"
    FEE_UNPAID = "fee_unpaid", "其他处理：逾期未缴纳信息处理费"
    OTHER = "other", "其他处理：其他（如申请人撤回申请）"


@dataclass(frozen=True)
class OutcomeRule:
    code: Outcome
    basis: str  # legal basis as cited in the reply letter
    report_row: str  # exact label of the annual report's table 三 row
    group: str | None  # the group label above the row, if any
    discloses: bool  # does the reply release information (full or part)?


_G3 = "（三）不予公开"
_G4 = "（四）无法提供"
_G5 = "（五）不予处理"
_G6 = "（六）其他处理"
_ART = "《中华人民共和国政府信息公开条例》"

OUTCOME_RULES: dict[Outcome, OutcomeRule] = {
    r.code: r
    for r in (
        OutcomeRule(
            Outcome.ALREADY_PUBLIC, f"{_ART}第三十六条第（一）项", "（一）予以公开", None, True
        ),
        OutcomeRule(Outcome.DISCLOSED, f"{_ART}第三十六条第（二）项", "（一）予以公开", None, True),
        OutcomeRule(
            Outcome.PARTIAL,
            f"{_ART}第三十七条",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            None,
            True,
        ),
        OutcomeRule(Outcome.STATE_SECRET, f"{_ART}第十四条", "1.属于国家秘密", _G3, False),
        OutcomeRule(
            Outcome.LAW_FORBIDS, f"{_ART}第十四条", "2.其他法律行政法规禁止公开", _G3, False
        ),
        OutcomeRule(
            Outcome.SECURITY_STABILITY, f"{_ART}第十四条", "3.危及“三安全一稳定”", _G3, False
        ),
        OutcomeRule(
            Outcome.THIRD_PARTY,
            f"{_ART}第十五条、第三十二条",
            "4.保护第三方合法权益",
            _G3,
            False,
        ),
        OutcomeRule(
            Outcome.INTERNAL_AFFAIRS, f"{_ART}第十六条第一款", "5.属于三类内部事务信息", _G3, False
        ),
        OutcomeRule(
            Outcome.PROCESS_INFO, f"{_ART}第十六条第二款", "6.属于四类过程性信息", _G3, False
        ),
        OutcomeRule(
            Outcome.ENFORCEMENT_FILE, f"{_ART}第十六条第二款", "7.属于行政执法案卷", _G3, False
        ),
        OutcomeRule(
            Outcome.QUERY_REGIME, f"{_ART}第三十六条第（七）项", "8.属于行政查询事项", _G3, False
        ),
        OutcomeRule(
            Outcome.NOT_HELD,
            f"{_ART}第三十六条第（四）项、第（五）项",
            "1.本机关不掌握相关政府信息",
            _G4,
            False,
        ),
        OutcomeRule(
            Outcome.NEEDS_CREATION, f"{_ART}第三十八条", "2.没有现成信息需要另行制作", _G4, False
        ),
        OutcomeRule(
            Outcome.STILL_UNCLEAR, f"{_ART}第三十条", "3.补正后申请内容仍不明确", _G4, False
        ),
        OutcomeRule(Outcome.PETITION, f"{_ART}第三十九条", "1.信访举报投诉类申请", _G5, False),
        OutcomeRule(Outcome.REPEAT, f"{_ART}第三十六条第（六）项", "2.重复申请", _G5, False),
        OutcomeRule(Outcome.PUBLICATION, f"{_ART}第三十九条", "3.要求提供公开出版物", _G5, False),
        OutcomeRule(Outcome.EXCESSIVE, f"{_ART}第三十五条", "4.无正当理由大量反复申请", _G5, False),
        OutcomeRule(
            Outcome.CONFIRM_REISSUE,
            f"{_ART}第三十九条",
            "5.要求行政机关确认或重新出具已获取信息",
            _G5,
            False,
        ),
        OutcomeRule(
            Outcome.NO_CORRECTION,
            f"{_ART}第三十条",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            _G6,
            False,
        ),
        OutcomeRule(
            Outcome.FEE_UNPAID,
            f"{_ART}第四十二条；国办函〔2020〕109号",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            _G6,
            False,
        ),
        OutcomeRule(Outcome.OTHER, "", "3.其他", _G6, False),
    )
}

# Outcomes reached by the applicant's conduct, not chosen in a reply draft.
SYSTEM_OUTCOMES = frozenset({Outcome.NO_CORRECTION, Outcome.FEE_UNPAID})
REPLY_OUTCOMES = [o for o in Outcome if o not in SYSTEM_OUTCOMES]


def report_row(outcome: Outcome | str) -> str:
    return OUTCOME_RULES[Outcome(outcome)].report_row


def full_row_label(outcome: Outcome | str) -> str:
    """Row with its group, e.g. ``（三）不予公开 1.属于国家秘密`` (unique across the table)."""
    rule = OUTCOME_RULES[Outcome(outcome)]
    return f"{rule.group} {rule.report_row}" if rule.group else rule.report_row


def outcome_from_report_label(label: str) -> Outcome | None:
    """The importer's reverse map: a table 三 row label (short or full) to an outcome.

    予以公开 maps to ``DISCLOSED`` (36(二)); a short label without its number also matches
    (``属于国家秘密``, ``重复申请``, ``其他``)."""
    text = label.strip().replace(" ", "").replace("\u3000", "")
    if not text:
        return None
    candidates: dict[str, Outcome] = {}
    for code in (Outcome.DISCLOSED, *[o for o in Outcome if o != Outcome.ALREADY_PUBLIC]):
        rule = OUTCOME_RULES[code]
        row = rule.report_row
        bare = row.split(".", 1)[1] if "." in row[:3] else row
        for key in {row, bare, full_row_label(code).replace(" ", "")}:
            candidates.setdefault(key, code)
        if row.startswith("（"):
            candidates.setdefault(row[3:].split("（")[0], code)  # 予以公开, 部分公开
    return candidates.get(text)


class ApplicantType(models.TextChoices):
    """The annual report's columns (table 三)."""

    NATURAL = "natural", gettext_noop("自然人")
    COMMERCIAL = "commercial", gettext_noop("商业企业")
    RESEARCH = "research", gettext_noop("科研机构")
    PUBLIC_INTEREST = "public_interest", gettext_noop("社会公益组织")
    LEGAL_SERVICE = "legal_service", gettext_noop("法律服务机构")
    ORG_OTHER = "org_other", gettext_noop("其他")


ORGANISATION_TYPES = frozenset(
    {
        ApplicantType.COMMERCIAL,
        ApplicantType.RESEARCH,
        ApplicantType.PUBLIC_INTEREST,
        ApplicantType.LEGAL_SERVICE,
        ApplicantType.ORG_OTHER,
    }
)


def applicant_column(kind: str) -> str:
    """``自然人`` or ``法人或其他组织/商业企业`` etc."""
    label = ApplicantType(kind).label
    return label if kind == ApplicantType.NATURAL else f"法人或其他组织/{label}"


class ReliefOutcome(models.TextChoices):
    """Table 四: reconsideration and litigation outcomes."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


class ReliefKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER = "litigation_after", "行政诉讼（复议后起诉）"
