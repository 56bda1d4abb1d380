"""Sign-in and sign-out are recorded in the audit log (they change the session state)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest

from gongkai.audit.services import audit_record
from gongkai.org.models import User


def _audit_session(user: User, action: str) -> None:
    with transaction.atomic():
        audit_record(
            actor=user,
            action=action,
            obj_type="user",
            obj_id=user.username,
            obj_label=str(user),
            unit=user.unit,
        )


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    _audit_session(user, "staff.login")


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is None:
        return
    _audit_session(user, "staff.logout")
