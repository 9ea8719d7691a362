"""argparse in Russian: the usage line, the section titles, «-h» and the error messages.

Python ships no Russian catalogue for argparse, so `otklik createuser` without --role said
«the following arguments are required: --role». `russify(parser)` turns a built parser and its
sub-commands Russian; Django builds its CommandParser itself, so OtklikCommand converts it after
the fact, and `otklik triage` gets its parser class from the wiring. No Django, no app: a helper.
"""

from __future__ import annotations

import argparse
import re
import sys
import types
from typing import Any, NoReturn

ERRORS: list[tuple[str, str]] = [
    (r"the following arguments are required: (.+)", r"не указаны обязательные аргументы: \1"),
    (
        r"argument (.+?): invalid choice: (.+?) \(choose from (.+)\)",
        r"аргумент \1: недопустимое значение \2 (можно: \3)",
    ),
    (r"unrecognized arguments: (.+)", r"неизвестные аргументы: \1"),
    (r"argument (.+?): expected one argument", r"аргумент \1: нужно значение"),
    (
        r"argument (.+?): expected at least one argument",
        r"аргумент \1: нужно хотя бы одно значение",
    ),
    (r"argument (.+?): expected (\d+) arguments?", r"аргумент \1: нужно значений: \2"),
    (r"argument (.+?): invalid int value: (.+)", r"аргумент \1: не целое число: \2"),
    (r"argument (.+?): invalid float value: (.+)", r"аргумент \1: не число: \2"),
    (r"argument (.+?): invalid (.+?) value: (.+)", r"аргумент \1: неверное значение \3"),
    (
        r"argument (.+?): not allowed with argument (.+)",
        r"аргумент \1 нельзя указывать вместе с \2",
    ),
    (r"one of the arguments (.+) is required", r"нужен один из аргументов: \1"),
    (r"argument (.+?): ignored explicit argument (.+)", r"аргумент \1: лишнее значение \2"),
    (r"ambiguous option: (.+?) could match (.+)", r"неоднозначный параметр \1: подходят \2"),
]

HELP = "показать эту справку и выйти"


def translate(message: str) -> str:
    """argparse's English error → Russian; an unknown message is kept as it is."""
    for pattern, russian in ERRORS:
        match = re.fullmatch(pattern, message, flags=re.DOTALL)
        if match:
            return match.expand(russian)
    return message


class RussianUsage(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        # A sub-command's prog is built with prefix "": keep it empty there.
        super().add_usage(usage, actions, groups, "Использование: " if prefix is None else prefix)


def _formatter(cls: type[argparse.HelpFormatter]) -> type[argparse.HelpFormatter]:
    if issubclass(cls, RussianUsage):
        return cls
    return type(f"Russian{cls.__name__}", (RussianUsage, cls), {})


def _error(parser: argparse.ArgumentParser, message: str) -> NoReturn:
    """Say it in Russian. Django's parser, called from code, raises CommandError instead."""
    message = translate(message)
    if hasattr(parser, "called_from_command_line") and not parser.called_from_command_line:
        type(parser).error(parser, message)
    parser.print_usage(sys.stderr)
    parser.exit(2, f"{parser.prog}: ошибка: {message}\n")


def russify(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Make a built parser, and every sub-command's parser under it, speak Russian."""
    parser.formatter_class = _formatter(parser.formatter_class)
    parser._positionals.title = "аргументы"
    parser._optionals.title = "параметры"
    parser.error = types.MethodType(_error, parser)  # type: ignore[method-assign]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = HELP
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                russify(sub)
    return parser


class RussianArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that is Russian from the start (for parsers built outside Django)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["formatter_class"] = _formatter(
            kwargs.get("formatter_class", argparse.HelpFormatter)
        )
        kwargs.setdefault("add_help", True)
        super().__init__(*args, **kwargs)
        self._positionals.title = "аргументы"
        self._optionals.title = "параметры"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = HELP

    def error(self, message: str) -> NoReturn:
        _error(self, message)
