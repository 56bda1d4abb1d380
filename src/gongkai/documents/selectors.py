"""Reads. Public pages, feeds, the sitemap and the public API read ONLY through public_documents();
staff reads take the user and are scoped by the access layer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from gongkai import statute
from gongkai.documents.models import Attachment, Document, DocumentRelation, State, Topic
from gongkai.documents.vocab import DIVERSIFIED_FORMS, RelationKind, Validity
from gongkai.org.access import Perm, scope_unit_ids
from gongkai.org.models import User
from gongkai.workbench.todo import TodoItem
from gongkai.workdays.counting import add_working_days
from gongkai.workdays.selectors import load_calendar

NEWEST_FIRST = F("published_on").desc(nulls_last=True)  # undated imports last on every database


def out_of_force() -> Case:
    """1 for a repealed or lapsed document (by its state or its recorded validity), else 0: the
    public lists put the documents in force first, newest first, and the others after them,
    still listed and marked (issue 15: a repealed document never heads a list)."""
    return Case(
        When(
            Q(state__in=[State.REPEALED, State.LAPSED])
            | Q(validity__in=[Validity.REPEALED, Validity.LAPSED]),
            then=Value(1),
        ),
        default=Value(0),
    )


def public_documents() -> QuerySet[Document]:
    """Documents with a live version that have not been withdrawn: the only public set."""
    return (
        Document.objects.filter(live__isnull=False)
        .exclude(state=State.WITHDRAWN)
        .select_related("live", "unit", "topic", "topic__parent")
    )


def public_document(pk: int) -> Document | None:
    return public_documents().filter(pk=pk).first()


@dataclass
class Browse:
    q: str = ""
    topic: str = ""  # topic code (top level matches its children)
    issuer: str = ""
    year: int | None = None
    kind: str = ""
    validity: str = ""
    art20: int | None = None
    tag: str = ""
    normative: bool = False
    interpretations: bool | None = None


# States in which the working fields equal the live (published) version's. In any other state
# with a live version a revision is under way and its working values are not public.
SETTLED_STATES = (State.PUBLISHED, State.REPEALED, State.LAPSED)


def keyword_terms(q: str) -> list[str]:
    """The column's keyword and its everyday/official synonyms (the search's table:
    低保 also finds 最低生活保障), so the column's box and the site search agree on words."""
    from gongkai.search.analysis import normalize, synonym_groups

    q = q.strip()
    return [q, *synonym_groups().get(normalize(q), ())] if q else []


def browse(f: Browse) -> QuerySet[Document]:
    """Public browsing and simple search. Documents being revised are matched on their live
    version's snapshot, never on the unpublished working values."""
    settled = public_documents().filter(state__in=SETTLED_STATES)
    if f.q:
        match = Q()
        for term in keyword_terms(f.q):
            match |= (
                Q(live__title__icontains=term)
                | Q(doc_number__icontains=term)
                | Q(index_number__icontains=term)
                | Q(keywords__icontains=term)
                | Q(live__summary__icontains=term)
            )
        settled = settled.filter(match)
    if f.topic:
        settled = settled.filter(Q(topic__code=f.topic) | Q(topic__parent__code=f.topic))
    if f.issuer:
        settled = settled.filter(issuers__name=f.issuer)
    if f.year:
        settled = settled.filter(published_on__year=f.year)
    if f.kind:
        settled = settled.filter(doc_kind=f.kind)
    if f.validity:
        settled = settled.filter(validity=f.validity)
    if f.art20:
        settled = settled.filter(art20_item=f.art20)
    if f.tag:
        settled = settled.filter(policy_tags__name=f.tag)
    if f.normative:
        settled = settled.filter(is_normative=True)
    if f.interpretations is not None:
        settled = settled.filter(is_interpretation=f.interpretations)
    revising = [
        d.pk for d in public_documents().exclude(state__in=SETTLED_STATES) if _live_matches(d, f)
    ]
    return (
        public_documents()
        .filter(Q(pk__in=settled.values("pk")) | Q(pk__in=revising))
        .annotate(out_of_force=out_of_force())
        .order_by("out_of_force", NEWEST_FIRST, "-id")
    )


def _live_matches(doc: Document, f: Browse) -> bool:
    """``f`` applied to the live version's metadata snapshot (documents under revision)."""
    live = doc.live
    if live is None:
        return False
    m = live.metadata or {}
    if f.q:
        texts = [live.title, live.summary, m.get("doc_number"), m.get("index_number"),
                 m.get("keywords")]  # fmt: skip
        terms = [t.lower() for t in keyword_terms(f.q)]
        if not any(q in str(t or "").lower() for t in texts for q in terms):
            return False
    if f.topic:
        code = m.get("topic_code") or ""
        if code != f.topic and not Topic.objects.filter(code=code, parent__code=f.topic).exists():
            return False
    checks = [
        (f.issuer, lambda: f.issuer in (m.get("issuers") or [])),
        (f.year, lambda: str(m.get("published_on") or "")[:4] == str(f.year)),
        (f.kind, lambda: m.get("doc_kind") == f.kind),
        (f.validity, lambda: m.get("validity") == f.validity),
        (f.art20, lambda: m.get("art20_item") == f.art20),
        (f.tag, lambda: f.tag in (m.get("policy_tags") or [])),
        (f.normative, lambda: bool(m.get("is_normative"))),
    ]
    if not all(ok() for wanted, ok in checks if wanted):
        return False
    return f.interpretations is None or bool(m.get("is_interpretation")) == f.interpretations


def latest_public(limit: int = 8) -> list[Document]:
    """The newest proactive disclosures for the portal's home page, those in force first: a
    repealed or lapsed document stays listed (marked) but never heads 最新公开 (issue 15)."""
    return list(
        public_documents()
        .annotate(out_of_force=out_of_force())
        .order_by("out_of_force", NEWEST_FIRST, "-id")[:limit]
    )


def current_normative() -> QuerySet[Document]:
    """现行有效规范性文件."""
    return (
        public_documents()
        .filter(
            is_normative=True,
            state=State.PUBLISHED,
            validity__in=[Validity.VALID, Validity.AMENDED],
        )
        .order_by(NEWEST_FIRST, "-id")
    )


def public_attachments(doc: Document, version_number: int) -> QuerySet[Attachment]:
    """Attachments as they were in ``version_number`` of a public document."""
    return Attachment.objects.filter(
        document=doc,
        removed=False,
        published_version__gt=0,
        published_version__lte=version_number,
    ).filter(Q(removed_in_version=0) | Q(removed_in_version__gt=version_number))


def interpreting() -> QuerySet[DocumentRelation]:
    """Interpretation links that count for 三同步: the interpretation is public, or reviewed and
    about to be published with its policy (approved or scheduled)."""
    return DocumentRelation.objects.filter(kind=RelationKind.INTERPRETS).filter(
        (Q(source__live__isnull=False) & ~Q(source__state=State.WITHDRAWN))
        | Q(source__state__in=[State.APPROVED, State.SCHEDULED])
    )


def public_relations(doc: Document) -> dict[str, list[tuple[str, Document]]]:
    """Related PUBLIC documents: outgoing (this interprets/amends...) and incoming."""
    from gongkai.documents.vocab import RELATION_INVERSE

    visible = public_documents()
    out = [
        (RelationKind(r.kind).label, r.target)
        for r in DocumentRelation.objects.filter(source=doc, target__in=visible).select_related(
            "target__live"
        )
    ]
    incoming = [
        (RELATION_INVERSE[RelationKind(r.kind)], r.source)
        for r in DocumentRelation.objects.filter(target=doc, source__in=visible).select_related(
            "source__live"
        )
    ]
    interpretations = [
        d for label, d in incoming if label == RELATION_INVERSE[RelationKind.INTERPRETS]
    ]
    replaced_by = [
        d
        for label, d in incoming
        if label
        in (RELATION_INVERSE[RelationKind.REPLACES], RELATION_INVERSE[RelationKind.REPEALS])
    ]
    return {
        "out": out,
        "in": incoming,
        "interpretations": [("解读", d) for d in interpretations],
        "replaced_by": [("", d) for d in replaced_by],
    }


def topic_tree() -> list[tuple[Topic, list[Topic]]]:
    tops = list(Topic.objects.filter(parent__isnull=True).prefetch_related("children"))
    return [(t, list(t.children.all())) for t in tops]


# --- staff ------------------------------------------------------------------------------------


def staff_unit_scope(user: User) -> set[int] | None:
    """Units whose documents ``user`` may see in the workbench (HANDLE or REVIEW)."""
    handle = scope_unit_ids(user, Perm.HANDLE)
    review = scope_unit_ids(user, Perm.REVIEW)
    if handle is None or review is None:
        return None
    return handle | review


def documents_visible_to(user: User) -> QuerySet[Document]:
    scope = staff_unit_scope(user)
    qs = Document.objects.select_related("unit", "topic", "live", "drafted_by")
    return qs if scope is None else qs.filter(unit_id__in=scope)


def document_for_staff(user: User, pk: int) -> Document | None:
    return documents_visible_to(user).filter(pk=pk).first()


def needing_interpretation(user: User | None = None) -> QuerySet[Document]:
    """Published normative documents / major policies without an interpretation that counts."""
    qs = documents_visible_to(user) if user is not None else Document.objects.all()
    interpreted = interpreting().values("target_id")
    return (
        qs.filter(state=State.PUBLISHED)
        .filter(Q(is_normative=True) | Q(is_major_policy=True))
        .exclude(is_interpretation=True)
        .exclude(pk__in=interpreted)
    )


@dataclass(frozen=True)
class InterpretationShare:
    total: int
    diversified: int
    percent: float
    meets_target: bool


def interpretation_share(qs: QuerySet[Document] | None = None) -> InterpretationShare:
    """Share of diversified interpretations among published ones (seeds 000/004: ≥ 50%)."""
    base = (qs if qs is not None else public_documents()).filter(is_interpretation=True)
    total = base.count()
    diversified = base.filter(interpretation_form__in=[str(f) for f in DIVERSIFIED_FORMS]).count()
    percent = round(100.0 * diversified / total, 1) if total else 0.0
    return InterpretationShare(
        total,
        diversified,
        percent,
        total > 0 and percent >= statute.DIVERSIFIED_INTERPRETATION_MIN_PERCENT,
    )


@dataclass(frozen=True)
class Timeliness:
    document: Document
    due: datetime.date
    late: bool
    provisional: bool


def publication_due(written_on: datetime.date) -> tuple[datetime.date, bool]:
    """条例 Art. 26: published within 20 working days of forming (成文日期)."""
    count = add_working_days(load_calendar(), written_on, statute.PROACTIVE_PUBLISH_WORKING_DAYS)
    return count.end, count.provisional


def late_flag(doc: Document, today: datetime.date) -> Timeliness | None:
    """The Art. 26 flag for one document, or None when on time (or not applicable)."""
    if doc.written_on is None or doc.state == State.WITHDRAWN:
        return None
    if doc.disclosure_mode not in ("主动公开", "未确定"):
        return None
    due, provisional = publication_due(doc.written_on)
    late = (doc.published_on > due) if doc.published_on else (today > due)
    return Timeliness(doc, due, late, provisional) if late else None


def timeliness(qs: QuerySet[Document], today: datetime.date) -> list[Timeliness]:
    """Documents with a 成文日期 that were published late, or are still unpublished past due."""
    out = []
    for doc in qs.filter(
        written_on__isnull=False, disclosure_mode__in=["主动公开", "未确定"]
    ).exclude(state=State.WITHDRAWN):
        assert doc.written_on is not None
        due, provisional = publication_due(doc.written_on)
        done = doc.published_on
        late = (done > due) if done else (today > due)
        if late:
            out.append(Timeliness(doc, due, late, provisional))
    return out


def overdue_unpublished(qs: QuerySet[Document], today: datetime.date) -> list[Document]:
    """Never-published documents to be disclosed whose Art. 26 period has run out."""
    candidates = qs.filter(
        live__isnull=True,
        written_on__lte=today - datetime.timedelta(days=statute.PROACTIVE_PUBLISH_WORKING_DAYS),
        state__in=[State.DRAFT, State.SUBMITTED, State.APPROVED, State.SCHEDULED],
    ).exclude(disclosure_mode__in=["依申请公开", "不予公开"])
    return [d for d in candidates if late_flag(d, today) is not None]


def todo_for(user: User) -> list[TodoItem]:
    scope = staff_unit_scope(user)
    if scope is not None and not scope:
        return []
    qs = documents_visible_to(user)
    url = reverse("documents_staff:list")
    items = []
    submitted = qs.filter(state=State.SUBMITTED).exclude(drafted_by=user).exclude(submitted_by=user)
    if (n := submitted.count()) and scope_unit_ids(user, Perm.REVIEW) != set():
        items.append(TodoItem("主动公开", "待审查", n, f"{url}?state=submitted"))
    if n := qs.filter(state=State.APPROVED).count():
        items.append(TodoItem("主动公开", "已审核待发布", n, f"{url}?state=approved"))
    if n := len(overdue_unpublished(qs, timezone.localdate())):
        items.append(
            TodoItem("主动公开", "超过20个工作日未发布", n, f"{url}?todo=overdue", urgent=True)
        )
    if n := needing_interpretation(user).count():
        items.append(
            TodoItem("主动公开", "规范性文件待解读", n, f"{url}?todo=interpretation", urgent=True)
        )
    return items
