from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from gongkai.library.management.commands.library import SAMPLE


@pytest.fixture
def laws_file(tmp_path: Path) -> Path:
    """The first 30 laws of the shipped sample, plus the 民法典 (filed as eight entries, one per
    book, all with the same title)."""
    out = tmp_path / "laws.jsonl.gz"
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as src:
        lines = src.readlines()
    chosen = lines[:30] + [ln for ln in lines if '"title": "中华人民共和国民法典"' in ln]
    with gzip.open(out, "wt", encoding="utf-8") as dst:
        dst.writelines(chosen)
    return out
