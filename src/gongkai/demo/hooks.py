"""Capabilities add their demo data here instead of editing ``demo.data``.

``register_demo_builder(name, fn)`` from an AppConfig.ready; ``build_demo_data`` runs every
builder, in name order, after the units, staff, documents and cases exist. A builder must be
idempotent (building the demo twice changes nothing) and write through its app's services.
"""

from __future__ import annotations

from collections.abc import Callable

_builders: dict[str, Callable[[], object]] = {}


def register_demo_builder(name: str, fn: Callable[[], object]) -> None:
    _builders[name] = fn


def run_demo_builders() -> None:
    for name in sorted(_builders):
        _builders[name]()
