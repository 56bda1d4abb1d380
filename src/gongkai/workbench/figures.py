"""The supervising office's statistics page (监督统计): capabilities register their figures.

Each capability states its yearly figures per unit once, as a selector, and registers it::

    register_figure_group(FigureGroup(
        slug="participation", title="公众参与", order=20,
        compute=participation_figures,   # (units, year) -> list[Figure]
    ))

``compute`` receives the units in the viewer's scope (already checked) and the year, and
returns one ``Figure`` per unit and measure, so the same numbers feed the page, the XLSX
export and the annual report's suggested text. A figure with a ``target`` is shown against it
(e.g. meetings with public representatives: at least 4 a year).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from gongkai.org.models import Unit


@dataclass(frozen=True)
class Figure:
    unit: Unit
    label: str  # what is counted, e.g. "征求意见（次）"
    value: int | float | str
    target: int | float | None = None  # the yearly target, when there is one
    late: bool = False  # the figure records something late or missing (shown as a warning)
    url: str = ""  # the records behind the figure, when staff may open them

    @property
    def below_target(self) -> bool:
        return (
            self.target is not None
            and isinstance(self.value, int | float)
            and self.value < self.target
        )


FigureCompute = Callable[[Sequence[Unit], int], list[Figure]]


@dataclass(frozen=True)
class FigureGroup:
    slug: str
    title: str
    compute: FigureCompute
    order: int = 50


_groups: dict[str, FigureGroup] = {}


def register_figure_group(group: FigureGroup) -> None:
    _groups[group.slug] = group


def unregister_figure_group(slug: str) -> None:
    _groups.pop(slug, None)


def figure_groups() -> list[FigureGroup]:
    return sorted(_groups.values(), key=lambda g: (g.order, g.slug))


@dataclass
class FigureTable:
    """One group's figures as a table: a row per unit, a column per label."""

    group: FigureGroup
    labels: list[str]
    rows: list[tuple[Unit, list[Figure | None]]]


def figure_tables(units: Sequence[Unit], year: int) -> list[FigureTable]:
    tables = []
    for group in figure_groups():
        figures = group.compute(units, year)
        labels = list(dict.fromkeys(f.label for f in figures))
        by_cell = {(f.unit.pk, f.label): f for f in figures}
        rows = [(u, [by_cell.get((u.pk, lb)) for lb in labels]) for u in units]
        tables.append(FigureTable(group, labels, rows))
    return tables
