from __future__ import annotations

from typing import Any

from gongkai.finder.models import PolicyTagging
from gongkai.finder.selectors import is_policy


def publish_check(doc: Any) -> list[str]:
    """A policy is published only with its tags (seed 002 rows 4-8: tags set at issue time)."""
    if is_policy(doc) and not PolicyTagging.objects.filter(document=doc).exists():
        return [
            "政策文件发布前须设置政策标签（适用对象、行业、企业规模、区域、扶持方式或生命事件）："
            "请在“政策标签”中选择后再发布。"
        ]
    return []
