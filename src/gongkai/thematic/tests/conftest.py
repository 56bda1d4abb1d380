from __future__ import annotations

import pytest

from gongkai.core.middleware import acting_through
from gongkai.documents.tests.conftest import _media, _taxonomy, make_doc, publish  # noqa: F401
from gongkai.portal.tests.conftest import (  # noqa: F401
    axe,
    axe_violations,
    browser,
    compiled_search,
    page,
)
from gongkai.workdays.arrangement import from_chinesecalendar
from gongkai.workdays.services import calendar_apply_import


@pytest.fixture
def calendar(db):
    with acting_through("cli"):
        for year in (2025, 2026):
            calendar_apply_import(actor=None, arrangement=from_chinesecalendar(year), system=True)
