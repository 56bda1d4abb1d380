"""Settings of the applications module, read with their defaults in one place."""

from __future__ import annotations

from django.conf import settings


def due_soon_working_days() -> int:
    """Cases due within this many working days are flagged 即将到期 (issue 3: default 3)."""
    return int(getattr(settings, "GONGKAI_DUE_SOON_WORKING_DAYS", 3))


def fee_window_pauses_clock() -> bool:
    """Reference §4: the fee payment window is not counted in the reply period (configurable)."""
    return bool(getattr(settings, "GONGKAI_FEE_WINDOW_PAUSES_CLOCK", True))


def count_start_day() -> bool:
    return bool(getattr(settings, "GONGKAI_COUNT_START_DAY", False))


def submissions_per_hour() -> int:
    """Rate limit of the public form per client address."""
    return int(getattr(settings, "GONGKAI_APPLICATIONS_PER_HOUR", 10))


def correction_period_working_days() -> int:
    """Default 'reasonable period' offered for a correction (Art. 30 leaves it to the agency)."""
    return int(getattr(settings, "GONGKAI_CORRECTION_PERIOD_WORKING_DAYS", 15))
