"""Fixtures shared by every test module.

``audit_guard`` (autouse) checks the rule that every state change is in the audit log: each save
of a domain model during a test must be matched by an audit event about that object.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models.signals import post_delete, post_save
from django.test import Client

from gongkai.testing import World, build_world


def _audit_key(instance: Any) -> tuple[str, str] | None:
    """(object_type, object_id) an audit event must carry for a saved ``instance``.

    A model opts in by defining ``audit_key(self) -> tuple[str, str]``; the platform models
    below are listed here.
    """
    own = getattr(instance, "audit_key", None)
    if callable(own):
        key = own()
        return (str(key[0]), str(key[1])) if key is not None else None
    from gongkai.org.models import RoleAssignment, Unit, User
    from gongkai.workdays.models import CalendarDay, CalendarYear

    if isinstance(instance, Unit):
        return ("unit", instance.code)
    if isinstance(instance, User):
        return ("user", instance.username)
    if isinstance(instance, RoleAssignment):
        return ("user", instance.user.username)
    if isinstance(instance, CalendarYear):
        return ("calendar_year", str(instance.year))
    if isinstance(instance, CalendarDay):
        return ("calendar_year", str(instance.date.year))
    return None


@pytest.fixture(autouse=True)
def audit_guard(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("no_audit_guard") or (
        "db" not in request.fixturenames
        and "transactional_db" not in request.fixturenames
        and "live_server" not in request.fixturenames
        and not request.node.get_closest_marker("django_db")
    ):
        yield
        return
    changed: set[tuple[str, str]] = set()
    event_ids: set[int] = set()

    def on_change(sender: Any, instance: Any, **kwargs: Any) -> None:
        from gongkai.audit.models import AuditEvent

        if isinstance(instance, AuditEvent):
            event_ids.add(instance.pk)
            return
        key = _audit_key(instance)
        if key is not None:
            changed.add(key)

    post_save.connect(on_change, weak=False, dispatch_uid="audit_guard_save")
    post_delete.connect(on_change, weak=False, dispatch_uid="audit_guard_delete")
    try:
        yield
    finally:
        post_save.disconnect(dispatch_uid="audit_guard_save")
        post_delete.disconnect(dispatch_uid="audit_guard_delete")
    if not changed:
        return
    from gongkai.audit.models import AuditEvent

    try:
        # Only events written during this test (and not rolled back) count: an older event
        # about the same object does not excuse an unaudited later change.
        recorded = set(
            AuditEvent.objects.filter(pk__in=event_ids).values_list("object_type", "object_id")
        )
    except Exception:  # the test database may already be gone in odd teardown orders
        return
    missing = sorted(changed - recorded)
    assert not missing, f"state changes without an audit event during this test: {missing}"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "no_audit_guard: the test writes outside services on purpose"
    )


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def login(client: Client):
    def _login(user: Any) -> Client:
        if user is not None:
            client.force_login(user)
        return client

    return _login
