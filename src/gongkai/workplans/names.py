"""Unit names as written → units of the tree: remembered mappings first, then full name, short
name, the tree's names without the place prefix, and a name the cell starts with
("办公室做好报送材料公开工作" → 办公室). Nearer units win: the plan's own unit and below, then
its parent's subtree, then the whole tree; a name two units share at the same distance stays
unmatched for a person to map."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from gongkai.org.access import unit_ids_below
from gongkai.org.models import Unit
from gongkai.workplans.models import NameMapping


def norm(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


@dataclass
class Resolver:
    owner: Unit
    tiers: list[dict[str, set[int]]] = field(default_factory=list)
    mappings: dict[str, tuple[bool, list[int]]] = field(default_factory=dict)
    codes: dict[int, str] = field(default_factory=dict)

    @classmethod
    def for_owner(cls, owner: Unit) -> Resolver:
        r = cls(owner)
        units = list(Unit.objects.only("id", "code", "name", "short_name", "parent_id"))
        r.codes = {u.pk: u.code for u in units}
        scopes: list[set[int]] = [unit_ids_below([owner.pk])]
        if owner.parent_id:
            scopes.append(unit_ids_below([owner.parent_id]))
        scopes.append({u.pk for u in units})
        for scope in scopes:
            index: dict[str, set[int]] = {}
            for u in units:
                if u.pk in scope:
                    for n in {u.name, u.short_name}:
                        if n:
                            index.setdefault(norm(n), set()).add(u.pk)
            r.tiers.append(index)
        for m in NameMapping.objects.filter(owner=owner).prefetch_related("units"):
            r.mappings[norm(m.name)] = (m.not_a_unit, [u.pk for u in m.units.all()])
        return r

    def known_names(self) -> list[str]:
        return sorted({n for tier in self.tiers for n in tier} | set(self.mappings))

    def resolve(self, name: str) -> tuple[bool, list[int]]:
        """(matched, unit ids). Matched with no ids: mapped as "not a unit"."""
        key = norm(name)
        if key in self.mappings:
            not_a_unit, ids = self.mappings[key]
            return (True, [] if not_a_unit else ids)
        for tier in self.tiers:
            found = tier.get(key)
            if found and len(found) == 1:
                return (True, sorted(found))
            if found:
                return (False, [])  # ambiguous at this distance
        for tier in self.tiers:  # the cell starts with a unit's name
            starts = [n for n in tier if len(n) >= 2 and key.startswith(n) and key != n]
            if starts:
                best = max(starts, key=len)
                if len(tier[best]) == 1:
                    return (True, sorted(tier[best]))
        return (False, [])
