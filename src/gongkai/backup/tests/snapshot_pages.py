"""Run as ``python -m gongkai.backup.tests.snapshot_pages OUT.json`` in a node's environment:
crawls the public site from the home page (links within the site, never /staff/ or /api/)
and writes {url: [status, sha256 of the body with CSRF tokens masked]} plus every table's
row count. The backup round-trip test compares two of these."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import deque

SKIP = ("/staff/", "/api/", "/i18n/", "/prefs/", "/static/", "/admin/")
CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+(")')
# the public forms' anti-spam question is new on every page view (participation, interaction):
# its signed token and its words are masked like the CSRF token
CHALLENGE = re.compile(rb'(name="(?:challenge|captcha_token)" value=")[^"]+(")')
_NUM = (
    "(?:" + "|".join("零一二三四五六七八九十") + ")+"
)  # bytes: each character whole, not its bytes
QUESTION = re.compile(f"{_NUM}(?:加|减){_NUM}等于几".encode())
LINK = re.compile(r'href="(/[^"#]*)"')
LIMIT = 400


STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
# a page that says when it was made ("截至 2026年12月6日 07:45", the printable FAQ list;
# decision 0018) is compared without that minute: the two crawls run minutes apart
AS_OF = re.compile(r"截至 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}".encode())


def _workbook_values(data: bytes) -> bytes:
    """A generated workbook compared by what it says: every sheet's cell values, with the
    export's own date-time stamp masked."""
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    text = json.dumps(
        [
            [ws.title, [[str(v) for v in row] for row in ws.iter_rows(values_only=True)]]
            for ws in wb
        ],
        ensure_ascii=False,
    )
    return STAMP.sub("MASKED", text).encode()


def _document_text(data: bytes) -> bytes:
    """A generated DOCX compared by what it says: its paragraphs and its tables' cells."""
    import io

    import docx

    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return STAMP.sub("MASKED", json.dumps(parts, ensure_ascii=False)).encode()


def main(out: str) -> None:
    import django

    django.setup()
    from django.test import Client

    from gongkai.backup.services import table_counts

    client = Client()
    seen: dict[str, list[object]] = {}
    queue = deque(["/", "/sitemap.xml", "/xxgk/feed.atom", "/search/?q=政务公开"])
    while queue and len(seen) < LIMIT:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP):
            continue
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        kind = response.get("Content-Type", "")
        if response.status_code == 200 and (
            "spreadsheetml" in kind or url.split("?")[0].endswith(".xlsx")
        ):
            body = _workbook_values(body)  # made on request: its zip and docProps carry the time
        elif response.status_code == 200 and "wordprocessingml" in kind:
            body = _document_text(body)  # likewise a DOCX (the annual report's download)
        body = CSRF.sub(rb"\1MASKED\2", body)
        body = CHALLENGE.sub(rb"\1MASKED\2", body)
        body = AS_OF.sub("截至 MASKED".encode(), body)
        body = QUESTION.sub("某加某等于几".encode(), body)
        seen[url] = [response.status_code, hashlib.sha256(body).hexdigest()]
        if "html" in response.get("Content-Type", ""):
            for link in LINK.findall(body.decode("utf-8", "replace")):
                link = link.replace("&amp;", "&")
                if link not in seen:
                    queue.append(link)
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"pages": seen, "tables": table_counts()}, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
