"""Other capabilities contribute draft text to the annual report's prose parts.

``register_part_draft("part6", fn)``: ``fn(unit, year) -> str`` returns a paragraph (or "")
that ``assemble.prefill_texts`` appends to that part's pre-filled draft. Staff edit the draft
as before; nothing is published without them.
"""

from __future__ import annotations

from collections.abc import Callable

from gongkai.org.models import Unit

PartDraft = Callable[[Unit, int], str]
_drafts: dict[str, dict[str, PartDraft]] = {}


def register_part_draft(part: str, name: str, fn: PartDraft) -> None:
    _drafts.setdefault(part, {})[name] = fn


def part_drafts(part: str, unit: Unit, year: int) -> list[str]:
    return [t for _, fn in sorted(_drafts.get(part, {}).items()) if (t := fn(unit, year))]
