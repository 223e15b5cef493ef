"""Serious safety faults, assembly replacements and main-part replacements inside the 三包有效期: how many, on
which visits, and whether the car is still faulty after the latest one.

"Replaced and still cannot be used normally" (2013 第二十条第三款（二）（三）, 2021 第二十四条第一款（二）（三）):
the replaced assembly or part is still not usable when the latest replacement did not fix it, or when it failed
again afterwards, even if that later visit repaired it (the same reading as for serious safety faults, where a
further repair after the limit is a fault that was not eliminated)."""
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
        self.unusable = False             # since the latest replacement: not fixed, or failed again

    def observe(self, visit_id: str, item: Item) -> None:
        if item.system not in self.assemblies:
            return
        if item.action == "replace_assembly":
            self.visits.append(visit_id)
            self.replaced.add(item.system)
            self.unusable = not item.fixed
        elif item.system in self.replaced and visit_id not in self.visits:
            self.unusable = True          # a quality problem of a replaced assembly on a later visit

    def fact(self) -> Fact:
        return Fact("assemblies", {"replacements": len(self.visits),
                                   "still_faulty": bool(self.visits) and self.unusable},
                    {"visit_list": self.visits}, tuple(self.visits))


class MainPartReplacements:
    """Per problem: replacements of a main part of the national list, and whether later work left it fixed."""

    def __init__(self) -> None:
        self.visits: dict[str, list[str]] = defaultdict(list)
        self.system: dict[str, str] = {}
        self.unusable: dict[str, bool] = {}   # since the latest replacement: not fixed, or failed again

    def observe(self, visit_id: str, item: Item) -> None:
        if item.action == "replace_part" and item.main_part:
            self.visits[item.problem].append(visit_id)
            self.system[item.problem] = item.system
            self.unusable[item.problem] = not item.fixed
        elif item.problem in self.system and visit_id not in self.visits[item.problem]:
            self.unusable[item.problem] = True

    def facts(self, descriptions: dict[str, str]) -> list[Fact]:
        return [Fact("main_part", {"system": self.system[name], "replacements": len(vids),
                                   "still_faulty": self.unusable.get(name, False)},
                     {"problem": name, "visit_list": vids, "system_zh": SYSTEM.zh(self.system[name]),
                      "description": descriptions.get(name, name)}, tuple(vids))
                for name, vids in self.visits.items()]
