"""Registry of bulk importers run by ``gongkai import <kind> FILE ...``.

A module registers ``register_importer(name, add_arguments, handle)`` from its AppConfig.ready:
``add_arguments(parser)`` adds the kind's own arguments (FILE, --unit ...) to its sub-command, and
``handle(options, stdout)`` runs it, raising ``django.core.management.CommandError`` with a
line-numbered Chinese message when the file is refused.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

AddArguments = Callable[[argparse.ArgumentParser], None]
Handle = Callable[[dict[str, Any], Any], None]  # (options, stdout: an OutputWrapper)

_importers: dict[str, tuple[str, AddArguments, Handle]] = {}


def register_importer(
    name: str, add_arguments: AddArguments, handle: Handle, help_text: str = ""
) -> None:
    _importers[name] = (help_text, add_arguments, handle)


def registered_importers() -> dict[str, tuple[str, AddArguments, Handle]]:
    return dict(sorted(_importers.items()))
