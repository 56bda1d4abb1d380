"""What a policy (政策文件) is: the documents whose 政策标签 must be set before they are published
(seed 002 row 4: "实施政策文件标签化管理,在政策出台时,明确政策文件的标签分类").

Decided once, here, from the document's own fields (decision 0016). The 政府信息公开 column's
政策文件 parts are 规章, 行政规范性文件 and 其他政策文件 (reference/disclosure-rules.md, Art. 20 (一)
"行政法规、规章和规范性文件"; the 标准目录 demo's 政策文件 rows). So a policy is a document that is not
an interpretation and is

* a 行政规范性文件 (``is_normative``, or of the kind 规范性文件), or a 规章 (``doc_kind`` 规章);
* a 重大政策 (``is_major_policy``: e.g. 经区政府常务会议审议通过的重要政策文件, seed 004 item 13);
* an 其他政策文件: a 决定, 命令（令） or 意见 — the kinds that decide, order or set out how to handle
  a matter (党政机关公文处理工作条例 第八条) — filed under one of the policy items of Art. 20:
  (一) 规章和规范性文件, (三) 规划…及相关政策, (十一) 扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施;
  and under (三) and (十一), which name policies and measures themselves, also a 通知, 公告, 通告 or
  规划计划 (a notice issuing 补贴办法 under (十一) is a policy).

Not policies: a notice of a meeting or a work notice under (一), a personnel appointment (Art. 20
(二)/(十四)), statistics, reports, replies, letters, minutes. An interpretation (政策解读) is no
policy of its own, but it may carry tags and, without its own, carries its policy's
(selectors.tags_of), so it reaches the same people.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from gongkai.documents.vocab import DocKind

POLICY_KINDS = frozenset({DocKind.RULE, DocKind.NORMATIVE})  # 规章, 规范性文件 (also by kind)
DECIDING_KINDS = frozenset({DocKind.DECISION, DocKind.ORDER, DocKind.OPINION})
DECIDING_ITEMS = frozenset({1, 3, 11})  # Art. 20 (一), (三), (十一)
MEASURE_KINDS = frozenset(
    {DocKind.NOTICE, DocKind.ANNOUNCEMENT, DocKind.NOTICE_PUBLIC, DocKind.PLAN}
)
MEASURE_ITEMS = frozenset({3, 11})  # Art. 20 (三) 相关政策, (十一) 政策、措施


def is_policy(doc: Any) -> bool:
    """The one rule; ``policy_q`` is the same rule for a query."""
    if doc.is_interpretation:
        return False
    if doc.is_normative or doc.is_major_policy or doc.doc_kind in POLICY_KINDS:
        return True
    if doc.doc_kind in DECIDING_KINDS and doc.art20_item in DECIDING_ITEMS:
        return True
    return doc.doc_kind in MEASURE_KINDS and doc.art20_item in MEASURE_ITEMS


def policy_q() -> Q:
    return Q(is_interpretation=False) & (
        Q(is_normative=True)
        | Q(is_major_policy=True)
        | Q(doc_kind__in=POLICY_KINDS)
        | Q(doc_kind__in=DECIDING_KINDS, art20_item__in=DECIDING_ITEMS)
        | Q(doc_kind__in=MEASURE_KINDS, art20_item__in=MEASURE_ITEMS)
    )


MISSING_TAGS = (
    "“{title}”是政策文件（{why}），发布前须设置政策北斗的政策标签：请在文件页的“政策北斗标签”一栏"
    "（{path}）至少选择一项（适用对象、行业、企业规模、区域、扶持方式或生命事件）后再发布。"
    "文件表单中的“栏目标签”不是政策北斗标签。"
)


def why_policy(doc: Any) -> str:
    """Why the document counts as a policy, in the clerk's words (for the message)."""
    if doc.is_normative:
        return "行政规范性文件"
    if doc.doc_kind in POLICY_KINDS:
        return str(doc.doc_kind)
    if doc.is_major_policy:
        return "重大政策"
    return (
        f"列入条例第二十条第（{_ITEM_MARKS.get(doc.art20_item, doc.art20_item)}）项的{doc.doc_kind}"
    )


_ITEM_MARKS = {1: "一", 3: "三", 11: "十一"}
