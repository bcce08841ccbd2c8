"""Regions as bureaus see them: 省 → 市 → 区县, and the region whose bureau runs the install.

Every bureau reports on its own tasks. A view (scope) is one region: its own bureau's tasks and,
for a city or a province, those of the regions below it. Two bureaus are added together only
when one lies below the other, so a district is never summed with a city it does not belong to,
and regions are ranked only against regions of the same level (the children of one parent).

The hierarchy is a setting written as "parent: child, child; parent: child", e.g.
"广东省: 某市; 某市: 龙岗区, 福田区"; full-width punctuation is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

_GROUPS = re.compile(r"[;；\n]")
_PARENT = re.compile(r"[:：]")
_CHILDREN = re.compile(r"[,，、]")


@dataclass(frozen=True)
class RegionTree:
    """The install's home region and the parent of each region below another."""

    home: str = ""
    parent_of: tuple[tuple[str, str], ...] = ()  # (child, parent), sorted

    @classmethod
    def parse(cls, home: str, text: str) -> RegionTree:
        """Read the hierarchy setting; a child with two parents or a cycle is refused."""
        parents: dict[str, str] = {}
        for group in _GROUPS.split(text or ""):
            if not group.strip():
                continue
            parts = _PARENT.split(group)
            if len(parts) != 2 or not parts[0].strip():
                raise ValueError(f"地区层级“{group.strip()}”无效：应写作“上级: 下级, 下级”")
            parent = parts[0].strip()
            for child in (c.strip() for c in _CHILDREN.split(parts[1])):
                if not child:
                    continue
                if parents.get(child, parent) != parent:
                    raise ValueError(
                        f"地区层级无效：“{child}”同时属于“{parents[child]}”和“{parent}”"
                    )
                parents[child] = parent
        tree = cls(home.strip(), tuple(sorted(parents.items())))
        for region in parents:
            tree.ancestors(region)  # raises on a cycle
        return tree

    @property
    def _parents(self) -> dict[str, str]:
        return dict(self.parent_of)

    def parent(self, region: str) -> str | None:
        return self._parents.get(region)

    def ancestors(self, region: str) -> list[str]:
        """Parent, grandparent, … up to the top of the hierarchy."""
        parents, found = self._parents, []
        current = parents.get(region)
        while current is not None:
            if current in found or current == region:
                raise ValueError(f"地区层级无效：“{region}”的上级链条形成循环")
            found.append(current)
            current = parents.get(current)
        return found

    def children(self, region: str) -> list[str]:
        return sorted(child for child, parent in self.parent_of if parent == region)

    def members(self, region: str) -> tuple[str, ...]:
        """The region and every region below it: whose tasks its view holds."""
        found, queue = [region], [region]
        while queue:
            below = self.children(queue.pop())
            found += below
            queue += below
        return tuple(sorted(set(found)))

    def branch(self, region: str, scope: str) -> str:
        """Where a region is counted in the view of `scope`: the child of `scope` it lies under,
        or `scope` itself for its own tasks."""
        path = [region, *self.ancestors(region)]
        if scope not in path:
            raise ValueError(f"{region} is not within {scope}")
        at = path.index(scope)
        return path[at - 1] if at > 0 else scope

    def scopes(self, regions_in_data) -> list[str]:
        """The views this install offers, its own first: the home region, the regions above it,
        then each region with data that lies outside them (shown on its own, never added in)."""
        home = self.home
        chain = [home, *self.ancestors(home)] if home else []
        covered = set(self.members(chain[-1])) if chain else set()
        others = sorted({r for r in regions_in_data if r and r not in covered})
        present = set(regions_in_data)
        # a view is offered where it has data, and a wider one only where it shows more
        offered, seen = [], set()
        for region in chain:
            holds = present.intersection(self.members(region))
            if holds and (region == home or holds > seen):
                offered.append(region)
                seen = holds
        return offered + others or ([home] if home else [])


def with_home_region(status: pd.DataFrame, home: str) -> pd.DataFrame:
    """Rows that name no region belong to the bureau that runs the install."""
    if not home:
        return status
    region = status["region"]
    blank = region.isna() | (region.astype(str).str.strip() == "")
    if not blank.any():
        return status
    return status.assign(region=region.where(~blank, home))
