"""History, replay and verification as tables (zh or en) or JSON."""
from __future__ import annotations

import json
from typing import Any

from ..core.layout import Layout, Table, paragraph, table
from ..core.text import terminal_text
from .changes import Changes
from .history import HistoryStep, ParameterMove
from .replay import ReplayReport
from .store import Verification


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


# On a narrow terminal, {secondary column: the column it is stacked under}: the sequence number, the date decided
# and what changed keep their columns; when it was recorded, the version and the verdict go under their neighbours.
_STACKED = {
    "history": {2: 1, 3: 4, 6: 5},      # recorded under as of, version under the rule book, verdict under remedies
    "replay": {1: 0, 3: 2},             # the kind under seq, as of under the car or case
}


def _table(rows: list[list[Any]], headers: list[str], layout: Layout, stack: dict[int, int] | None = None) -> str:
    """Ids and sources are input text: every cell is shown inert before it is laid out."""
    return table(Table([terminal_text(h) for h in headers], [[terminal_text(c) for c in r] for r in rows],
                       stack or {}, style="simple"), layout)


def changes_text(changes: Changes | None, lang: str) -> str:
    """One line per kind of change; '—' when nothing the decision gives changed."""
    if changes is None:
        return _t(lang, "（首次裁决）", "(first decision)")
    parts = []
    if changes.remedies_gained:
        parts.append(_t(lang, "新增救济：", "remedies gained: ") + ", ".join(changes.remedies_gained))
    if changes.remedies_lost:
        parts.append(_t(lang, "失去救济：", "remedies lost: ") + ", ".join(changes.remedies_lost))
    if changes.verdict_changed:
        parts.append(_t(lang, "请求结论：", "request verdict: ") + f"{changes.verdict_before} → {changes.verdict_after}")
    if changes.may_close_before != changes.may_close_after:
        parts.append(_t(lang, "可否关闭：", "may close: ") + f"{changes.may_close_before} → {changes.may_close_after}")
    for move in changes.deadlines:
        status = f" ({move.status_before} → {move.status_after})" if move.status_before != move.status_after else ""
        parts.append(_t(lang, "期限 ", "deadline ") + f"{move.code}: {move.before or '—'} → {move.after or '—'}{status}")
    if changes.rules_newly_fired:
        parts.append(_t(lang, "新触发规则：", "rules newly fired: ") + ", ".join(changes.rules_newly_fired))
    if changes.rules_no_longer_fired:
        parts.append(_t(lang, "不再触发：", "rules no longer fired: ") + ", ".join(changes.rules_no_longer_fired))
    return "\n".join(parts) or "—"


def parameter_lines(moves: list[ParameterMove], lang: str) -> list[str]:
    """One line per parameter whose value changed: 'parameter name: before → after'."""
    return [_t(lang, "参数 ", "parameter ") + f"{m.name}: {_shown(m.before)} → {_shown(m.after)}" for m in moves]


def _shown(value: Any) -> str:
    return "—" if value is None else json.dumps(value, ensure_ascii=False)


def _changed(step: HistoryStep, lang: str) -> str:
    said, moves = changes_text(step.changes, lang), parameter_lines(step.parameters_changed, lang)
    return "\n".join(moves if said == "—" and moves else [said, *moves])


def render_history(subject: str, steps: list[HistoryStep], fmt: str, lang: str, layout: Layout | None = None) -> str:
    if fmt == "json":
        return json.dumps({"subject": subject, "decisions": [s.as_json() for s in steps]}, ensure_ascii=False,
                          indent=2)
    if not steps:
        return terminal_text(_t(lang, f"决策记录中没有 {subject} 的裁决。", f"The record holds no decision for {subject}."))
    layout = layout or Layout()
    rows = [[s.seq, s.as_of[:19], s.decided_at[:19].replace("T", " "), s.rulebook_version or "—",
             s.rulebook[-12:], ", ".join(s.remedies) or "—", s.verdict or "—", _changed(s, lang)] for s in steps]
    head = _t(lang, f"{subject}：{len(steps)} 次裁决，最新在前", f"{subject}: {len(steps)} decisions, newest first")
    headers = [_t(lang, h[0], h[1]) for h in (("序号", "seq"), ("裁决日", "as of"), ("记录时间 (UTC)", "decided (UTC)"),
                                              ("版本", "version"), ("规则库", "rule book"), ("救济", "remedies"),
                                              ("请求结论", "verdict"), ("与上一次相比", "changed from the one before"))]
    return paragraph(terminal_text(head), layout.width) + "\n\n" + _table(rows, headers, layout, _STACKED["history"])


def render_replay(report: ReplayReport, fmt: str, lang: str, layout: Layout | None = None) -> str:
    if fmt == "json":
        return json.dumps(report.as_json(), ensure_ascii=False, indent=2)
    layout = layout or Layout()
    changed = report.changed
    where = report.rules or _t(lang, "现行规则库", "the rule book in force")
    lines = [paragraph(terminal_text(_t(lang, f"重放 {len(report.cases)} 个案件（规则库：{where}）：{len(changed)} 个会改变。",
                                        f"Replayed {len(report.cases)} cases under {where}: {len(changed)} would change.")),
                       layout.width)]
    if changed:
        rows = [[c.seq, c.kind, c.subject, c.as_of[:19], c.error or changes_text(c.changes, lang)] for c in changed]
        lines += ["", _table(rows, [_t(lang, "序号", "seq"), _t(lang, "类型", "kind"), _t(lang, "车辆/案件", "car/case"),
                                    _t(lang, "裁决日", "as of"), _t(lang, "会改变什么", "what would change")],
                             layout, _STACKED["replay"])]
    by_rule = report.by_rule()
    if by_rule:
        lines += ["", _table([[rule, n["newly_fired"], n["no_longer_fired"]] for rule, n in by_rule.items()],
                             [_t(lang, "规则", "rule"), _t(lang, "新触发（案件数）", "newly fired (cases)"),
                              _t(lang, "不再触发（案件数）", "no longer fired (cases)")], layout)]
    by_remedy = report.by_remedy()
    if by_remedy:
        lines += ["", _table([[code, n["gained"], n["lost"]] for code, n in by_remedy.items()],
                             [_t(lang, "救济", "remedy"), _t(lang, "获得", "gained"), _t(lang, "失去", "lost")], layout)]
    if report.interrupted:
        lines += ["", _t(lang, "已中断：只重放了部分案件。", "Interrupted: only some cases were replayed.")]
    return "\n".join(lines)


def render_verification(path: str, result: Verification, fmt: str, lang: str) -> str:
    if fmt == "json":
        return json.dumps({"db": path, "ok": result.ok, "entries": result.entries, "seals": result.seals,
                           "head": result.head, "schema_version": result.schema_version,
                           "problems": [p.get(lang) for p in result.problems]}, ensure_ascii=False, indent=2)
    if result.ok:
        return _t(lang, f"{path}：完好，{result.entries} 条记录，{result.seals} 个封记，链头 {result.head}",
                  f"{path}: intact, {result.entries} entries, {result.seals} seals, head {result.head}")
    return "\n".join([_t(lang, f"{path}：已被改动（{len(result.problems)} 处问题）",
                         f"{path}: TAMPERED ({len(result.problems)} problems)")]
                     + [f"  - {p.get(lang)}" for p in result.problems])


__all__ = ["changes_text", "parameter_lines", "render_history", "render_replay", "render_verification"]
