from __future__ import annotations

from typing import Any

from gongkai.finder.models import PolicyTagging
from gongkai.finder.policy import MISSING_TAGS, is_policy, why_policy


def publish_check(doc: Any) -> list[str]:
    """A policy is published only with its tags (seed 002 rows 4-8: tags set at issue time);
    what counts as a policy is finder.policy.is_policy."""
    if is_policy(doc) and not PolicyTagging.objects.filter(document=doc).exists():
        return [MISSING_TAGS.format(title=doc.title, why=why_policy(doc))]
    return []
