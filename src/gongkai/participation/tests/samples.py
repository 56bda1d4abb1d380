"""One object of each kind the participation staff pages show, in the world's office, made
through the services (for the role-matrix walk in workbench/tests/test_role_matrix.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from gongkai.participation import services


@dataclass
class ParticipationSamples:
    catalogue: int
    decision: int
    consultation: int
    meeting: int
    activity: int


def participation_samples(world: Any) -> ParticipationSamples:
    cached = getattr(world, "_participation_samples", None)
    if cached is not None:
        return cached
    unit = world.office
    cat = services.catalogue_save(
        actor=world.clerk, unit=unit, year=2024, items=[{"name": "示范事项", "lead_unit": "区府办"}]
    )
    d = services.decision_create(actor=world.clerk, unit=unit, year=2024, title="示范决策")
    c = services.consultation_create(
        actor=world.clerk,
        unit=unit,
        decision=d,
        title="示范草案",
        sections=[("", "第一条")],
        opens_on=dt.date(2024, 9, 2),
        closes_on=dt.date(2024, 10, 8),
    )
    m = services.meeting_create(
        actor=world.clerk, unit=unit, title="常务会议", held_on=dt.date(2024, 9, 20)
    )
    a = services.activity_create(actor=world.clerk, unit=unit, year=2024, title="开放日")
    s = ParticipationSamples(cat.pk, d.pk, c.pk, m.pk, a.pk)
    world._participation_samples = s
    return s
