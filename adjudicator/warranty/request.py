"""The answer to the consumer's request: granted, refused, another remedy instead, or undetermined because it
hinges on a fact nobody knows yet -- with the grounds, the conditions that failed in words, and what the
consumer may choose instead. Without a request, the strongest remedy now available, or why there is none.

Everything here reads the decision's own parts (remedies, why-not, periods, missing facts with their computed
alternatives); nothing is decided twice.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..core.text import Localized, NotFired
from .decision import (
    REMEDY_NAMES,
    Deadline,
    FiredRule,
    MissingFact,
    Period,
    Remedy,
    RequestGround,
    RequestVerdict,
)
from .vocabulary import (
    CAUSE,
    DEADLINE,
    DEADLINE_STATUS,
    FAILURE_MODE,
    REMEDY_STRENGTH,
    REQUEST,
    REQUESTED_REMEDY,
    VERDICT,
)

_SEP = {"zh": "；", "en": "; "}


def verdict_for(kind: str | None, codes: Iterable[str]) -> str:
    """granted / other_remedy / refused for a request, from the remedies a decision gives."""
    codes = set(codes)
    if kind is None:
        return "no_request"
    if REQUESTED_REMEDY[kind] in codes:
        return "granted"
    return "other_remedy" if codes else "refused"


def _article(citation: object) -> str:
    c = citation
    return c.article + (c.paragraph or "") + (c.item or "")  # type: ignore[attr-defined]


def choices_text(remedies: list[Remedy], lang: str) -> str:
    """The remedies on offer, strongest first; replace and return together are the consumer's choice."""
    codes = [c for c in REMEDY_STRENGTH if any(r.code == c for r in remedies)]
    if not codes:
        return "无" if lang == "zh" else "none"
    names = [REMEDY_NAMES[c].get(lang) for c in codes]
    if "return" in codes and "replace" in codes:
        rest = [REMEDY_NAMES[c].get(lang) for c in codes if c not in ("return", "replace")]
        first = "更换或退货（由消费者选择）" if lang == "zh" else "replacement or return (the consumer's choice)"
        names = [first, *rest]
    return ("、" if lang == "zh" else ", ").join(names)


def _failed_text(n: NotFired, lang: str) -> str:
    conditions = n.why.get(lang)
    return f"{n.title.get(lang)}（{_article(n.citation)}）：{conditions}" if lang == "zh" else \
        f"{n.title.get(lang)} ({_article(n.citation)}): {conditions}"


def no_remedy_reason(periods: list[Period], fired: list[FiredRule], as_of: date) -> Localized:
    """Why a decision in scope gives nothing: the periods have ended, or every problem is excluded, or none."""
    warranty = next((p for p in periods if p.code == "repair_warranty"), None)
    if warranty is not None and not warranty.active:
        km = f"，或里程表达到 {warranty.end_odometer_km} 公里" if warranty.end_odometer_km is not None else ""
        km_en = f" or at {warranty.end_odometer_km:,} km" if warranty.end_odometer_km is not None else ""
        return Localized(zh=f"包修期已于 {warranty.end_date}{km}届满（以先到者为准），决定日 {as_of} 已在包修期外，"
                            f"且记录中没有包修期内出现的质量问题。",
                         en=f"The repair warranty ended on {warranty.end_date}{km_en} (whichever came first); the "
                            f"decision date {as_of} is after it and no quality problem on record arose inside it.")
    excluded = [f for f in fired if f.kind == "exclusion"]
    if excluded:
        return Localized(zh="记录中的问题均不承担三包责任：" + _SEP["zh"].join(f.explanation.zh for f in excluded),
                         en="No problem on record carries 三包 liability: "
                            + _SEP["en"].join(f.explanation.en for f in excluded))
    return Localized(zh="记录中没有引起三包责任的质量问题。", en="No quality problem on record gives a 三包 remedy.")


def _next_deadline(deadlines: list[Deadline], lang: str) -> str:
    open_ones = sorted((d for d in deadlines if d.status in ("running", "overdue")), key=lambda d: d.due)
    if not open_ones:
        return ""
    d = open_ones[0]
    name, status = DEADLINE.name_of(d.code).get(lang), DEADLINE_STATUS.name_of(d.status).get(lang)
    return (f"销售者下一期限：{name}，{d.due} 前（{status}）。" if lang == "zh"
            else f"Seller's next deadline: {name}, by {d.due} ({status}).")


def _compensation(remedies: list[Remedy], lang: str) -> str:
    comp = next((r.use_compensation for r in remedies
                 if r.code in ("replace", "return") and r.use_compensation and r.use_compensation.charged), None)
    if comp is None:
        return ""
    if comp.amount_yuan is not None:
        return (f"更换或退货须支付使用补偿 {comp.amount_yuan:,.2f} 元。" if lang == "zh"
                else f"A replacement or return costs a use compensation of {comp.amount_yuan:,.2f} yuan.")
    lo, hi = comp.amount_range_yuan or (0, 0)
    return (f"更换或退货须支付使用补偿 {lo:,.2f}～{hi:,.2f} 元（三包凭证未载明系数 n）。" if lang == "zh"
            else f"A replacement or return costs a use compensation of {lo:,.2f}–{hi:,.2f} yuan (no coefficient n "
                 f"on the certificate).")


def judge_request(kind: str | None, requested_on: date | None, remedies: list[Remedy], not_fired: list[NotFired],
                  missing: list[MissingFact], periods: list[Period], fired: list[FiredRule],
                  deadlines: list[Deadline], as_of: date, rule_remedies: dict[str, tuple[str, ...]]) -> RequestVerdict:
    """The verdict on the request. `rule_remedies`: each remedy rule's id -> the remedies it concludes."""
    codes = {r.code for r in remedies}
    verdict = verdict_for(kind, codes)
    hinges = [m.field for m in missing if any(a.verdict is not None and a.verdict != verdict
                                              for a in m.alternatives)]
    if hinges and kind is not None:
        verdict = "undetermined"
    wanted = REQUESTED_REMEDY[kind] if kind else None
    grounds = [RequestGround(rule_id=r.rule_id, citation=r.citation, explanation=r.explanation)
               for r in remedies if r.code == wanted]
    failed = [n for n in not_fired if wanted in rule_remedies.get(n.rule_id, ())]
    failed.sort(key=lambda n: (_distance(n), len(n.failed)))
    instead = [c for c in REMEDY_STRENGTH if c in codes and c != wanted]
    reason = _reason(verdict, wanted, grounds, failed, remedies, periods, fired, as_of, missing, hinges)
    return RequestVerdict(kind=kind, requested_on=requested_on, verdict=verdict, grounds=grounds, failed=failed,
                          instead=instead, hinges_on=hinges, reason=reason,
                          headline=_headline(kind, requested_on, verdict, reason, remedies, deadlines))


def _reason(verdict: str, wanted: str | None, grounds: list[RequestGround], failed: list[NotFired],
            remedies: list[Remedy], periods: list[Period], fired: list[FiredRule], as_of: date,
            missing: list[MissingFact], hinges: list[str]) -> Localized:
    if verdict == "undetermined":
        facts = [m for m in missing if m.field in hinges]
        zh = _SEP["zh"].join(f"{m.text.zh}" + "；".join(f"若为{_value(a.value, 'zh')}：{VERDICT.zh(a.verdict or 'refused')}"
                                                        for a in m.alternatives) for m in facts)
        en = _SEP["en"].join(f"{m.text.en} " + " ".join(f"If {_value(a.value, 'en')}: {VERDICT.en(a.verdict or 'refused')}."
                                                       for a in m.alternatives) for m in facts)
        return Localized(zh=zh, en=en)
    if verdict == "granted" or (verdict == "no_request" and remedies):
        shown = grounds if grounds else [RequestGround(rule_id=r.rule_id, citation=r.citation,
                                                       explanation=r.explanation)
                                         for r in _strongest(remedies)]
        return Localized(zh=_SEP["zh"].join(g.explanation.zh for g in shown[:2]),
                         en=_SEP["en"].join(g.explanation.en for g in shown[:2]))
    if not remedies:
        return no_remedy_reason(periods, fired, as_of)
    if failed:
        return Localized(zh=_SEP["zh"].join(_failed_text(n, "zh") for n in failed[:2]),
                         en=_SEP["en"].join(_failed_text(n, "en") for n in failed[:2]))
    name = REMEDY_NAMES[wanted].get("zh") if wanted else ""
    return Localized(zh=f"没有规则给予{name}。", en=f"No rule gives {REMEDY_NAMES[wanted].en if wanted else ''}.")


def _distance(n: NotFired) -> float:
    """How far a rule is from firing: for each failed numeric condition the shortfall relative to what is
    required, 1 for any other failed condition. The closest rule explains a refusal best."""
    total = 0.0
    for f in n.failed:
        actual, required = f.actual, f.required
        if isinstance(actual, (int, float)) and isinstance(required, (int, float)) and \
                not isinstance(actual, bool) and not isinstance(required, bool):
            total += max(0.0, float(required) - float(actual)) / max(abs(float(required)), 1.0)
        else:
            total += 1.0
    return total


def _strongest(remedies: list[Remedy]) -> list[Remedy]:
    for code in REMEDY_STRENGTH:
        found = [r for r in remedies if r.code == code]
        if found:
            return found
    return []


def _value(value: object, lang: str) -> str:
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    for vocabulary in (FAILURE_MODE, CAUSE):
        if isinstance(value, str) and value in vocabulary:
            return vocabulary.name_of(value).get(lang)
    return str(value)


def _headline(kind: str | None, requested_on: date | None, verdict: str, reason: Localized,
              remedies: list[Remedy], deadlines: list[Deadline]) -> Localized:
    parts: dict[str, list[str]] = {"zh": [], "en": []}
    for lang in ("zh", "en"):
        out = parts[lang]
        if kind is None:
            if remedies:
                out.append(f"现可选择：{choices_text(remedies, lang)}。" if lang == "zh"
                            else f"Available now: {choices_text(remedies, lang)}.")
            else:
                out.append(("无三包救济：" if lang == "zh" else "No 三包 remedy: ") + reason.get(lang))
        else:
            asked = REQUEST.name_of(kind).get(lang)
            when = f"（{requested_on}）" if lang == "zh" and requested_on else (f" ({requested_on})" if requested_on else "")
            head = (f"请求{asked}{when}：{VERDICT.zh(verdict)}。" if lang == "zh"
                    else f"Request for {asked}{when}: {VERDICT.en(verdict)}.")
            out.append(head)
            if verdict != "granted":
                out.append(("理由：" if lang == "zh" else "Why: ") + reason.get(lang).rstrip("。.") +
                           ("。" if lang == "zh" else "."))
            out.append(f"可选择：{choices_text(remedies, lang)}。" if lang == "zh"
                        else f"Choices: {choices_text(remedies, lang)}.")
        compensation = _compensation(remedies, lang)
        if compensation:
            out.append(compensation)
        nxt = _next_deadline(deadlines, lang)
        if nxt:
            out.append(nxt)
    return Localized(zh="".join(parts["zh"]), en=" ".join(parts["en"]))
