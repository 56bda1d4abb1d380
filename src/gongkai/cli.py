"""The ``gongkai`` console command: Django's management entry point with Gongkai's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["gongkai", *(sys.argv[1:] if argv is None else argv)])
    except ImproperlyConfigured as exc:
        # a refused setting is the operator's to fix: say what, in plain words, not a traceback
        sys.stderr.write(f"{exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
