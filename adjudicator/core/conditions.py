"""The condition language of the rule files: parsed, never evaluated as Python.

    condition   := conjunction ( "or" conjunction )*
    conjunction := comparison ( "and" comparison )*
    comparison  := fact "." field OP value  |  fact "." field ["not"] "in" list
    value       := number | true | false | 'text' | "text" | bare-word | $parameter
    list        := "[" value ("," value)* "]" | $parameter

"and" binds tighter than "or". Every comparison over one fact type in a conjunction constrains the same
fact; comparisons over different types join facts of one vehicle (no cross-fact references, which is the
subset durable_rules handles safely).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPERATORS = ("==", "!=", ">=", "<=", ">", "<", "in", "not in")

_TOKEN = re.compile(r"""\s*(?:
    (?P<str>'[^']*'|"[^"]*")
  | (?P<num>-?\d+(?:\.\d+)?(?![\w.]))
  | (?P<op>==|!=|>=|<=|>|<)
  | (?P<punct>[\[\],])
  | (?P<param>\$[A-Za-z_][A-Za-z0-9_]*)
  | (?P<ref>[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
)""", re.VERBOSE)


class ExpressionError(ValueError):
    pass


@dataclass(frozen=True)
class Param:
    name: str


@dataclass(frozen=True)
class Comparison:
    fact: str
    field: str
    op: str
    value: object          # scalar, Param, or tuple of scalars/Params (for "in")

    def text(self) -> str:
        return f"{self.fact}.{self.field} {self.op} {_show(self.value)}"


def _show(value: object) -> str:
    if isinstance(value, Param):
        return f"${value.name}"
    if isinstance(value, tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return repr(value)


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExpressionError(f"cannot read {text[pos:pos + 20]!r} in condition {text!r}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def _scalar(kind: str, tok: str) -> object:
    if kind == "str":
        return tok[1:-1]
    if kind == "num":
        return float(tok) if "." in tok else int(tok)
    if kind == "param":
        return Param(tok[1:])
    if kind == "word":
        if tok in ("true", "false"):
            return tok == "true"
        return tok
    raise ExpressionError(f"expected a value, got {tok!r}")


def parse(text: str) -> tuple[tuple[Comparison, ...], ...]:
    """Parse a condition into disjunctive normal form: a tuple of conjunctions."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("empty condition")
    toks = _tokens(text)
    alternatives: list[tuple[Comparison, ...]] = []
    current: list[Comparison] = []
    i = 0

    def need(cond: bool, what: str) -> None:
        if not cond:
            raise ExpressionError(f"{what} in condition {text!r}")

    while True:
        need(i < len(toks) and toks[i][0] == "ref", "expected fact.field")
        fact, field = toks[i][1].split(".")
        i += 1
        need(i < len(toks), f"expected an operator after {fact}.{field}")
        kind, tok = toks[i]
        negated = kind == "word" and tok == "not" and i + 1 < len(toks) and toks[i + 1] == ("word", "in")
        if negated:
            i += 1
            kind, tok = toks[i]
        if kind == "word" and tok == "in":
            i += 1
            need(i < len(toks), "expected a list after 'in'")
            if toks[i][0] == "param":
                value: object = Param(toks[i][1][1:])
                i += 1
            else:
                need(toks[i] == ("punct", "["), "expected '[' or $parameter after 'in'")
                i += 1
                items = []
                while True:
                    need(i < len(toks), "unterminated list")
                    items.append(_scalar(*toks[i]))
                    i += 1
                    need(i < len(toks), "unterminated list")
                    if toks[i] == ("punct", "]"):
                        i += 1
                        break
                    need(toks[i] == ("punct", ","), "expected ',' or ']'")
                    i += 1
                value = tuple(items)
            current.append(Comparison(fact, field, "not in" if negated else "in", value))
        else:
            need(kind == "op", f"expected an operator after {fact}.{field}, got {tok!r}")
            i += 1
            need(i < len(toks), "expected a value")
            current.append(Comparison(fact, field, tok, _scalar(*toks[i])))
            i += 1
        if i == len(toks):
            alternatives.append(tuple(current))
            return tuple(alternatives)
        kind, tok = toks[i]
        need(kind == "word" and tok in ("and", "or"), f"expected 'and' or 'or', got {tok!r}")
        i += 1
        if tok == "or":
            alternatives.append(tuple(current))
            current = []
