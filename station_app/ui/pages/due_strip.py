"""The reminder strip above the 协商议题 list: 下步措施 overdue or due within a week."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from station_app.domain.fieldcheck import deadline_state

if TYPE_CHECKING:
    from station_app.services import queries

DUE_DAYS = 7
DUE_SHOWN = 2
OVERDUE_COLOR = "#c0392b"
DUE_SOON_COLOR = "#d35400"
DUE_SCOPE = "全部年度"
LIST_LINK = "list:"  # a link to the list of all reminders: list:overdue, list:soon, list:all
# Qt may break Chinese text between any two characters, so a count's link could end one line and
# start the next (「查看全部 1」「4 项」). Word joiners between its characters and no-break spaces
# keep each count whole; a reader sees neither.
WORD_JOINER = "\u2060"


def whole(text: str) -> str:
    """``text`` never broken across lines."""
    return WORD_JOINER.join(text.replace(" ", "\xa0"))


def read_as(text: str) -> str:
    """What :func:`whole` made, as a person reads it."""
    return text.replace(WORD_JOINER, "").replace("\xa0", " ")


def _short(text: str, limit: int = 16) -> str:
    text = text.rstrip("。；;，,.、 ")  # the strip adds its own punctuation
    return text if len(text) <= limit else text[: limit - 1] + "…"


def item_link(item: queries.DueItem) -> str:
    """The link target of one reminder: the topic and the 下步措施 row to show."""
    return f"{item.consultation_id}#{item.action_item_id}"


def list_kind(link: str) -> str:
    """'overdue', 'soon' or 'all' for a link to the list of reminders; '' for a link to one item."""
    return link.removeprefix(LIST_LINK) if link.startswith(LIST_LINK) else ""


def items_of_kind(items: list[queries.DueItem], kind: str, today: date) -> list[queries.DueItem]:
    if kind == "all":
        return list(items)
    late = [i for i in items if i.due_on < today]
    return late if kind == "overdue" else [i for i in items if i.due_on >= today]


def split_link(link: str) -> tuple[str, str]:
    consultation_id, _, action_item_id = link.partition("#")
    return consultation_id, action_item_id


def due_html(items: list[queries.DueItem], today: date) -> str:
    """The reminder strip: how many are overdue (red) or due within a week (orange), then the first
    few, each a link to its record."""
    overdue = [i for i in items if deadline_state(i.due_on, None, today, DUE_DAYS) == "overdue"]
    counts = []
    if overdue:  # each count opens the list of all it counts
        count = whole(f"已逾期 {len(overdue)} 项")
        counts.append(f'<a href="{LIST_LINK}overdue" style="color:{OVERDUE_COLOR};"><b>{count}</b></a>')
    if len(items) > len(overdue):
        soon = len(items) - len(overdue)
        count = whole(f"7天内到期 {soon} 项")
        counts.append(f'<a href="{LIST_LINK}soon" style="color:{DUE_SOON_COLOR};"><b>{count}</b></a>')
    parts: list[str] = []
    for item in items[:DUE_SHOWN]:
        days = (item.due_on - today).days
        if days < 0:
            color, when = OVERDUE_COLOR, f"逾期{-days}天"
        else:
            color, when = DUE_SOON_COLOR, "今天到期" if days == 0 else f"{days}天后到期"
        parts.append(  # a measure, its topic's number and its days are each kept on one line
            f'<a href="{escape(item_link(item))}" style="color:{color};">'
            f"{escape(whole(_short(item.matter)))}</a>（{escape(whole(item.number))}，{whole(when)}）"
        )
    every = whole(f"查看全部 {len(items)} 项")
    more = f'……<a href="{LIST_LINK}all">{every}</a>' if len(items) > DUE_SHOWN else ""
    # Every year's topics, unlike 统计's 逾期事项 (the chosen period): the scope is said.
    # The items follow their own label: next to 「7天内到期 1 项」 an overdue item read as that one.
    # They come in order of their deadlines: the most overdue first when any are overdue.
    first = "逾期最久的" if overdue else "最先到期的"
    return f"下步措施（{DUE_SCOPE}）：" + "，".join(counts) + f"。{first}：" + "；".join(parts) + more
