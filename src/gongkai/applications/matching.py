"""Same applicant, same information: duplicate applications (条例 Art. 36(六)) and the
applicant's monthly count for the 按件 fee (国办函〔2020〕109号)."""

from __future__ import annotations

import re

from django.db.models import Q

from gongkai.applications.machine import REPLIED_STATES
from gongkai.applications.models import Applicant, Application


def normalise(text: str) -> str:
    """Information wanted, compared without spaces and punctuation."""
    return re.sub(r"[\s\W_]+", "", text).lower()


def same_applicant_q(person: Applicant) -> Q:
    if person.id_number:
        return Q(applicant__id_number__iexact=person.id_number.strip())
    return Q(applicant__name=person.name.strip(), applicant__phone=person.phone.strip())


def mark_duplicate(app: Application) -> Application | None:
    """Point ``app.duplicate_of`` at an earlier, answered application of the same applicant
    for the same information (a hint for the clerk; the outcome stays the clerk's call)."""
    person = Applicant.objects.filter(application=app).first()
    if person is None:
        return None
    wanted = normalise(app.information)
    earlier = (
        Application.objects.filter(
            same_applicant_q(person), unit_id=app.unit_id, state__in=REPLIED_STATES
        )
        .exclude(pk=app.pk)
        .order_by("-received_on")
    )
    for other in earlier[:200]:
        if normalise(other.information) == wanted:
            app.duplicate_of = other
            return other
    return None


def monthly_number(app: Application) -> int:
    """This application's number among the applicant's applications to the same agency in its
    calendar month (国办函〔2020〕109号 按件)."""
    person = Applicant.objects.filter(application=app).first()
    if person is None:
        return 1
    month = Application.objects.filter(
        same_applicant_q(person),
        unit_id=app.unit_id,  # 109号: the same applicant's requests to the same agency
        received_on__year=app.received_on.year,
        received_on__month=app.received_on.month,
    )
    return month.filter(
        Q(received_on__lt=app.received_on) | Q(received_on=app.received_on, pk__lte=app.pk)
    ).count()
