"""The information processing fee (条例 Art. 42; 国办函〔2020〕109号), reference §4.

Either 按件 (per application, by the applicant's count in the calendar month) or 按量 (per page
of one application), never both. Bands come from gongkai.statute.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai import statute


class FeeMethod:
    PER_PIECE = "per_piece"
    PER_VOLUME = "per_volume"
    LABELS = {PER_PIECE: "按件计收", PER_VOLUME: "按量计收"}


@dataclass(frozen=True)
class FeeQuote:
    method: str
    quantity: int  # the application's number in the month (按件) or its pages (按量)
    amount: int  # 元
    lines: list[str]


def per_piece_amount(nth_in_month: int) -> int:
    """Fee for the applicant's ``nth_in_month`` application this calendar month (109号 按件)."""
    if nth_in_month < 1:
        raise ValueError("本月申请序号应从 1 开始")
    free, (upto, price) = statute.FEE_PER_PIECE_BANDS
    if nth_in_month <= free[0]:
        return free[1]
    if nth_in_month <= upto:
        return price
    size, step = statute.FEE_PER_PIECE_STEP
    band = (nth_in_month - upto - 1) // size + 1  # 31-40 → 1, 41-50 → 2 ...
    return price + band * step


def per_volume_amount(pages: int) -> int:
    """Progressive fee for ``pages`` pages of one application (109号 按量)."""
    if pages < 0:
        raise ValueError("页数不能为负数")
    total = 0
    lower = 0
    for upper, price in statute.FEE_PER_PAGE_BANDS:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            total += (top - lower) * price
        if upper is None or pages <= upper:
            break
        lower = upper
    return total


def quote(method: str, quantity: int) -> FeeQuote:
    if method == FeeMethod.PER_PIECE:
        amount = per_piece_amount(quantity)
        lines = [
            f"按件计收：该申请人本自然月第 {quantity} 件申请，"
            f"每月前 {statute.FEE_FREE_APPLICATIONS_PER_MONTH} 件免费，本件收费 {amount} 元。"
        ]
    elif method == FeeMethod.PER_VOLUME:
        amount = per_volume_amount(quantity)
        lines = [
            f"按量计收：共 {quantity} 页，{statute.FEE_FREE_PAGES} 页（含）以下免费，"
            "31-100 页每页 10 元，101-200 页每页 20 元，201 页以上每页 40 元，"
            f"合计 {amount} 元。"
        ]
    else:
        raise ValueError("收费方式应为按件计收或按量计收")
    lines.append("依据：《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）。")
    return FeeQuote(method=method, quantity=quantity, amount=amount, lines=lines)
