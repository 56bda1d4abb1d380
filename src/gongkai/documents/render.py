"""The exact bytes of a published version's download: a standalone HTML file built by a pure
function from the snapshot (no templates), stored with the version and hashed at publication."""

from __future__ import annotations

from html import escape
from typing import Any

from gongkai.core.html import ALLOWED_TAGS, sanitise_body

# The sanitiser is shared with other staff-edited rich text (the 指南); re-exported here.
__all__ = ["ALLOWED_TAGS", "render_version", "sanitise_body", "text_to_html"]


def text_to_html(text: str) -> str:
    """Plain or Markdown-ish text (imports) as paragraphs; '## ' lines become headings."""
    parts = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            parts.append(f"<h2>{escape(line.lstrip('#').strip())}</h2>")
        else:
            parts.append(f"<p>{escape(line)}</p>")
    return "\n".join(parts)


METADATA_ROWS = (
    ("index_number", "索引号"),
    ("topic", "主题分类"),
    ("issuers", "发文机关"),
    ("written_on", "成文日期"),
    ("title", "标题"),
    ("doc_number", "发文字号"),
    ("published_on", "发布日期"),
    ("effective_on", "实施日期"),
    ("expires_on", "废止/失效日期"),
    ("doc_kind", "公文种类"),
    ("keywords", "关键词"),
    ("disclosure_mode", "公开方式"),
    ("scope", "公开范围"),
)


def render_version(meta: dict[str, Any], body: str, summary: str, revision_note: str) -> str:
    rows = []
    for key, label in METADATA_ROWS:
        value = meta.get(key) or "—"
        if isinstance(value, list):
            value = "、".join(str(v) for v in value) or "—"
        rows.append(f'<tr><th scope="row">{label}</th><td>{escape(str(value))}</td></tr>')
    note = f"<p>修订说明：{escape(revision_note)}</p>\n" if revision_note else ""
    summ = f"<p>内容概述：{escape(summary)}</p>\n" if summary else ""
    return (
        '<!doctype html>\n<html lang="zh-Hans">\n<head><meta charset="utf-8">'
        f"<title>{escape(str(meta.get('title', '')))}</title></head>\n<body>\n"
        f"<table>\n{chr(10).join(rows)}\n</table>\n"
        f"<p>第 {int(meta.get('version', 1))} 版，发布单位：{escape(str(meta.get('unit', '')))}</p>\n"
        f"{note}{summ}<h1>{escape(str(meta.get('title', '')))}</h1>\n{body}\n</body>\n</html>\n"
    )
