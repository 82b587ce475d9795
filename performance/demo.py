"""Demo step for performance records: what only the office records, and the published third quarter.

Runs after every other step, so the counts it publishes include their attendance, suggestions,
oversight, stations and projects. Dates are fixed; randomness only from demo.random("performance").
The scoring table stays the default (rules.DEFAULT_TABLE) until staff edit it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from meetings.models import Attendance, Meeting
from performance import queries
from performance.models import PerformanceEntry, Publication
from registry.models import Deputy

YEAR = 2026
PUBLISHED_QUARTER = 3
E = PerformanceEntry.Kind
TRAININGS = (
    (dt.date(2026, 3, 26), "参加区人大常委会举办的代表履职学习培训班"),
    (dt.date(2026, 8, 20), "参加“预算审查监督”专题学习"),
)
SPEECH_TOPICS = ("审议工作报告时发言", "审议预算执行情况时发言", "在专题询问中提问", "审议计划执行情况时发言")
CONTACTS = (
    "走访选区群众，了解老旧小区加装电梯意见",
    "参加社区议事会，听取居民对停车难问题的意见",
    "走访辖区企业，了解营商环境情况",
    "到选区学校听取家长对课后服务的意见",
)
AWARDS = ("被评为区优秀人大代表", "所提建议被评为区优秀代表建议")


def load(demo) -> None:
    """This app's part of the demo congress (see portal.demo)."""
    congress = demo.congress
    if congress is None:
        return
    rng = demo.random("performance")
    deputies = list(Deputy.objects.filter(congress=congress, status=Deputy.Status.SERVING).order_by("pk"))
    entries = []

    # 审议发言: some of those present at this year's committee and plenary meetings spoke.
    present = (
        Attendance.objects.filter(
            meeting__congress=congress,
            meeting__starts_at__year=YEAR,
            status=Attendance.Status.PRESENT,
            meeting__kind__in=[Meeting.Kind.COMMITTEE_MEETING, Meeting.Kind.PLENARY],
        )
        .select_related("meeting")
        .order_by("pk")
    )
    for a in present:
        if rng.random() < 0.08:
            entries.append(
                PerformanceEntry(
                    congress=congress,
                    deputy_id=a.deputy_id,
                    kind=E.SPEECH,
                    date=timezone.localdate(a.meeting.starts_at),
                    title=f"在{a.meeting.title}上{rng.choice(SPEECH_TOPICS)}",
                )
            )
    for deputy in deputies:
        for day, title in TRAININGS:
            if rng.random() < 0.8:
                entries.append(
                    PerformanceEntry(congress=congress, deputy=deputy, kind=E.TRAINING, date=day, title=title)
                )
        if rng.random() < 0.25:
            entries.append(
                PerformanceEntry(
                    congress=congress,
                    deputy=deputy,
                    kind=E.DUTY_REPORT,
                    date=dt.date(YEAR, rng.randint(6, 10), rng.randint(1, 28)),
                    title="向原选区选民报告履职情况",
                    note="到会选民代表约40人，测评满意",
                )
            )
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            entries.append(
                PerformanceEntry(
                    congress=congress,
                    deputy=deputy,
                    kind=E.VOTER_CONTACT,
                    date=dt.date(YEAR, rng.randint(1, 10), rng.randint(1, 28)),
                    title=rng.choice(CONTACTS),
                )
            )
        if rng.random() < 0.03:
            entries.append(
                PerformanceEntry(
                    congress=congress,
                    deputy=deputy,
                    kind=E.AWARD,
                    date=dt.date(YEAR, 1, 20),
                    title=rng.choice(AWARDS),
                )
            )
    PerformanceEntry.objects.bulk_create(entries, batch_size=2000)

    # The quarter published: its figures are frozen now, from the records every step wrote.
    published_at = timezone.make_aware(dt.datetime(YEAR, 10, 15, 9, 0))
    Publication.objects.create(
        congress=congress,
        year=YEAR,
        quarter=PUBLISHED_QUARTER,
        figures=queries.figures(congress, YEAR, PUBLISHED_QUARTER),
        published_at=published_at,
    )
    demo.summary.append(f"履职记录{len(entries)}条，公开{YEAR}年前三季度履职情况")
