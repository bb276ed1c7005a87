"""Chinese for argparse's own words (usage, help headings, common errors).

argparse looks its messages up through the module-level ``_`` at run time, so replacing
that one function translates them without touching the parsers.
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from station_app.cli.columns import display_width

_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示程序版本并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个参数值",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
    "one of the arguments %s is required": "必须给出以下参数之一：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
}


def _translate(message: str) -> str:
    return _ZH.get(message, message)


def install() -> None:
    argparse._ = _translate  # type: ignore[attr-defined]


_USAGE_PART = re.compile(r"\(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|\S+")  # argparse's own parts
_HEADING = re.compile(r"^(位置参数|选项):$", re.MULTILINE)
_NO_LINE_START = frozenset("）》」』，。、；：！？")  # Chinese punctuation that never starts a line
_TOKEN = re.compile(r"[\x21-\x7e]+|.")  # a run of Latin letters, digits and signs; any other character


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's help, its columns lined up by display width (「--data-dir 目录」 is 16 columns,
    not 14): argparse counts characters, so the help after a Chinese metavar started too far right."""

    def add_argument(self, action: argparse.Action) -> None:
        if action.help is not argparse.SUPPRESS:
            invocations = [self._format_action_invocation(action)]
            invocations += [self._format_action_invocation(a) for a in self._iter_indented_subactions(action)]
            longest = max(map(display_width, invocations)) + self._current_indent
            self._action_max_length = max(self._action_max_length, longest)
            self._add_item(self._format_action, [action])

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        """The usage on one line from argparse, then wrapped by display width, its continuation
        lines under the first option (argparse counted 「用法：」 as three columns, not six)."""
        width, self._width = self._width, 1_000_000
        try:
            text: str = super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width = width
        line = text.strip("\n")
        lead = f"{_translate('usage: ') if prefix is None else prefix}{self._prog}"
        room = width - self._current_indent
        if "\n" in line or not line.startswith(lead) or display_width(line) <= room:
            return text
        indent = " " * (display_width(lead) + 1)
        lines = [lead]
        for part in _USAGE_PART.findall(line[len(lead) :]):
            if display_width(lines[-1]) + 1 + display_width(part) > room and lines[-1].strip() != lead:
                lines.append(indent + part)
            else:
                lines[-1] += " " + part
        return "\n".join(lines) + "\n\n"

    def format_help(self) -> str:
        # argparse ends a section's heading with an ASCII colon; Chinese text takes 「：」.
        return _HEADING.sub(r"\1：", super().format_help())

    def _split_lines(self, text: str, width: int) -> list[str]:
        """Lines of at most ``width`` columns; a Latin word or an option is never cut."""
        lines: list[str] = []
        line, used = "", 0
        for token in _TOKEN.findall(" ".join(text.split())):
            size = display_width(token)
            if used + size > width and line.strip() and token not in _NO_LINE_START:
                lines.append(line.rstrip())
                line, used = "", 0
                if token == " ":
                    continue
            line, used = line + token, used + size
        if line.strip():
            lines.append(line.rstrip())
        return lines

    def _format_action(self, action: argparse.Action) -> str:
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = self._format_action_invocation(action)
        indent = " " * self._current_indent
        help_text = self._expand_help(action) if action.help and action.help.strip() else ""
        lines = self._split_lines(help_text, help_width) if help_text else []
        if lines and display_width(header) <= action_width:
            padding = " " * (action_width - display_width(header) + 2)
            parts = [f"{indent}{header}{padding}{lines[0]}\n"]
            lines = lines[1:]
        else:
            parts = [f"{indent}{header}\n"]
        parts += [f"{' ' * help_position}{line}\n" for line in lines]
        parts += [self._format_action(sub) for sub in self._iter_indented_subactions(action)]
        return self._join_parts(parts)
