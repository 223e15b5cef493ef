"""The language of a run of the command line, and the catalogue's texts put in place for it.

Which language (the first that says one):
1. `--lang zh|en` anywhere on the command line (`adjudicator --lang zh warranty check ...` or
   `adjudicator warranty check ... --lang zh`);
2. the environment variable `ADJUDICATOR_LANG` (`zh...` or `en...`; anything else is ignored);
3. the locale: the first of LC_ALL, LC_MESSAGES, LANG that is set -- Chinese when it starts with `zh`;
   then the process locale;
4. English.

The language is settled before click parses anything, so that click's own messages (a missing argument, an
unknown option, a bad choice) are in it as well: click looks its words up through gettext, and `use_language`
points its modules' lookup at `catalogue.CLICK_ZH` for Chinese (and back to click's own text for English).
"""
from __future__ import annotations

import contextvars
import inspect
import locale
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

import click

from .catalogue import CLICK_ZH, COMMAND_OPTIONS, COMMANDS, MESSAGES, OPTIONS, Text
from .help_format import HelpContext

LANGUAGES = ("zh", "en")
LANG_ENV = "ADJUDICATOR_LANG"
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("adjudicator_cli_lang", default=None)


def _language_of(value: str | None) -> str | None:
    """zh or en for a setting that names one (`zh_CN.UTF-8`, `en`), None for any other."""
    value = (value or "").strip().lower()
    return next((lang for lang in LANGUAGES if value.startswith(lang)), None)


def locale_language() -> str:
    """zh when the locale says Chinese, otherwise en."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith("zh") else "en"


def asked_language(args: Sequence[str]) -> str | None:
    """The language of a `--lang` on the command line (the last one; never past `--`), None if none or not valid."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            found = args[i + 1] if args[i + 1] in LANGUAGES else found
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2] if arg.partition("=")[2] in LANGUAGES else found
    return found


def run_language(args: Sequence[str] = ()) -> str:
    """The language of a run: --lang, else ADJUDICATOR_LANG, else the locale (see the module's docstring)."""
    return asked_language(args) or _language_of(os.environ.get(LANG_ENV)) or locale_language()


def current_language() -> str:
    """The language settled for this run of the command line, or (outside one) from the environment."""
    return _current.get() or _language_of(os.environ.get(LANG_ENV)) or locale_language()


def _zh_gettext(message: str) -> str:
    return CLICK_ZH.get(message, message)


def _zh_ngettext(singular: str, plural: str, n: int) -> str:
    return _zh_gettext(singular if n == 1 else plural)


def _en_ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def use_language(lang: str) -> None:
    """Have click speak `lang`: its modules look words up by their own `_` and `ngettext`, bound when they were
    imported, so those names are pointed at the catalogue (or back to English)."""
    gettext_fn = _zh_gettext if lang == "zh" else (lambda message: message)
    ngettext_fn = _zh_ngettext if lang == "zh" else _en_ngettext
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "click" or name.startswith("click.")):
            continue
        if callable(getattr(module, "_", None)):
            module._ = gettext_fn  # type: ignore[attr-defined]
        if callable(getattr(module, "ngettext", None)):
            module.ngettext = ngettext_fn  # type: ignore[attr-defined]


def message(key: str, lang: str, **fields: Any) -> str:
    """A message of the command line from the catalogue, in `lang`, its fields filled in."""
    return MESSAGES[key].get(lang).format(**fields)


def command_key(names: Sequence[str]) -> str:
    """The catalogue key of a command from the names of its context chain (the root group's name dropped)."""
    return " ".join(names[1:] if names and names[0] == ROOT_NAME else names)


ROOT_NAME = "cli"


def option_key(param: click.Parameter) -> str:
    """An option by its long name (`--as-of`; `-o/--output` is `--output`)."""
    return next((opt for opt in param.opts if opt.startswith("--")), param.opts[0])


def option_help(command: str, param: click.Parameter) -> Text | None:
    key = option_key(param)
    return COMMAND_OPTIONS.get(f"{command} {key}".strip()) or OPTIONS.get(key)


def _names(ctx: click.Context) -> list[str]:
    names = []
    node: click.Context | None = ctx
    while node is not None:
        names.append(node.command.name or "")
        node = node.parent
    return names[::-1]


# a line break between two Chinese characters (or before a Chinese bracket or a quoted JSON key) is no space
_CJK_BREAK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\n[ \t]*(?=[\u3000-\u9fff\uff00-\uffef{\"])")
_SHORT_HELP_CHARS = 40


def command_help(text: Text, lang: str) -> str:
    """A command's help in `lang`: Chinese lines joined without the space click would put between them."""
    return _CJK_BREAK.sub("", inspect.cleandoc(text.zh)) if lang == "zh" else text.en


def short_help(text: Text, lang: str) -> str | None:
    """The one line a group lists for a command. click shortens English by words; Chinese has no spaces, so it is
    the first sentence, cut at a character count."""
    if lang != "zh":
        return None
    first = re.split(r"(?<=[。])", command_help(text, lang), maxsplit=1)[0].strip()
    return first if len(first) <= _SHORT_HELP_CHARS else first[:_SHORT_HELP_CHARS - 1] + "…"


def localize(command: click.Command, key: str, lang: str, ctx: click.Context) -> None:
    """Put the catalogue's help of `command` and of its options in place, in `lang`."""
    text = COMMANDS.get(key)
    if text is not None:
        command.help = command_help(text, lang)
        command.short_help = short_help(text, lang)
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            found = option_help(key, param)
            if found is not None:
                param.help = found.get(lang)


class Localized:
    """Mixin of every command and group: the run's language settled before the top-level command parses its
    arguments; help texts from the catalogue when help is shown, laid out by display width."""

    context_class = HelpContext

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        """The command run from the top: its language holds for this run only (a test running many commands in
        one process, or a program calling the API afterwards, sees the environment's again)."""
        args = list(sys.argv[1:] if args is None else args)
        token = _current.set(run_language(args))
        try:
            return super().main(args, *rest, **extra)  # type: ignore[misc]
        finally:
            _current.reset(token)
            use_language("en")                      # click's own words again, as it was imported

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        if parent is None:
            _current.set(run_language(args))
            use_language(current_language())
        return super().make_context(info_name, args, parent, **extra)  # type: ignore[misc]

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = current_language()
        key = command_key(_names(ctx))
        localize(self, key, lang, ctx)  # type: ignore[arg-type]
        if isinstance(self, click.Group):
            for name in self.list_commands(ctx):
                sub, text = self.get_command(ctx, name), COMMANDS.get(f"{key} {name}".strip())
                if sub is not None and text is not None:
                    sub.help, sub.short_help = command_help(text, lang), short_help(text, lang)
        super().format_help(ctx, formatter)  # type: ignore[misc]


class Command(Localized, click.Command):
    pass


__all__ = ["Command", "Localized", "LANG_ENV", "LANGUAGES", "asked_language", "command_key", "current_language",
           "locale_language", "localize", "message", "option_help", "option_key", "run_language", "use_language",
           "ROOT_NAME"]
