from __future__ import annotations

# the documents' fixtures (a draft, its publication, media in a temporary directory)
from gongkai.documents.tests.conftest import (  # noqa: F401
    _media,
    _taxonomy,
    make_doc,
    publish,
)
