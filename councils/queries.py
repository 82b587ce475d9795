"""Reads of the councils app: members holding a seat, ballots to show, home and public links."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.urls import reverse

from core.dates import today
from councils.models import CouncilBallot
from registry.models import Congress, CouncilMember


def members_on(council: Congress, on: dt.date | None = None) -> QuerySet[CouncilMember]:
    """Members on ``on`` (joined on or before it, not yet left): the council's 实有数 (DOMAIN §0)."""
    on = on or today()
    return (
        CouncilMember.objects.filter(congress=council, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on))
        .select_related("deputy__congress", "user")
        .order_by("category", "id")
    )


def published(council: Congress) -> QuerySet[CouncilBallot]:
    return CouncilBallot.objects.filter(congress=council, status=CouncilBallot.Status.PUBLISHED).order_by(
        "-held_on", "-id"
    )


def result_rows(ballot: CouncilBallot) -> list[dict]:
    """Per matter: number, title, explanation, votes (and 反对/弃权 per line), adopted or not."""
    result = ballot.result or {}
    counts, lines = result.get("counts", {}), result.get("line_counts") or {}
    adopted, tied = set(result.get("adopted", [])), set(result.get("tied", []))
    rows = []
    for matter in ballot.matters.all():
        line = lines.get(matter.title, {})
        rows.append(
            {
                "number": matter.number,
                "title": matter.title,
                "content": matter.content,
                "votes": counts.get(matter.title),
                "no": line.get("no"),
                "abstain": line.get("abstain"),
                "adopted": matter.title in adopted,
                "tied": matter.title in tied,
            }
        )
    return rows


def open_for_member(user) -> list[tuple[CouncilBallot, bool]]:
    """Open phone ballots of the councils the user is a member of, and whether they have voted."""
    on = today()
    members = CouncilMember.objects.filter(user=user, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=on)
    )
    by_council = {m.congress_id: m for m in members}
    ballots = CouncilBallot.objects.filter(
        congress_id__in=by_council,
        status=CouncilBallot.Status.OPEN,
        method=CouncilBallot.Method.ELECTRONIC,
    ).select_related("congress")
    return [(b, b.participations.filter(member=by_council[b.congress_id]).exists()) for b in ballots]


def home_todos(request):
    """Home-page lines: the council office's ballots; a member's open ballots (see core.home)."""
    from accounts.models import Role
    from core.home import Todo
    from councils.permissions import is_council

    items = []
    if is_council(request.congress) and request.roles.has(Role.STAFF, Role.LEADER):
        running = CouncilBallot.objects.filter(
            congress=request.congress, status__in=["draft", "open", "counting", "closed"]
        ).count()
        items.append(Todo("议事会票选", reverse("councils:index"), running, "未公布结果的票选"))
    elif request.congress is not None and request.roles.has(Role.STAFF, Role.LEADER):
        from councils.permissions import councils_overseen

        overseen = councils_overseen(request.congress)
        if overseen:
            items.append(
                Todo(
                    "所属居民议事会票选",
                    reverse("councils:index"),
                    len(overseen),
                    "各居民议事会的票选情况（只读）",
                )
            )
    if request.user.is_authenticated:
        waiting = [b for b, voted in open_for_member(request.user) if not voted]
        if waiting:
            items.append(
                Todo(
                    "议事会票选：请投票",
                    reverse("councils:vote_list"),
                    len(waiting),
                    waiting[0].title,
                    urgent=True,
                )
            )
    return items


def public_sections(congress):
    """A council's public front page links to its published results."""
    from councils.permissions import is_council

    if not is_council(congress):
        return []
    return [{"title": "居民议事会票选结果", "url": reverse("councils_public:index", args=[congress.code])}]
