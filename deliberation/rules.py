"""Pure rules of group deliberation: no ORM, plain data in and out."""

from __future__ import annotations

from collections.abc import Iterable


def draft_text(speeches: Iterable[tuple[str, str, str]]) -> str:
    """The first text of a 审议意见 draft: the speeches' summaries grouped by group.

    ``speeches`` are (group name, deputy name, summary) in the order they were recorded; each group
    gets a heading and one paragraph per speech, "某某代表：…".
    """
    groups: dict[str, list[str]] = {}
    for group, deputy, summary in speeches:
        groups.setdefault(group, []).append(f"{deputy}代表：{summary.strip()}")
    return "\n\n".join(f"{group}\n" + "\n".join(lines) for group, lines in groups.items())
