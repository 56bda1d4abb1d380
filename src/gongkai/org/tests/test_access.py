"""The one access layer: roles grant permissions, units scope them."""

from __future__ import annotations

import pytest

from gongkai.org.access import Perm, can, scope_unit_ids, units_visible_to


@pytest.mark.django_db
def test_a_clerk_acts_in_their_own_unit_only(world):
    assert can(world.clerk, Perm.HANDLE, world.office)
    assert not can(world.clerk, Perm.HANDLE, world.civil)
    assert not can(world.clerk, Perm.HANDLE, world.division)  # below: not theirs
    assert not can(world.clerk, Perm.APPROVE_EXTENSION)


@pytest.mark.django_db
def test_only_the_head_approves_extensions_art_33(world):
    assert can(world.head, Perm.APPROVE_EXTENSION, world.office)
    for persona in (world.clerk, world.reviewer, world.other_clerk):
        assert not can(persona, Perm.APPROVE_EXTENSION, world.office)


@pytest.mark.django_db
def test_a_supervisor_sees_their_unit_and_every_unit_below(world):
    scope = scope_unit_ids(world.supervisor, Perm.VIEW_AUDIT)
    assert scope == {world.gov.pk, world.office.pk, world.division.pk, world.civil.pk}
    assert set(units_visible_to(world.supervisor)) == {
        world.gov,
        world.office,
        world.division,
        world.civil,
    }


@pytest.mark.django_db
def test_a_system_administrator_is_not_scoped(world):
    assert scope_unit_ids(world.admin, Perm.MANAGE_UNITS) is None
    assert can(world.admin, Perm.MANAGE_CALENDAR)


@pytest.mark.django_db
def test_anonymous_and_inactive_users_hold_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not can(AnonymousUser(), Perm.USE_WORKBENCH)
    world.clerk.is_active = False
    assert not can(world.clerk, Perm.USE_WORKBENCH)
