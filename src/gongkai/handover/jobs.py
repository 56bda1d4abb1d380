"""Tick jobs: the monthly filing and the quarterly archive package."""

from __future__ import annotations


def register() -> None:
    from gongkai.core.jobs import register_tick_job
    from gongkai.handover.services import archive_tick, filing_tick

    register_tick_job("handover.monthly_filing", filing_tick)
    register_tick_job("handover.quarterly_archive", archive_tick)
