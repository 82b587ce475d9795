"""Figures a parent body adds up from its children (DOMAIN §11), per figure, opt-in per congress.

A district may report, for instance, the receptions held at every station of its 街道 working
bodies together with its own. Each figure is added only where the parent's setting says so, and
a child's value is the child's own reported figure (itself rolled up where the child opted in).
Nothing of a child's records is shown to the parent: only the numbers (DOMAIN §11: a parent sees
what its children report).
"""

from __future__ import annotations

from core.congress_settings import Section, Setting, register
from reports.figures import FIGURES, Figure
from suggestions.rules import Rate

ROLLUP = register(
    Section(
        "rollup",
        "汇总下级报送数据",
        tuple(
            Setting(
                figure.key,
                False,
                f"汇总下级：{figure.label}",
                f"勾选后，本机构“{figure.label}”包含下级机构（人大工委、乡镇人大等）报送的同一指标。",
            )
            for figure in FIGURES
        ),
    )
)


def rolled_up(congress, figure: Figure) -> bool:
    return bool(ROLLUP.value(congress, figure.key))


def add(a, b):
    if isinstance(a, Rate):
        return Rate(a.numerator + b.numerator, a.denominator + b.denominator)
    return a + b


def value(
    figure: Figure,
    congress,
    period,
    memo: dict | None = None,
    *,
    _seen: frozenset = frozenset(),
    _own=None,
):
    """The figure of ``congress``, plus its children's where the congress opted in for this figure.

    The body and its children are counted together, one grouped query per figure where the figure
    allows it (``Figure.values_of``); each child's value is its own, rolled up where it opted in."""
    if not rolled_up(congress, figure) or congress.pk in _seen:
        return figure.value(congress, period, memo) if _own is None else _own
    memo = {} if memo is None else memo
    children = _children(congress, memo)
    owns = figure.values_of([congress, *children] if _own is None else children, period, memo)
    total = owns[congress.pk] if _own is None else _own
    for child in children:
        total = add(
            total, value(figure, child, period, memo, _seen=_seen | {congress.pk}, _own=owns[child.pk])
        )
    return total


def _children(congress, memo: dict) -> list:
    key = ("rollup-children", congress.pk)
    if key not in memo:
        memo[key] = list(congress.children.all())
    return memo[key]


def children_values(figure: Figure, congress, period) -> list[tuple[object, object]]:
    """(child body, its reported value) for a drill-down's note; empty unless the figure rolls up."""
    if not rolled_up(congress, figure):
        return []
    memo: dict = {}
    children = list(congress.children.order_by("name"))
    owns = figure.values_of(children, period, memo)
    return [
        (child, value(figure, child, period, memo, _seen=frozenset({congress.pk}), _own=owns[child.pk]))
        for child in children
    ]
