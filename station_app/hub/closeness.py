"""How alike a common issue's topics are, in a word a reader can use (the page, the CLI, the Excel).

The number behind it is the group's cohesion (mean cosine of its topics with their centre); a
group exists only above the join threshold, so the word only tells closer groups from looser ones.
"""

from __future__ import annotations

CLOSENESS_HEADER = "相近程度"
HIGH = 0.6  # at twice the join threshold (0.30) the topics use mostly the same words


def closeness(score: float) -> str:
    """高: the topics say nearly the same thing; 中: the same problem in rather different words."""
    return "高" if score >= HIGH else "中"
