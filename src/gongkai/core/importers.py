"""Registry of bulk importers run by ``gongkai import <kind> FILE ...``.

A module registers ``register_importer(name, add_arguments, handle)`` from its AppConfig.ready:
``add_arguments(parser)`` adds the kind's own arguments (FILE, --unit ...) to its sub-command, and
``handle(options, stdout)`` runs it, raising ``django.core.management.CommandError`` with a
line-numbered Chinese message when the file is refused.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.management.base import CommandError

if TYPE_CHECKING:
    from gongkai.org.models import Unit, User

AddArguments = Callable[[argparse.ArgumentParser], None]
Handle = Callable[[dict[str, Any], Any], None]  # (options, stdout: an OutputWrapper)

T = TypeVar("T")

_importers: dict[str, tuple[str, AddArguments, Handle]] = {}


def register_importer(
    name: str, add_arguments: AddArguments, handle: Handle, help_text: str = ""
) -> None:
    _importers[name] = (help_text, add_arguments, handle)


def registered_importers() -> dict[str, tuple[str, AddArguments, Handle]]:
    return dict(sorted(_importers.items()))


# --- what every `gongkai import <kind>` does before and after its own work -------------------
# (one wording for the whole CLI: the unit by code, the file by path, the administrator the
# audit log names, and a refused file reported as "nothing written" with the problems by line)


def cli_file(path_text: str) -> Path:
    path = Path(path_text)
    if not path.is_file():
        raise CommandError(f"找不到文件：{path}")
    return path


def cli_unit(code: str) -> Unit:
    from gongkai.org.models import Unit

    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise CommandError(f"没有代码为“{code}”的机构：请用 gongkai units list 查看")
    return unit


def cli_admin() -> User:
    """The administrator an import run from the command line is recorded as in the audit log."""
    from gongkai.org.models import Role, User

    admin = User.objects.filter(role_assignments__role=Role.ADMIN, is_active=True).first()
    if admin is None:
        raise CommandError("没有可用的系统管理员账号：导入以系统管理员身份记入审计日志")
    return admin


@contextlib.contextmanager
def cli_import() -> Iterator[None]:
    """Runs the import as the command line (audit channel "cli"); a refused file becomes one
    CommandError that says nothing was written and lists the problems by row and column."""
    from gongkai.core.errors import DomainError, ValidationFailed
    from gongkai.core.middleware import acting_through

    try:
        with acting_through("cli"):
            yield
    except ValidationFailed as exc:
        raise CommandError(
            "文件未导入，未写入任何数据，请改正后重试：\n" + "\n".join(exc.problems)
        ) from exc
    except DomainError as exc:
        raise CommandError(exc.message) from exc


def cli_file_arguments(
    parser: argparse.ArgumentParser,
    *,
    file_help: str,
    unit_help: str = "机构代码",
    dry_run_help: str = "只检查，不写入",
) -> None:
    """FILE, ``--unit CODE`` and ``--dry-run``: the arguments of an import of one unit's file."""
    parser.add_argument("file", help=file_help)
    parser.add_argument("--unit", required=True, help=unit_help)
    parser.add_argument("--dry-run", action="store_true", help=dry_run_help)


def cli_file_import(options: dict[str, Any], run: Callable[..., T], **extra: Any) -> T:
    """``run(actor=, unit=, name=, content=, dry_run=, **extra)`` with the FILE's name and bytes,
    the ``--unit``, ``--dry-run`` and the administrator, as one command-line import."""
    path = cli_file(options["file"])
    unit = cli_unit(options["unit"])
    admin = cli_admin()
    with cli_import():
        return run(
            actor=admin,
            unit=unit,
            name=path.name,
            content=path.read_bytes(),
            dry_run=options["dry_run"],
            **extra,
        )
