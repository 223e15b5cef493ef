"""Output primitives every domain shares: bilingual text, citations, and the shapes of a rule's trace (fired,
not fired and why, near a limit, notes). Decisions are values: frozen pydantic models."""
from __future__ import annotations

import html
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Localized(Out):
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def loc(zh: str, en: str) -> Localized:
    """Bilingual text built from the program's own strings. Validated all the same: in pydantic 2.14 the
    compiled validator builds a small model in half the time `model_construct`'s Python loop takes."""
    return Localized(zh=zh, en=en)


# between a message's place (file, field) and what it says: the full-width colon in Chinese, ": " in English
FIELD_SEPARATOR = loc("：", ": ")


def separator(lang: str) -> str:
    """The separator after a message's file and field in `lang`."""
    return FIELD_SEPARATOR.get(lang)


class Citation(Out):
    instrument: Localized
    article: str
    paragraph: str | None = None
    item: str | None = None
    verified: bool = Field(True, description="false: the article number comes from a secondary source only")

    def text(self, lang: str = "zh") -> str:
        where = self.article + (self.paragraph or "") + (self.item or "")
        flag = "" if self.verified else ("（条号未经原文核实）" if lang == "zh" else " (article number unverified)")
        return f"{self.instrument.get(lang)} {where}{flag}"


class FailedCondition(Out):
    condition: str
    actual: object
    required: object
    text: Localized


class NotFired(Out):
    rule_id: str
    kind: str
    title: Localized
    citation: Citation
    failed: list[FailedCondition] = Field(description="the failed conditions of the alternative that comes closest")
    why: Localized = Field(description="every alternative of the condition (each `and` group of an `or`, in "
                                       "brackets) with its failed comparisons, actual values and requirements")
    evidence: list[str] = Field(default_factory=list)


class NearLimit(Out):
    rule_id: str
    citation: Citation
    text: Localized
    actual: object
    limit: object


class NoteOut(Out):
    code: str
    text: Localized
    field: str | None = None


def format_value(value: Any, lang: str) -> str:
    """A value as the explanation texts show it."""
    kind = type(value)
    if kind is str:                 # the common cases first: this runs for every placeholder of every text
        return value
    if kind is int:
        return str(value)
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, (list, tuple)):
        return "、".join(format_value(v, lang) for v in value) if lang == "zh" else ", ".join(
            format_value(v, lang) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Localized):
        return value.get(lang)
    return str(value)


# ---------------------------------------------------------------- input text at the render boundary
#
# Text that came from an input file (ids, VINs, problems, descriptions, notes, names, a policy file's titles and
# explanations) is shown inert: on a terminal no control character reaches it (an ESC sequence could move the
# cursor, rewrite the screen or set the window title; a bidi override could make "1 天" read as "天 1"), and in
# Markdown no HTML, no emphasis and no link is made of it. Every renderer passes each value it shows through
# `shown(value, fmt)`, the one place this is decided.

_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSHOWN = {c: None for c in range(0x20)} | {0x7F: None} | {c: None for c in range(0x80, 0xA0)} | \
    {ord(c): None for c in _BIDI_CONTROLS + "\u2028\u2029\ufeff"}
_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in _UNSHOWN) + "]")
_KEPT_ON_A_TERMINAL = {"\n"}           # a table cell may wrap on its own line breaks
_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]!|~#{}])")
_AUTOLINK_START = re.compile(r"(?i)\b([a-z][a-z0-9+.-]{1,31}):|\b(www)\.|@")


def _escaped_control(m: re.Match[str]) -> str:
    c = m.group(0)
    return {"\t": "\\t", "\r": "\\r", "\n": "\\n"}.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else
                                                            f"\\u{ord(c):04x}")


def terminal_text(value: object) -> str:
    """`value` as text that a terminal shows as it is: C0 and C1 control characters (ESC among them), DEL, bidi
    overrides and isolates, and line/paragraph separators are written as escapes (\\x1b, \\u202e); a line break
    stays one."""
    text = str(value)
    return _CONTROL.sub(lambda m: m.group(0) if m.group(0) in _KEPT_ON_A_TERMINAL else _escaped_control(m), text)


def markdown_text(value: object) -> str:
    """`value` as inert Markdown inline text: control characters escaped (a line break too, so nothing starts a
    new block), HTML escaped, Markdown punctuation backslash-escaped (so `[x](javascript:...)`, `**`, `|` and
    `<b>` show as they are written), and what an autolink would start from (`scheme:`, `www.`, `@`) broken with
    a backslash escape, so no link is ever made of input text."""
    text = _CONTROL.sub(_escaped_control, str(value))
    text = html.escape(text, quote=False)
    text = _MARKDOWN_ACTIVE.sub(r"\\\1", text)
    return _AUTOLINK_START.sub(lambda m: f"{m.group(1)}\\:" if m.group(1) else
                               f"{m.group(2)}\\." if m.group(2) else "\\@", text)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")     # what makes a spreadsheet read a cell as a formula


def spreadsheet_cell(value: object) -> object:
    """A cell for a CSV or XLSX file: a text that a spreadsheet would run as a formula (a dealer or staff name
    written `=HYPERLINK(...)`, say) is kept as text by a leading apostrophe, as OWASP advises; numbers and other
    texts are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def shown(value: object, fmt: str) -> str:
    """A value as it may be shown in `fmt`: "markdown" → `markdown_text`, anything else that is text for a
    person (a table) → `terminal_text`."""
    return markdown_text(value) if fmt == "markdown" else terminal_text(value)
