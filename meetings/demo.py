"""Demo step for meetings: the demo year's congress session and standing-committee meetings.

第十七届人民代表大会第五次会议 (preparatory meeting and three plenaries) in January, and nine
committee meetings from February to November, all held and closed, with attendance (a few members
on leave or absent), agenda items and closed votes counted by meetings.rules against the frozen body
size; one more committee meeting is scheduled for December. Dates are fixed (no clock); randomness
comes only from demo.random("meetings"). Rows are written with bulk inserts.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from core import cn
from meetings import rules
from meetings.models import (
    AgendaItem,
    Attendance,
    CongressSession,
    Meeting,
    Participation,
    Vote,
)
from registry import queries as registry_queries
from registry.models import CommitteeMembership, Term

TZ = ZoneInfo("Asia/Shanghai")
SESSION_NUMBER = 5
SESSION_DAYS = (dt.date(2026, 1, 12), dt.date(2026, 1, 15))
FIRST_COMMITTEE_NUMBER = 30
COMMITTEE_DATES = (
    dt.date(2026, 2, 26),
    dt.date(2026, 3, 26),
    dt.date(2026, 4, 28),
    dt.date(2026, 6, 25),
    dt.date(2026, 7, 30),
    dt.date(2026, 8, 27),
    dt.date(2026, 9, 24),
    dt.date(2026, 10, 29),
    dt.date(2026, 11, 19),
)
SCHEDULED_DATE = dt.date(2026, 12, 24)
LEAVE_REASONS = ("因公出差", "参加上级会议", "身体原因", "外出学习培训", "处理紧急公务")

# Agenda of each committee meeting: (title, kind, voted?) — the standing committee's usual year.
COMMITTEE_AGENDA = (
    (
        ("审议区人民政府关于2026年民生实事项目实施方案的报告", "report", False),
        ("审议关于召开区第十七届人民代表大会第六次会议的决定（草案）", "resolution", True),
        ("人事任免事项", "appointment", False),
    ),
    (
        ("听取和审议区人民政府关于义务教育优质均衡发展工作情况的报告", "report", False),
        ("审议区人大常委会2026年监督工作计划执行情况的通报", "report", False),
        ("人事任免事项", "appointment", False),
    ),
    (
        ("听取和审议区人民法院关于行政审判工作情况的报告", "report", False),
        ("听取和审议区人民政府关于2025年度环境状况和环境保护目标完成情况的报告", "report", False),
        ("审议关于批准2026年区级预算调整方案的决议（草案）", "resolution", True),
    ),
    (
        ("听取和审议区人民政府关于2025年区级决算草案的报告", "report", False),
        ("听取和审议区审计局关于2025年度区级预算执行和其他财政收支的审计工作报告", "report", False),
        ("审议关于批准2025年区级决算的决议（草案）", "resolution", True),
        ("人事任免事项", "appointment", False),
    ),
    (
        ("听取和审议区人民政府关于上半年国民经济和社会发展计划执行情况的报告", "report", False),
        ("听取和审议区人民检察院关于公益诉讼检察工作情况的报告", "report", False),
        ("审议关于加强公益诉讼检察工作的决议（草案）", "resolution", True),
    ),
    (
        ("听取和审议执法检查组关于检查《中华人民共和国食品安全法》实施情况的报告", "report", False),
        ("人事任免事项", "appointment", False),
    ),
    (
        ("专题询问：养老服务体系建设", "report", False),
        ("听取和审议区人民政府关于养老服务体系建设情况的报告", "report", False),
        ("人事任免事项", "appointment", False),
    ),
    (
        ("听取和审议区人民政府关于审计查出问题整改情况的报告", "report", False),
        ("听取区人民政府关于义务教育审议意见研究处理情况的报告并进行满意度测评", "report", False),
        ("审议关于区卫生健康局工作评议情况的报告", "report", False),
    ),
    (
        ("听取和审议区人民政府关于国有资产管理情况的综合报告", "report", False),
        ("审议关于确定区第十七届人民代表大会第六次会议召开日期的决定（草案）", "resolution", True),
        ("人事任免事项", "appointment", False),
    ),
)
PLENARY_VOTES = (
    "关于区人民政府工作报告的决议",
    "关于2025年国民经济和社会发展计划执行情况与2026年计划的决议",
    "关于2025年区级预算执行情况与2026年区级预算的决议",
    "关于区人大常委会工作报告的决议",
    "关于区人民法院工作报告的决议",
    "关于区人民检察院工作报告的决议",
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


class VoteWriter:
    """Collects rows and writes them with one bulk insert per table."""

    def __init__(self, rng):
        self.rng = rng
        self.attendances: list[Attendance] = []
        self.participations: list[Participation] = []

    def attendance(
        self, meeting: Meeting, deputy_ids: list[int], *, leave: int, absent: int, always_present: set[int]
    ) -> list[int]:
        """Attendance rows for a held meeting; returns the ids of those present, in sign-in order."""
        candidates = [d for d in deputy_ids if d not in always_present]
        away = self.rng.sample(candidates, min(len(candidates), leave + absent))
        on_leave, missing = set(away[:leave]), set(away[leave:])
        present = []
        for deputy_id in deputy_ids:
            if deputy_id in on_leave:
                row = Attendance(
                    meeting=meeting,
                    deputy_id=deputy_id,
                    status=Attendance.Status.ON_LEAVE,
                    leave_reason=self.rng.choice(LEAVE_REASONS),
                )
            elif deputy_id in missing:
                row = Attendance(meeting=meeting, deputy_id=deputy_id, status=Attendance.Status.ABSENT)
            else:
                early = dt.timedelta(minutes=self.rng.randint(3, 40))
                row = Attendance(
                    meeting=meeting,
                    deputy_id=deputy_id,
                    status=Attendance.Status.PRESENT,
                    signed_in_at=meeting.starts_at - early,
                    method=self.rng.choice([Attendance.Method.DEVICE, Attendance.Method.DESK]),
                )
                present.append(deputy_id)
            self.attendances.append(row)
        return present

    def closed_vote(
        self,
        meeting: Meeting,
        body: str,
        present_ids: list[int],
        *,
        title: str,
        agenda_item=None,
        opened_at: dt.datetime,
        dissent: float = 0.03,
    ) -> Vote:
        """A secret electronic vote, held and closed: ballots, participations and the counted result."""
        present = len(present_ids)
        voters = [d for d in present_ids if self.rng.random() > 0.01]
        choices = []
        for _ in voters:
            draw = self.rng.random()
            choices.append("no" if draw < dissent / 2 else "abstain" if draw < dissent else "yes")
        yes, no, abstain = choices.count("yes"), choices.count("no"), choices.count("abstain")
        result = rules.count_vote(body, meeting.body_size, present, yes, no, abstain)
        vote = Vote(
            congress_id=meeting.congress_id,
            meeting=meeting,
            agenda_item=agenda_item,
            title=title,
            secret=True,
            method=Vote.Method.ELECTRONIC,
            status=Vote.Status.CLOSED,
            body_size=meeting.body_size,
            present=present,
            opened_at=opened_at,
            closed_at=opened_at + dt.timedelta(minutes=2),
            yes=yes,
            no=no,
            abstain=abstain,
            not_voted=result.not_voted,
            passed=result.passed,
        )
        vote.save()
        self.participations += [Participation(vote=vote, deputy_id=d) for d in voters]
        return vote

    def flush(self) -> None:
        Attendance.objects.bulk_create(self.attendances, batch_size=2000)
        Participation.objects.bulk_create(self.participations, batch_size=2000)


def _held(congress, kind, number, title, starts_at, body_size, session=None) -> Meeting:
    return Meeting.objects.create(
        congress=congress,
        kind=kind,
        session=session,
        number=number,
        title=title,
        starts_at=starts_at,
        location="区人民代表大会会堂" if session else "区人大常委会会议室",
        status=Meeting.Status.CLOSED,
        body_size=body_size,
        opened_at=starts_at,
        closed_at=starts_at + dt.timedelta(hours=3),
    )


def load(demo) -> None:
    """Meetings of the demo year (see portal.demo)."""
    congress, rng = demo.congress, demo.random("meetings")
    term = Term.objects.get(congress=congress, number=17)
    writer = VoteWriter(rng)
    committee_prefix = f"{congress.region}{term}人大常委会"
    chair_ids = set(
        CommitteeMembership.objects.filter(
            congress=congress, position=CommitteeMembership.Position.CHAIR
        ).values_list("deputy_id", flat=True)
    )

    demo.say("生成第五次会议（预备会议、全体会议）…")
    first, last = SESSION_DAYS
    session = CongressSession.objects.create(
        congress=congress, term=term, number=SESSION_NUMBER, starts_on=first, ends_on=last
    )
    deputies = sorted(registry_queries.deputies_holding_seat(congress, first).values_list("id", flat=True))
    committee_on_first = list(
        registry_queries.committee_members_holding_seat(congress, first).values_list("deputy_id", flat=True)
    )
    presidium = sorted(set(committee_on_first[:15]) | set(rng.sample(deputies, 16)))[:31]
    session.presidium.set(presidium)
    sittings = [
        (Meeting.Kind.PREPARATORY_MEETING, 1, "预备会议", _at(first, 9)),
        (Meeting.Kind.PLENARY, 1, "第一次全体会议", _at(first, 14, 30)),
        (Meeting.Kind.PLENARY, 2, "第二次全体会议", _at(first + dt.timedelta(days=2), 9)),
        (Meeting.Kind.PLENARY, 3, "第三次全体会议", _at(last, 9)),
    ]
    session_title = f"{congress.region}{term}人民代表大会{cn.ordinal(SESSION_NUMBER, '次会议')}"
    for kind, number, name, starts_at in sittings:
        meeting = _held(congress, kind, number, f"{session_title}{name}", starts_at, len(deputies), session)
        AgendaItem.objects.create(
            meeting=meeting,
            order=1,
            kind=AgendaItem.Kind.OTHER,
            title="选举大会主席团和秘书长，通过大会议程"
            if kind == Meeting.Kind.PREPARATORY_MEETING
            else "听取和审议各项工作报告",
        )
        present = writer.attendance(
            meeting, deputies, leave=rng.randint(6, 14), absent=rng.randint(0, 3), always_present=chair_ids
        )
        if number == 3 and kind == Meeting.Kind.PLENARY:
            for order, title in enumerate(PLENARY_VOTES, start=2):
                item = AgendaItem.objects.create(
                    meeting=meeting, order=order, title=f"表决{title}", kind=AgendaItem.Kind.RESOLUTION
                )
                writer.closed_vote(
                    meeting,
                    "congress",
                    present,
                    title=title,
                    agenda_item=item,
                    opened_at=starts_at + dt.timedelta(minutes=10 * order),
                )

    demo.say(f"生成常委会会议 {len(COMMITTEE_DATES) + 1} 次（签到、议程、表决）…")
    for index, day in enumerate(COMMITTEE_DATES):
        number = FIRST_COMMITTEE_NUMBER + index
        members = sorted(
            registry_queries.committee_members_holding_seat(congress, day).values_list("deputy_id", flat=True)
        )
        starts_at = _at(day, 9)
        meeting = _held(
            congress,
            Meeting.Kind.COMMITTEE_MEETING,
            number,
            f"{committee_prefix}{cn.ordinal(number, '次会议')}",
            starts_at,
            len(members),
        )
        present = writer.attendance(
            meeting, members, leave=rng.randint(1, 3), absent=rng.randint(0, 1), always_present=chair_ids
        )
        for order, (title, kind, voted) in enumerate(COMMITTEE_AGENDA[index], start=1):
            item = AgendaItem.objects.create(meeting=meeting, order=order, title=title, kind=kind)
            if voted:
                writer.closed_vote(
                    meeting,
                    "committee",
                    present,
                    title=title.replace("（草案）", ""),
                    agenda_item=item,
                    opened_at=starts_at + dt.timedelta(hours=2, minutes=order),
                )
    Meeting.objects.create(
        congress=congress,
        kind=Meeting.Kind.COMMITTEE_MEETING,
        number=FIRST_COMMITTEE_NUMBER + len(COMMITTEE_DATES),
        title=f"{committee_prefix}{cn.ordinal(FIRST_COMMITTEE_NUMBER + len(COMMITTEE_DATES), '次会议')}",
        starts_at=_at(SCHEDULED_DATE, 9),
        location="区人大常委会会议室",
    )
    writer.flush()
    demo.summary.append(
        f"{session_title}（预备会议 1 次、全体会议 3 次、表决 {len(PLENARY_VOTES)} 项），"
        f"常委会会议 {len(COMMITTEE_DATES)} 次已举行、1 次待举行"
    )
