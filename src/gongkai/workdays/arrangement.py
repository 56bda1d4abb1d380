"""A year's holiday arrangement (国务院办公厅关于部分节假日安排的通知) and how it becomes rows.

Sources: the ``chinesecalendar`` package as seed data for 2019-2026 (never as the arithmetic: see
../shared/reference/holidays.md for its pitfalls), or a CSV/YAML file an administrator imports.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gongkai.core.errors import ValidationFailed

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

SEED_YEARS = range(2019, 2027)
SEED_SOURCE = "国务院办公厅关于{year}年部分节假日安排的通知（由 chinesecalendar 1.11.0 载入）"

# Every year 2004-2026 has had 244-251 working days; outside this band a file is almost
# certainly incomplete (a missing holiday block) or wrong.
MIN_WORKING_DAYS = 240
MAX_WORKING_DAYS = 256

OFF_WORDS = {"休息", "放假", "休假", "holiday", "off"}
ON_WORDS = {"上班", "调休上班", "补班", "workday", "makeup", "work"}


@dataclass
class Arrangement:
    year: int
    source: str
    holidays: dict[datetime.date, str] = field(default_factory=dict)
    makeups: dict[datetime.date, str] = field(default_factory=dict)

    def rows(self) -> list[tuple[datetime.date, str, bool, str]]:
        """(date, kind, is_working, reason) for every date of the year."""
        out = []
        d = datetime.date(self.year, 1, 1)
        while d.year == self.year:
            if d in self.makeups:
                out.append((d, "makeup", True, self.makeups[d]))
            elif d in self.holidays:
                out.append((d, "holiday", False, self.holidays[d]))
            elif d.weekday() >= 5:
                out.append((d, "weekend", False, ""))
            else:
                out.append((d, "workday", True, ""))
            d += datetime.timedelta(days=1)
        return out

    def validate(self) -> None:
        problems: list[str] = []
        if not 2000 <= self.year <= 2100:
            problems.append(f"年份 {self.year} 不在 2000-2100 之间")
        if not self.source.strip():
            problems.append("请写明来源通知（如“国务院办公厅关于2027年部分节假日安排的通知”）")
        for d in sorted({*self.holidays, *self.makeups}):
            if d.year != self.year:
                problems.append(f"日期 {d} 不属于 {self.year} 年：一个文件只能载入一个年度")
        for d in sorted(set(self.holidays) & set(self.makeups)):
            problems.append(f"日期 {d} 同时被列为放假和调休上班，请只保留一种")
        for d in sorted(self.makeups):
            if d.weekday() < 5:
                problems.append(f"调休上班日 {d} 是工作日（周一至周五），调休上班只能安排在周末")
        if not self.holidays:
            problems.append(
                "文件中没有任何放假日期：每年至少有元旦、春节、国庆等法定节假日，请检查文件"
            )
        elif not problems:
            working = sum(1 for _, _, is_working, _ in self.rows() if is_working)
            if not MIN_WORKING_DAYS <= working <= MAX_WORKING_DAYS:
                problems.append(
                    f"按此文件全年工作日为 {working} 天，超出常见范围 {MIN_WORKING_DAYS}-"
                    f"{MAX_WORKING_DAYS} 天，请检查是否漏列或多列了日期"
                )
        if problems:
            raise ValidationFailed(problems)


def from_chinesecalendar(year: int) -> Arrangement:
    import chinese_calendar

    arr = Arrangement(year=year, source=SEED_SOURCE.format(year=year))
    d = datetime.date(year, 1, 1)
    while d.year == year:
        is_holiday, name = chinese_calendar.get_holiday_detail(d)
        zh = HOLIDAY_NAMES_ZH.get(name, name) if name else ""
        if is_holiday and zh:
            arr.holidays[d] = zh
        elif not is_holiday and d.weekday() >= 5:
            arr.makeups[d] = zh
        d += datetime.timedelta(days=1)
    return arr


def _parse_date(raw: Any, where: str, problems: list[str]) -> datetime.date | None:
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw or "").strip().replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        problems.append(f"{where}：日期“{raw}”无法识别，请写成 YYYY-MM-DD，例如 2027-10-01")
        return None


YAML_KEYS = {"year", "source", "holidays", "makeup_workdays"}
ENTRY_KEYS = {"date", "start", "end", "name"}


def parse_yaml(text: str, *, source: str = "") -> Arrangement:
    """YAML: ``year``, ``source``, ``holidays`` and ``makeup_workdays``; each entry is
    ``{date: D, name: N}`` or ``{start: D, end: D, name: N}``. Unknown keys are refused, so a
    misspelt key can never load a year without its holidays."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationFailed([f"YAML 格式错误：{exc}"]) from exc
    if not isinstance(data, dict):
        raise ValidationFailed(["YAML 文件应包含 year、source、holidays、makeup_workdays 四项"])
    problems: list[str] = []
    unknown = sorted(str(k) for k in data if k not in YAML_KEYS)
    if unknown:
        problems.append(
            f"无法识别的项：{'、'.join(unknown)}（只能有 year、source、holidays、makeup_workdays）"
        )
    year = data.get("year")
    if not isinstance(year, int):
        problems.append("缺少 year（年份，整数，如 2027）")
        year = 0
    arr = Arrangement(year=year, source=str(data.get("source") or source))
    for key, target in (("holidays", arr.holidays), ("makeup_workdays", arr.makeups)):
        entries = data.get(key) or []
        if not isinstance(entries, list):
            problems.append(f"{key} 应是列表")
            continue
        for i, entry in enumerate(entries, start=1):
            where = f"{key} 第 {i} 项"
            if not isinstance(entry, dict):
                problems.append(f"{where}：应写成 {{date: 2027-01-01, name: 元旦}}")
                continue
            bad = sorted(str(k) for k in entry if k not in ENTRY_KEYS)
            if bad:
                problems.append(
                    f"{where}：无法识别的项 {'、'.join(bad)}（可用 date、start、end、name）"
                )
            name = str(entry.get("name") or "").strip()
            days: list[datetime.date] = []
            if "date" in entry:
                d = _parse_date(entry["date"], where, problems)
                if d:
                    days.append(d)
            elif "start" in entry and "end" in entry:
                a = _parse_date(entry["start"], where, problems)
                b = _parse_date(entry["end"], where, problems)
                if a and b:
                    if b < a:
                        problems.append(f"{where}：结束日期 {b} 早于开始日期 {a}")
                    elif (b - a).days > 31:
                        problems.append(f"{where}：{a} 至 {b} 超过一个月，请检查日期")
                    else:
                        while a <= b:
                            days.append(a)
                            a += datetime.timedelta(days=1)
            else:
                problems.append(f"{where}：缺少 date，或 start 与 end")
            for d in days:
                if d in target:
                    problems.append(f"{where}：日期 {d} 重复出现")
                target[d] = name
    if problems:
        raise ValidationFailed(problems)
    return arr


def parse_csv(text: str, *, source: str = "") -> Arrangement:
    """CSV with headers 日期, 类型 (放假/休息 or 上班/调休上班), 名称; optional 来源."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = [h.strip() for h in (reader.fieldnames or [])]
    missing = [h for h in ("日期", "类型") if h not in headers]
    if missing:
        raise ValidationFailed([f"CSV 缺少表头：{'、'.join(missing)}（需要 日期、类型、名称）"])
    problems: list[str] = []
    holidays: dict[datetime.date, str] = {}
    makeups: dict[datetime.date, str] = {}
    sources: set[str] = set()
    for line_no, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        where = f"第 {line_no} 行"
        d = _parse_date(row.get("日期"), where, problems)
        kind = row.get("类型", "").lower()
        name = row.get("名称", "")
        if row.get("来源"):
            sources.add(row["来源"])
        if kind in OFF_WORDS:
            target = holidays
        elif kind in ON_WORDS:
            target = makeups
        else:
            problems.append(f"{where}：类型“{row.get('类型')}”无效，应为“放假”或“上班”")
            continue
        if d:
            if d in holidays or d in makeups:
                problems.append(f"{where}：日期 {d} 重复出现")
            target[d] = name
    years = {d.year for d in [*holidays, *makeups]}
    if len(years) > 1:
        problems.append(
            f"文件包含多个年份（{'、'.join(map(str, sorted(years)))}），一次只能载入一个年度"
        )
    if not years and not problems:
        problems.append("文件中没有任何日期")
    if problems:
        raise ValidationFailed(problems)
    src = source or (sources.pop() if len(sources) == 1 else "")
    return Arrangement(year=years.pop(), source=src, holidays=holidays, makeups=makeups)


def parse_file(path: Path | str, *, source: str = "", content: bytes | None = None) -> Arrangement:
    name = str(path)
    raw = content if content is not None else Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(["文件不是 UTF-8 编码：请另存为 UTF-8 后再导入"]) from exc
    lower = name.lower()
    if lower.endswith((".yaml", ".yml")):
        arr = parse_yaml(text, source=source)
    elif lower.endswith(".csv"):
        arr = parse_csv(text, source=source)
    else:
        raise ValidationFailed([f"不支持的文件类型“{Path(name).suffix}”：请使用 .csv 或 .yaml"])
    if source:
        arr.source = source
    arr.validate()
    return arr
