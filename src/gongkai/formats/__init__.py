"""How dates and times read on pages, per language (FORMAT_MODULE_PATH; decision 0018).

``{{ d|date }}`` gives the long form of the active language (2026年12月6日 / 6 December 2026),
``{{ d|date:"SHORT_DATE_FORMAT" }}`` the compact form for table columns (2026-12-06), and the
same with DATETIME_FORMAT / SHORT_DATETIME_FORMAT for a moment (Beijing time, 24-hour HH:MM).
Machine-readable values (``<time datetime>``, ``<input type="date">``, CSV/XLSX cells, the API,
feeds) are written as ISO 8601 with an explicit format, never through these.
"""

from __future__ import annotations

import datetime

from django.utils import formats


def cn_date(d: datetime.date | None) -> str:
    """2026年12月6日 whatever the active language: for text that is Chinese by nature (a
    letter, a case's record, a notification, a staff page's sentence); "" for no date."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def long_date(d: datetime.date | None) -> str:
    """The long form in the active language (2026年12月6日 / 6 December 2026); "" for none.
    A datetime is shown as its date in Beijing time."""
    if d is None:
        return ""
    if isinstance(d, datetime.datetime):
        from django.utils import timezone

        d = timezone.localdate(d) if timezone.is_aware(d) else d.date()
    return formats.date_format(d, "DATE_FORMAT")
