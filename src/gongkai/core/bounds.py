"""Bounds of the integers a request may carry (issue 13 finding 3; docs/decisions/0007).

Every integer read from a URL or a query (year, offset, limit, page, an article number) is checked
against these bounds at the edge, before it reaches the database: an out-of-range number is the
caller's mistake, answered 400 with a Chinese message naming the parameter and its range (on the
pages by core.middleware, on the API by gongkai.api), never a server error. ``Annotated`` types
carry the same bounds into the API's schemas, so the OpenAPI states them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from pydantic import Field

from gongkai.core.errors import DomainError

YEAR_MIN, YEAR_MAX = 1900, 2100  # a 发布日期 or report year; SQLite and Python dates end at 9999
MAX_OFFSET = 1_000_000  # far past any list the platform keeps
MAX_LIMIT = 1000  # one API page
MAX_PAGE = 100_000
DB_ID_MAX = 2**63 - 1  # BigAutoField

Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
DbId = Annotated[int, Field(ge=1, le=DB_ID_MAX)]
# a required text field of a request body: the schema says it may not be empty, as the service
# would refuse it (a request valid by the schema is not refused for being empty)
Required = Annotated[str, Field(min_length=1, max_length=10_000)]


class InvalidQuery(DomainError):
    """A query parameter out of its range or not a number: the request is refused with 400."""


def query_int(
    params: Mapping[str, str], name: str, *, lo: int, hi: int, label: str = ""
) -> int | None:
    """The integer ``params[name]`` (None when absent or empty); InvalidQuery when it is not an
    integer from ``lo`` to ``hi``."""
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    what = label or name
    try:
        value = int(raw) if len(raw) <= 20 else None
    except ValueError:
        value = None
    if value is None or not lo <= value <= hi:
        raise InvalidQuery(f"“{what}”应为 {lo} 至 {hi} 之间的整数（收到“{raw[:30]}”）")
    return value
