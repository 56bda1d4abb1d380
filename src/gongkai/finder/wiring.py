from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from gongkai.finder.models import PolicyTagging
from gongkai.finder.policy import MISSING_TAGS, is_policy, why_policy


def publish_check(doc: Any) -> list[str]:
    """A policy is published only with its tags (seed 002 rows 4-8: tags set at issue time);
    what counts as a policy is finder.policy.is_policy."""
    if is_policy(doc) and not PolicyTagging.objects.filter(document=doc).exists():
        path = reverse("finder_staff:tags", args=[doc.pk])
        return [MISSING_TAGS.format(title=doc.title, why=why_policy(doc), path=path)]
    return []


def staff_document_block(doc: Any, request: HttpRequest) -> str:
    """documents.blocks (staff page): the document's 政策北斗 tags, whether it needs them before
    publishing, and the way to set them (the review found the tag form reachable only through
    the 政策推送 menu, while the document form's free-text 栏目标签 looked like the place)."""
    from gongkai.finder.selectors import tags_of
    from gongkai.finder.vocab import groups

    tags = tags_of([doc.pk]).get(doc.pk, {})
    own = PolicyTagging.objects.filter(document=doc).exists()
    policy = is_policy(doc)
    if not tags and not policy and not doc.is_interpretation:
        return ""
    chips = [(g.label_text, v) for g in groups() for v in g.values if v in tags.get(g.key, ())]
    return render_to_string(
        "finder/_staff_document_tags.html",
        {
            "doc": doc,
            "chips": chips,
            "inherited": bool(tags) and not own,
            "policy": policy,
            "why": why_policy(doc) if policy else "",
        },
        request=request,
    )
