import pytest

from gongkai.documents.tests.conftest import _media, _taxonomy, make_doc, publish  # noqa: F401
from gongkai.portal.tests.conftest import (  # noqa: F401
    axe,
    axe_violations,
    browser,
    compiled_search,
    page,
)
from gongkai.search import backend as backend_mod


@pytest.fixture
def embedded_search(monkeypatch, settings, tmp_path):
    """The embedded search deployment, its snapshots under this test's own directory."""
    monkeypatch.setenv("GONGKAI_SEARCH_DEPLOYMENT", "embedded")
    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(backend_mod, "_backends", {})
