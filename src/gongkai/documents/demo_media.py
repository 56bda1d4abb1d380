"""Pictures for the demo's policy interpretations, drawn here with Pillow (no files from outside
the repository, no network): a bar chart for a 一图读懂 and a poster of the application steps.

Each picture comes with its text alternative (what the picture says, in words), stored as the
attachment's ``description`` and used as the public page's ``alt``. A video interpretation is not
made: the platform's environment has no WebM encoder (no ffmpeg, no Python VP8/VP9 encoder in the
dependencies), so the demo's interpretations are a chart and a poster (both 图解).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from gongkai import statute

INK = (33, 37, 41)
BLUE = (31, 78, 121)  # 8.6:1 on white
PALE = (232, 240, 248)
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class Picture:
    name: str  # the attachment's file name
    data: bytes  # PNG
    description: str  # its text alternative


@cache
def _cjk_font_file() -> str:
    """A font file with Chinese glyphs (fontconfig's choice for Noto Sans CJK SC, installed with
    the paper fonts by scripts/ensure-paper-fonts.sh), or "" when there is none."""
    if shutil.which("fc-match") is None:
        return ""
    for family in ("Noto Sans CJK SC", "Noto Serif CJK SC"):
        found = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            ["fc-match", "-f", "%{file}\n%{lang}", f"{family}:lang=zh-cn"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        path, _, langs = found.partition("\n")
        if path and "zh-cn" in langs.split("|"):
            return path
    return ""


def _font(size: int) -> Any:
    path = _cjk_font_file()
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)  # Latin only: the figures still read, the words are in alt


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _centred(
    draw: ImageDraw.ImageDraw, x: float, y: float, text: str, font: Any, fill: Any
) -> None:
    draw.text((x, y), text, font=font, fill=fill, anchor="mm")


# 示范区城乡居民最低生活保障标准（元/人·月）: the demo district's own figures
ALLOWANCE = [(2022, 1330), (2023, 1420), (2024, 1510), (2025, 1550), (2026, 1600)]


def allowance_chart(title: str) -> Picture:
    width, height = 960, 600
    img = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(img)
    _centred(draw, width / 2, 48, "示范区城乡居民最低生活保障标准", _font(36), INK)
    _centred(draw, width / 2, 92, "单位：元/人·月", _font(22), INK)
    left, right, top, bottom = 110, width - 60, 140, height - 90
    draw.line([(left, bottom), (right, bottom)], fill=INK, width=2)
    peak = 1800
    slot = (right - left) / len(ALLOWANCE)
    for i, (year, amount) in enumerate(ALLOWANCE):
        x0 = left + slot * i + slot * 0.2
        x1 = left + slot * (i + 1) - slot * 0.2
        y0 = bottom - (bottom - top) * amount / peak
        draw.rectangle([x0, y0, x1, bottom], fill=BLUE)
        _centred(draw, (x0 + x1) / 2, y0 - 20, str(amount), _font(26), INK)
        _centred(draw, (x0 + x1) / 2, bottom + 28, f"{year}年", _font(24), INK)
    _centred(draw, width / 2, height - 24, "数据来源：示范区民政局", _font(20), INK)
    steps = "，".join(f"{y}年{a}元" for y, a in ALLOWANCE)
    rise = ALLOWANCE[-1][1] - ALLOWANCE[0][1]
    description = (
        f"柱状图：示范区城乡居民最低生活保障标准（元/人·月）逐年提高，{steps}；"
        f"{ALLOWANCE[-1][0]}年比{ALLOWANCE[0][0]}年提高{rise}元。数据来源：示范区民政局。"
    )
    return Picture(f"{title}.png", _png(img), description)


def application_steps() -> list[tuple[str, str]]:
    """The steps of an application as the poster prints them (statutory days from statute.py)."""
    return [
        ("提交申请", "在线填写申请表，或当面递交、邮寄、传真书面申请"),
        (
            "登记受理",
            f"申请内容不明确的，{statute.CORRECTION_NOTICE_WORKING_DAYS}个工作日内"
            "一次性告知需要补正的事项",
        ),
        (
            "作出答复",
            f"不能当场答复的，{statute.REPLY_WORKING_DAYS}个工作日内答复；"
            f"需要延长的，最长延长{statute.EXTENSION_MAX_WORKING_DAYS}个工作日",
        ),
        ("监督救济", "对答复不服的，可以依法申请行政复议或者提起行政诉讼"),
    ]


def _wrap(text: str, font: Any, width: float) -> list[str]:
    """Lines of at most ``width`` pixels (Chinese breaks between any two characters)."""
    lines = [""]
    for ch in text:
        if lines[-1] and font.getlength(lines[-1] + ch) > width:
            lines.append("")
        lines[-1] += ch
    return lines


def application_poster(title: str) -> Picture:
    width, height = 800, 1100
    img = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, width, 150], fill=BLUE)
    _centred(draw, width / 2, 62, "如何申请政府信息公开", _font(44), WHITE)
    _centred(draw, width / 2, 116, "示范区人民政府办公室", _font(24), WHITE)
    steps = application_steps()
    box_h, gap, y = 170, 50, 190
    for n, (head, text) in enumerate(steps, start=1):
        draw.rounded_rectangle(
            [60, y, width - 60, y + box_h], radius=16, fill=PALE, outline=BLUE, width=3
        )
        draw.ellipse([84, y + 24, 144, y + 84], fill=BLUE)
        _centred(draw, 114, y + 54, str(n), _font(32), WHITE)
        draw.text((168, y + 30), head, font=_font(34), fill=INK)
        for j, line in enumerate(_wrap(text, _font(26), width - 60 - 168 - 24)):
            draw.text((168, y + 82 + 34 * j), line, font=_font(26), fill=INK)
        y += box_h
        if n < len(steps):
            mid = width / 2
            draw.polygon([(mid - 18, y + 12), (mid + 18, y + 12), (mid, y + gap - 8)], fill=BLUE)
            y += gap
    _centred(draw, width / 2, height - 36, "在线申请：本网站“依申请公开”栏目", _font(24), INK)
    words = "；".join(f"第{n}步{head}：{text}" for n, (head, text) in enumerate(steps, start=1))
    description = f"海报：如何申请政府信息公开，共{len(steps)}步。{words}。在线申请请进入本网站“依申请公开”栏目。"
    return Picture(f"{title}.png", _png(img), description)
