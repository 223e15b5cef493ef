"""Reading input files (JSON or YAML) into validated models, with errors that name the file and the field."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..core.problems import check_text, invalid, problem
from ..core.reading import MAX_INPUT_BYTES, ReadError, os_error_text, read_bounded
from ..core.text import Localized, separator
from ..core.yaml_loader import DuplicateJsonKey, DuplicateKey, SafeLoader, duplicate_key_text, load_json

Model = TypeVar("Model", bound=BaseModel)
MAX_FILE_BYTES = MAX_INPUT_BYTES


class InputError(ValueError):
    """Bad input: the message names the source and the field path. A message given in both languages
    (`Localized`) is English in `str()` and either language in `text(lang)`."""

    def __init__(self, source: str, message: str | Localized, field: str | None = None):
        self.source, self.field = source, field
        self.localized = message if isinstance(message, Localized) else None
        self.message = message.en if isinstance(message, Localized) else message
        super().__init__(f"{source}: {field + ': ' if field else ''}{self.message}")

    def text(self, lang: str = "en") -> str:
        """The message in `lang` where it has been translated, naming the source and the field (after each the
        language's separator: `：` in Chinese)."""
        if self.localized is None:
            return str(self)
        sep = separator(lang)
        return f"{self.source}{sep}{self.field + sep if self.field else ''}{self.localized.get(lang)}"

    def bare(self, lang: str = "en") -> str:
        """The message in `lang` without the source and the field (which an error line gives apart)."""
        return self.localized.get(lang) if self.localized is not None else self.message


def explain_validation(source: str, exc: ValidationError) -> InputError:
    """Every problem, each with its full field path and in both languages (io/problems.py); the first one's path
    is the error's field."""
    problems = [problem(error)[:2] for error in exc.errors()]
    path, first = problems[0]
    rest = problems[1:]
    zh = first.zh + "".join(f"；{p + '：' if p else ''}{m.zh}" for p, m in rest)
    en = first.en + "".join(f"; {p + ': ' if p else ''}{m.en}" for p, m in rest)
    return InputError(source, Localized(zh=zh, en=en), path or None)


def parse_data(text: str | bytes, source: str, json_only: bool = False) -> Any:
    """JSON first; YAML when the source is not JSON. Dates in YAML stay ISO text so that both agree."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(source, Localized(zh=f"不是 UTF-8 文本（第 {exc.start} 字节：{exc.reason}）",
                                               en=f"not UTF-8 text ({exc.reason} at byte {exc.start})")) from None
    stripped = text.lstrip()
    if json_only or stripped.startswith(("{", "[")):
        try:
            return load_json(text, parse_constant=_reject_constant)
        except DuplicateJsonKey as exc:
            raise InputError(source, duplicate_key_text(exc.key), _joined(exc.path, exc.key)) from None
        except json.JSONDecodeError as exc:
            raise InputError(source, Localized(
                zh=f"JSON 有误：第 {exc.lineno} 行第 {exc.colno} 列（{exc.msg}）",
                en=f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")) from None
        except RecursionError:
            raise InputError(source, _TOO_DEEP) from None
        except ValueError as exc:
            raise InputError(source, check_text(exc)) from None
    try:
        return yaml.load(text, Loader=_IsoTextLoader)
    except DuplicateKey as exc:
        raise InputError(source, duplicate_key_text(exc.key, exc.first_line, exc.second_line)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = (mark.line + 1, mark.column + 1) if mark is not None else None
        where_zh = f"第 {at[0]} 行第 {at[1]} 列" if at else ""
        where_en = f" at line {at[0]} column {at[1]}" if at else ""
        said = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(source, Localized(zh=f"既不是 JSON 也不是有效的 YAML：{where_zh}（{said}）",
                                           en=f"neither JSON nor valid YAML{where_en}: {said}")) from None
    except RecursionError:
        raise InputError(source, _TOO_DEEP) from None


_TOO_DEEP = Localized(zh="嵌套层数过深", en="nested too deeply")


def _joined(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _reject_constant(name: str) -> Any:
    raise invalid(f"{name} 不是数字（JSON 中没有 NaN 与 Infinity）", f"{name} is not a number")


class _IsoTextLoader(SafeLoader):  # type: ignore[misc, valid-type]
    """YAML without implicit dates: '2023-03-01' stays text and is read by the models like JSON."""


_IsoTextLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def validate(model: type[Model], data: Any, source: str) -> Model:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise explain_validation(source, exc) from None
    except RecursionError:
        raise InputError(source, _TOO_DEEP) from None
    except ValueError as exc:
        raise InputError(source, check_text(exc)) from None


def read_file(path: str | Path) -> Any:
    """A JSON or YAML file, device or FIFO ('-' is stdin), read within the size and time limits."""
    return read_file_as_given(path)[0]


def read_file_as_given(path: str | Path) -> tuple[Any, str]:
    """read_file, with the text as it was read (read once: a FIFO or stdin cannot be read twice), for the
    decision record."""
    name = str(path)
    try:
        raw = read_bounded(path)
    except ReadError as exc:
        raise InputError(name, exc.text) from None
    except OSError as exc:
        raise InputError(name, os_error_text(exc)) from None
    p = Path(path)
    try:
        return parse_data(raw, str(p)), raw.decode("utf-8-sig", errors="replace")
    except ValueError as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(str(p), check_text(exc)) from None

