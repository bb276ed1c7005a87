"""Chinese for argparse's own words (usage, help headings, common errors).

argparse looks its messages up through the module-level ``_`` at run time, so replacing
that one function translates them without touching the parsers.
"""

from __future__ import annotations

import argparse

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
