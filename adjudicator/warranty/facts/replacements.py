"""Serious safety faults, assembly replacements and main-part replacements inside the 三包有效期: how many, on
which visits, and whether the car is still faulty after the latest one."""
from __future__ import annotations

from collections import defaultdict

from ...core.facts import Fact
from ..models import Item
from ..vocabulary import SYSTEM


class SafetyRepairs:
    def __init__(self) -> None:
        self.visits: list[str] = []
        self.last: Item | None = None

    def observe(self, visit_id: str, item: Item) -> None:
        if item.serious_safety_fault:
            if visit_id not in self.visits:          # one visit is one repair, however many items
                self.visits.append(visit_id)
            self.last = item

    def fact(self) -> Fact:
        return Fact("safety", {"repairs": len(self.visits),
                               "still_faulty": bool(self.last is not None and not self.last.fixed)},
                    {"visit_list": self.visits}, tuple(self.visits))


class AssemblyReplacements:
    def __init__(self, assemblies: set[str]) -> None:
        self.assemblies = assemblies
        self.visits: list[str] = []
        self.replaced: set[str] = set()
        self.last_fixed = True

    def observe(self, visit_id: str, item: Item) -> None:
        if item.system not in self.assemblies:
            return
        if item.action == "replace_assembly":
            self.visits.append(visit_id)
            self.replaced.add(item.system)
        if item.system in self.replaced:   # later work on a replaced assembly tells if it works
            self.last_fixed = item.fixed

    def fact(self) -> Fact:
        return Fact("assemblies", {"replacements": len(self.visits),
                                   "still_faulty": bool(self.visits) and not self.last_fixed},
                    {"visit_list": self.visits}, tuple(self.visits))


class MainPartReplacements:
    """Per problem: replacements of a main part of the national list, and whether later work left it fixed."""

    def __init__(self) -> None:
        self.visits: dict[str, list[str]] = defaultdict(list)
        self.system: dict[str, str] = {}
        self.last_fixed: dict[str, bool] = {}

    def observe(self, visit_id: str, item: Item) -> None:
        if item.action == "replace_part" and item.main_part:
            self.visits[item.problem].append(visit_id)
            self.system[item.problem] = item.system
        if item.problem in self.system:
            self.last_fixed[item.problem] = item.fixed

    def facts(self, descriptions: dict[str, str]) -> list[Fact]:
        return [Fact("main_part", {"system": self.system[name], "replacements": len(vids),
                                   "still_faulty": not self.last_fixed.get(name, True)},
                     {"problem": name, "visit_list": vids, "system_zh": SYSTEM.zh(self.system[name]),
                      "description": descriptions.get(name, name)}, tuple(vids))
                for name, vids in self.visits.items()]
