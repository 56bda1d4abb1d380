"""Reads of 政民互动. The writer's personal data is read only here, for staff in scope; public
pages read only published (masked, confirmed) text and counts."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from gongkai.core.privacy import mask_personal_data
from gongkai.interaction.machine import (
    ANSWERED_STATES,
    OPEN_STATES,
    Publication,
    Satisfaction,
    State,
)
from gongkai.interaction.models import Channel, Message, MessageEvent
from gongkai.org.access import Perm, can, scope_unit_ids
from gongkai.org.models import Unit, User

Viewer = User | AnonymousUser | None


# --- staff ------------------------------------------------------------------------------------


def messages_visible_to(user: Viewer) -> QuerySet[Message]:
    """Messages the user's units received or were given to handle (own unit; supervisors the
    units below; administrators all)."""
    scope = scope_unit_ids(user, Perm.USE_WORKBENCH)
    qs = Message.objects.select_related("channel", "unit", "handling_unit", "reply_unit")
    if scope is None:
        return qs
    return qs.filter(Q(unit_id__in=scope) | Q(handling_unit_id__in=scope))


def message_for(user: Viewer, code: str) -> Message | None:
    return messages_visible_to(user).filter(tracking_code=code).first()


def may_see_writer(user: Viewer, message: Message) -> bool:
    """Handling staff of the receiving or the handling unit and reviewers above them."""
    units = [message.unit] + ([message.handling_unit] if message.handling_unit else [])
    return any(can(user, perm, u) for perm in (Perm.HANDLE, Perm.REVIEW) for u in units)


def events_of(message: Message) -> list[MessageEvent]:
    return list(message.events.select_related("actor").order_by("seq"))


@dataclass(frozen=True)
class StaffFilter:
    state: str = ""
    channel: str = ""
    flag: str = ""  # "due_soon" | "overdue" | "mine"


def filter_messages(qs: QuerySet[Message], f: StaffFilter, user: Viewer) -> QuerySet[Message]:
    if f.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif f.state in State.values:
        qs = qs.filter(state=f.state)
    if f.channel:
        qs = qs.filter(channel__slug=f.channel)
    if f.flag == "due_soon":
        qs = qs.filter(due_soon=True, state__in=OPEN_STATES)
    elif f.flag == "overdue":
        qs = qs.filter(overdue=True, state__in=OPEN_STATES)
    return qs


def todo_counts(user: User) -> dict[str, int]:
    """What waits for ``user``: to route (receiving unit), to handle and draft, to review, to
    send; and how many of the open ones are due soon or overdue."""
    handle = scope_unit_ids(user, Perm.HANDLE)
    review = scope_unit_ids(user, Perm.REVIEW)

    def in_scope(scope: set[int] | None, field_name: str) -> Q:
        return Q() if scope is None else Q(**{f"{field_name}__in": scope})

    qs = Message.objects.annotate(resp=Coalesce("handling_unit_id", "unit_id"))
    out = {"route": 0, "handle": 0, "review": 0, "send": 0, "due_soon": 0, "overdue": 0}
    if handle is None or handle:
        out["route"] = qs.filter(in_scope(handle, "unit_id"), state=State.RECEIVED).count()
        out["handle"] = qs.filter(in_scope(handle, "resp"), state=State.ROUTED).count()
        out["send"] = qs.filter(in_scope(handle, "resp"), state=State.APPROVED).count()
    if review is None or review:
        out["review"] = qs.filter(in_scope(review, "resp"), state=State.DRAFTED).count()
    scope = handle if (handle is None or handle) else review
    if scope is None or scope:
        open_qs = qs.filter(in_scope(scope, "resp"), state__in=OPEN_STATES)
        out["due_soon"] = open_qs.filter(due_soon=True).count()
        out["overdue"] = open_qs.filter(overdue=True).count()
    return out


# --- the writer -------------------------------------------------------------------------------


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def message_matching(code: str, phone: str) -> Message | None:
    """The message with this tracking code (or imported ticket number) whose writer's phone
    matches; None otherwise (the same answer for a wrong code and a wrong phone)."""
    code = code.strip().upper()
    digits = _digits(phone)
    if not code or len(digits) < 7:
        return None
    candidates = Message.objects.filter(Q(tracking_code=code) | Q(source_ref=code))
    for message in candidates.select_related("channel", "unit", "handling_unit", "reply_unit"):
        if _digits(message.phone)[-11:] == digits[-11:]:
            return message
    return None


@dataclass
class Progress:
    """What the writer sees by tracking code + phone: no name, phone or e-mail (the title and
    the reply with personal data masked, as a page open on a shared screen should be)."""

    tracking_code: str
    channel: str
    title: str
    unit_name: str
    handling_unit_name: str
    received_on: datetime.date
    due_on: datetime.date
    state: str
    state_label: str
    reply_text: str
    reply_unit_name: str
    replied_on: datetime.date | None
    can_rate: bool
    satisfaction_label: str
    publication_label: str
    steps: list[tuple[datetime.date, str]] = field(default_factory=list)


def public_progress(code: str, phone: str) -> Progress | None:
    import django.utils.timezone as tz

    message = message_matching(code, phone)
    if message is None:
        return None
    answered = message.state in ANSWERED_STATES
    names = [message.name]
    # a progress page may be open on a shared screen: personal data masked here too
    return Progress(
        tracking_code=message.tracking_code,
        channel=message.channel.name,
        title=mask_personal_data(message.title, names=names).text,
        unit_name=message.unit.name,
        handling_unit_name=message.handling_unit.name if message.handling_unit else "",
        received_on=message.received_on,
        due_on=message.due_on,
        state=message.state,
        state_label=State(message.state).label,
        reply_text=mask_personal_data(message.reply_text, names=names).text if answered else "",
        reply_unit_name=message.reply_unit.name if answered and message.reply_unit else "",
        replied_on=message.replied_on,
        can_rate=message.state == State.REPLIED,
        satisfaction_label=message.get_satisfaction_display() if message.satisfaction else "",
        publication_label=Publication(message.publication).label,
        steps=[(tz.localdate(e.at), e.label) for e in events_of(message)],
    )


# --- public: 留言选登 and the board -----------------------------------------------------------


def published_messages() -> QuerySet[Message]:
    return (
        Message.objects.filter(publication=Publication.PUBLISHED)
        .select_related("channel", "unit", "handling_unit", "reply_unit", "topic", "document")
        .only(
            "id",
            "published_title",
            "published_content",
            "published_reply",
            "published_on",
            "received_on",
            "replied_on",
            "channel__slug",
            "channel__name",
            "unit__name",
            "unit__code",
            "handling_unit__name",
            "reply_unit__name",
            "topic__code",
            "topic__name",
            "topic__parent_id",
            "document__id",
            "document__title",
        )
        .order_by("-published_on", "-id")
    )


@dataclass(frozen=True)
class PublicFilter:
    channel: str = ""
    unit: str = ""
    topic: str = ""
    month: str = ""  # YYYY-MM of the reply


def any_received_before(day: datetime.date) -> bool:
    """Whether any message (public or not; only a yes/no leaves here) came before ``day``."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return Message.objects.filter(received_at__lt=start).exists()


def month_range(month: str) -> tuple[datetime.date, datetime.date] | None:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    start = datetime.date(int(m.group(1)), int(m.group(2)), 1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, end


def filter_published(qs: QuerySet[Message], f: PublicFilter) -> QuerySet[Message]:
    if f.channel:
        qs = qs.filter(channel__slug=f.channel)
    if f.unit:
        qs = qs.filter(Q(reply_unit__code=f.unit) | Q(unit__code=f.unit))
    if f.topic:
        qs = qs.filter(Q(topic__code=f.topic) | Q(topic__parent__code=f.topic))
    rng = month_range(f.month) if f.month else None
    if rng:
        qs = qs.filter(replied_on__gte=rng[0], replied_on__lt=rng[1])
    return qs


def published_for_document(document_id: int) -> list[Message]:
    return list(published_messages().filter(document_id=document_id)[:20])


def public_channels() -> list[Channel]:
    return list(Channel.objects.filter(active=True))


# --- statistics -----------------------------------------------------------------------------


@dataclass
class Counts:
    received: int = 0
    replied: int = 0
    on_time: int = 0
    overdue: int = 0
    satisfied: int = 0
    basic: int = 0
    unsatisfied: int = 0
    published: int = 0

    @property
    def rated(self) -> int:
        return self.satisfied + self.basic + self.unsatisfied

    @property
    def satisfaction_rate(self) -> str:
        if not self.rated:
            return "—"
        return f"{(self.satisfied + self.basic) * 100 / self.rated:.1f}%"

    @property
    def on_time_rate(self) -> str:
        return f"{self.on_time * 100 / self.replied:.1f}%" if self.replied else "—"


_COUNT_AGGREGATES = {
    "received": Count("id"),
    "replied": Count("id", filter=Q(replied_on__isnull=False)),
    "on_time": Count("id", filter=Q(replied_on_time=True)),
    # replied late, or still open past the deadline
    "overdue": Count(
        "id", filter=Q(replied_on_time=False) | Q(overdue=True, state__in=OPEN_STATES)
    ),
    "satisfied": Count("id", filter=Q(satisfaction=Satisfaction.SATISFIED)),
    "basic": Count("id", filter=Q(satisfaction=Satisfaction.BASIC)),
    "unsatisfied": Count("id", filter=Q(satisfaction=Satisfaction.UNSATISFIED)),
    "published": Count("id", filter=Q(publication=Publication.PUBLISHED)),
}


def _period(qs: QuerySet[Message], start: datetime.date, end: datetime.date) -> QuerySet[Message]:
    return qs.filter(received_on__gte=start, received_on__lt=end)


def counts_by(
    start: datetime.date,
    end: datetime.date,
    by: str,
    units: Sequence[Unit] | None = None,
) -> list[tuple[str, Counts]]:
    """The counts of messages received in [start, end), grouped by ``channel``, ``unit`` (the
    responsible unit: the one it was routed to, else the receiving one) or ``month``; one
    selector for the public monthly page, the staff statistics and the supervisors' figures."""
    qs = _period(Message.objects.all(), start, end).annotate(
        resp=Coalesce("handling_unit_id", "unit_id")
    )
    if units is not None:
        qs = qs.filter(resp__in=[u.pk for u in units])
    if by == "channel":
        key = "channel__name"
        order = "channel__order"
        rows = qs.values(key, order).annotate(**_COUNT_AGGREGATES).order_by(order)
    elif by == "unit":
        key = "resp"
        rows = qs.values(key).annotate(**_COUNT_AGGREGATES).order_by(key)
    elif by == "month":
        from django.db.models.functions import TruncMonth

        key = "m"
        rows = (
            qs.annotate(m=TruncMonth("received_on"))
            .values(key)
            .annotate(**_COUNT_AGGREGATES)
            .order_by(key)
        )
    else:
        raise ValueError(by)
    names = {}
    if by == "unit":
        names = dict(Unit.objects.values_list("id", "name"))
    out = []
    for row in rows:
        label = row[key]
        if by == "unit":
            label = names.get(label, str(label))
        elif by == "month":
            label = f"{label:%Y-%m}" if label else ""
        out.append((str(label), Counts(**{k: row[k] for k in _COUNT_AGGREGATES})))
    return out


def counts_total(start: datetime.date, end: datetime.date) -> Counts:
    row = _period(Message.objects.all(), start, end).aggregate(**_COUNT_AGGREGATES)
    return Counts(**{k: row[k] or 0 for k in _COUNT_AGGREGATES})


def unit_counts_for_year(units: Sequence[Unit], year: int) -> dict[int, Counts]:
    start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    qs = (
        _period(Message.objects.all(), start, end)
        .annotate(resp=Coalesce("handling_unit_id", "unit_id"))
        .filter(resp__in=[u.pk for u in units])
        .values("resp")
        .annotate(**_COUNT_AGGREGATES)
    )
    return {r["resp"]: Counts(**{k: r[k] for k in _COUNT_AGGREGATES}) for r in qs}


def concerns(
    start: datetime.date, end: datetime.date, units: Sequence[Unit] | None = None, top: int = 20
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """社会关切: the most frequent topics and words of the messages received in the period
    (titles and contents, personal data masked first; the search's tokenizer)."""
    from gongkai.search.analysis import normalize, stopwords, words

    qs = _period(Message.objects.all(), start, end)
    if units is not None:
        ids = [u.pk for u in units]
        qs = qs.filter(Q(unit_id__in=ids) | Q(handling_unit_id__in=ids))
    topics = Counter(
        name for name in qs.filter(topic__isnull=False).values_list("topic__name", flat=True)
    )
    stop = stopwords()
    counter: Counter[str] = Counter()
    for title, content, name in qs.values_list("title", "content", "name").iterator():
        text = mask_personal_data(f"{title}。{content}", names=[name]).text
        seen = set()
        for w in words(normalize(text)):
            if len(w) < 2 or w in stop or w.isdigit() or "隐去" in w or w in seen:
                continue
            seen.add(w)  # a word counts once per message: what many people ask about
            counter[w] += 1
    return topics.most_common(top), counter.most_common(top)
