from gongkai.documents.tests.conftest import _media, _taxonomy, make_doc, publish  # noqa: F401
from gongkai.finder.tests.conftest import embedded_search  # noqa: F401
from gongkai.portal.tests.conftest import (  # noqa: F401
    axe,
    axe_violations,
    browser,
    compiled_search,
    page,
)
