#!/usr/bin/env python3
"""Annual-report benchmark: generate the report for one unit with N applications (default
100,000) against named baselines, in one run, on a throw-away database.

    bench/report.py [--n 100000] [--year 2024] [--postgres] [--repeat 3]

Fixture rows are bulk-created here (benchmarks may write directly; tests may not). Timed:
- ``report_full``: reports.assemble.assemble — tables 二/三/四 (grouped queries), every check,
  the carry-over against the previous year computed from the records, the pre-filled text;
- ``tables_only``: reports.compute.compute — the three tables alone;
- ``baseline_python_scan``: one query streaming every relevant application, classified in Python;
- ``baseline_query_per_application``: the naive loop — one query per application (ArkCase-style
  per-record lookups), run on a sample and extrapolated linearly (printed as such).
Each baseline's table 三 is compared with the report's, so the timings compare equal answers.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))


@contextlib.contextmanager
def database(postgres: bool) -> Iterator[str]:
    if postgres:
        from run_tests import _pg_bindir, postgres_cluster  # type: ignore[import-not-found]

        bindir = _pg_bindir()
        if bindir is None:
            raise SystemExit("PostgreSQL binaries not found")
        with postgres_cluster(bindir) as url:
            os.environ["DATABASE_URL"] = url
            yield "postgresql"
        return
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["GONGKAI_SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
        yield f"sqlite {sqlite3.sqlite_version}"


def populate(n: int, year: int, seed: int = 6) -> object:
    from django.utils import timezone

    from gongkai.applications.machine import State
    from gongkai.applications.models import Application, ReliefCase
    from gongkai.applications.outcomes import ApplicantType, Outcome, ReliefKind, ReliefOutcome
    from gongkai.core.middleware import acting_through
    from gongkai.testing import make_unit

    with acting_through("cli"):
        gov = make_unit("B0001", "基准区人民政府", kind="government")
        unit = make_unit("B0001-01", "基准区人民政府办公室", gov, kind="office")
    rng = random.Random(seed)
    now = timezone.now()
    first = datetime.date(year - 1, 6, 1)
    span = (datetime.date(year, 12, 31) - first).days
    outcomes = list(Outcome)
    types = list(ApplicantType)
    batch: list[Application] = []
    for i in range(n):
        received = first + datetime.timedelta(days=rng.randrange(span + 1))
        closed = received + datetime.timedelta(days=rng.randint(1, 60))
        is_open = rng.random() < 0.08
        batch.append(
            Application(
                tracking_code=f"GKB-{i:07d}",
                unit=unit,
                applicant_type=rng.choice(types),
                information="基准测试申请",
                channel="online",
                received_on=received,
                entered_at=now,
                state=State.REGISTERED if is_open else State.CLOSED,
                outcome="" if is_open else rng.choice(outcomes),
                replied_on=None if is_open else closed,
                closed_on=None if is_open else closed,
                imported=True,
            )
        )
    Application.objects.bulk_create(batch, batch_size=5000)
    closed_ids = list(
        Application.objects.filter(unit=unit, state=State.CLOSED).values_list("pk", "closed_on")
    )
    relief = [
        ReliefCase(
            application_id=pk,
            kind=rng.choice(list(ReliefKind)),
            filed_on=closed_on + datetime.timedelta(days=10),
            outcome=rng.choice(list(ReliefOutcome)),
        )
        for pk, closed_on in rng.sample(closed_ids, min(len(closed_ids), n // 100))
    ]
    ReliefCase.objects.bulk_create(relief, batch_size=5000)
    return unit


def timed(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def classify(app, year: int, table: dict[str, dict[str, int]]) -> None:  # type: ignore[no-untyped-def]
    from gongkai.reports import layout

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    col = dict(layout.APPLICANT_COLUMNS)[app.applicant_type]
    rows = []
    if start <= app.received_on <= end:
        rows.append(layout.ROW_NEW)
    if app.received_on < start and (app.closed_on is None or app.closed_on >= start):
        rows.append(layout.ROW_CARRIED_IN)
    if app.closed_on is not None and start <= app.closed_on <= end:
        rows += [layout.ROW_OF_OUTCOME[app.outcome], layout.ROW_TOTAL]
    if app.received_on <= end and (app.closed_on is None or app.closed_on > end):
        rows.append(layout.ROW_CARRIED_OUT)
    for r in rows:
        table[r][col] += 1
        table[r][layout.TOTAL] += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=5_000, help="naive loop sample size")
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ["GONGKAI_ENV"] = "test"
    with database(args.postgres) as engine:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db.models import Q

        from gongkai.applications.models import Application
        from gongkai.reports.assemble import assemble
        from gongkai.reports.compute import compute, empty_table3

        call_command("migrate", verbosity=0)
        t = time.perf_counter()
        unit = populate(args.n, args.year)
        print(f"fixture: {args.n:,} applications bulk-created in {time.perf_counter() - t:.1f} s")
        y = args.year
        start, end = datetime.date(y, 1, 1), datetime.date(y, 12, 31)
        relevant = Application.objects.filter(unit=unit, received_on__lte=end).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=start)
        )

        def python_scan() -> dict[str, dict[str, int]]:
            table = empty_table3()
            for app in relevant.only("applicant_type", "received_on", "closed_on", "outcome"):
                classify(app, y, table)
            return table

        ids = list(relevant.values_list("pk", flat=True))
        sample = ids[: args.sample]

        def per_application() -> None:
            table = empty_table3()
            for pk in sample:
                classify(Application.objects.get(pk=pk), y, table)

        full_s, full = timed(lambda: assemble(unit, y), args.repeat)
        tables_s, tables = timed(lambda: compute([unit.pk], y), args.repeat)
        scan_s, scan = timed(python_scan, args.repeat)
        loop_sample_s, _ = timed(per_application, 1)
        loop_s = loop_sample_s * len(ids) / max(1, len(sample))
        assert scan == tables.table3, "baseline disagrees with the report"  # type: ignore[attr-defined]
        assert full.tables.table3 == tables.table3  # type: ignore[attr-defined]
        ok = all(c.ok for c in full.checks if "人工填报" not in c.rule)  # type: ignore[attr-defined]
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {engine}"
        )
        print(
            f"applications in the {y} report's scope: {len(ids):,} (of {args.n:,}); checks ok: {ok}"
        )
        print(f"{'engine':34} {'seconds':>9} {'vs report_full':>15}")
        for name, secs, note in (
            ("report_full", full_s, ""),
            ("tables_only", tables_s, ""),
            ("baseline_python_scan", scan_s, ""),
            ("baseline_query_per_application", loop_s, f"  (extrapolated from {len(sample):,})"),
        ):
            print(f"{name:34} {secs:9.3f} {secs / full_s:14.1f}x{note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
