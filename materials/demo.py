"""Demo step for meeting materials and consultations: the session's reports and resolution drafts,
the next committee meeting's special report, and a consultation on next year's supervision plan."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from materials import workflow
from materials.models import Answer, Consultation, Material, MaterialVersion
from materials.sample_pdf import make_pdf
from meetings.models import AgendaItem, Meeting
from registry.models import Deputy

REPORT = [
    "各位代表：现在，我代表区人民政府向大会报告工作，请予审议，并请区政协委员提出意见。",
    "一、过去一年工作回顾。全区地区生产总值稳步增长，民生实事项目全部完成。",
    "二、今年主要目标任务。坚持以人民为中心，办好教育、养老、医疗等民生实事。",
    "三、加强政府自身建设。依法接受区人大及其常委会的监督，认真办理代表建议。",
] * 6
RESOLUTION_DRAFT = [
    "区第十七届人民代表大会第五次会议听取和审议了区人民政府工作报告。",
    "会议同意报告提出的今年工作安排。",
]
RESOLUTION_FINAL = RESOLUTION_DRAFT + ["会议号召全区人民团结一心，为完成今年目标任务而努力奋斗。"]
SPECIAL_REPORT = [
    "关于全区义务教育优质均衡发展工作情况的报告。",
    "一、基本情况。二、存在问题。三、下一步工作打算。",
] * 5
PLAN = [
    "一、指导思想：坚持党的领导、人民当家作主、依法治国有机统一。",
    "二、听取和审议专项工作报告：义务教育优质均衡发展、养老服务体系建设。",
    "三、执法检查：食品安全法、消防法实施情况。",
    "四、专题询问：城市停车设施建设管理。",
]


def _pdf(name: str, title: str, paragraphs: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(title, paragraphs), content_type="application/pdf")


def _material(
    clerk, meeting, title, paragraphs, *, item=None, public=True, written=False, stage=None, before=None
):
    """A released material written straight to the tables: the demo's one audit entry is load_demo."""
    material = Material.objects.create(
        congress_id=meeting.congress_id,
        meeting=meeting,
        agenda_item=item,
        title=title,
        confidentiality=Material.Confidentiality.PUBLIC if public else Material.Confidentiality.INTERNAL,
        distributed_in_writing=written,
        release_at=before or meeting.starts_at - dt.timedelta(days=7),
        status=Material.Status.RELEASED,
        created_by=clerk,
    )
    version = workflow._make_version(
        material,
        upload=_pdf("m.pdf", title, paragraphs),
        stage=stage or MaterialVersion.Stage.REPORT,
        note="",
        actor=clerk,
    )
    _uploaded(version, min(material.release_at, timezone.now()))
    return material


def _uploaded(version, at) -> None:
    """The demo's texts were uploaded before their sittings, so each vote has its text voted."""
    MaterialVersion.objects.filter(pk=version.pk).update(uploaded_at=at)


def _final(material, meeting, title, lines, note, clerk) -> None:
    version = workflow._make_version(
        material,
        upload=_pdf("f.pdf", title, lines),
        stage=MaterialVersion.Stage.FINAL,
        note=note,
        actor=clerk,
    )
    _uploaded(version, min(meeting.starts_at - dt.timedelta(hours=1), timezone.now()))


def _every_sitting(clerk, congress) -> int:
    """A text for every report and resolution on the agenda of the demo's sittings (公开: the
    meetings are over and the texts published); a resolution has its draft and the text voted."""
    count = 0
    items = (
        AgendaItem.objects.filter(
            meeting__congress=congress, kind__in=[AgendaItem.Kind.REPORT, AgendaItem.Kind.RESOLUTION]
        )
        .filter(materials__isnull=True)
        .select_related("meeting")
        .order_by("meeting__starts_at", "order")
    )
    for item in items:
        title = item.title
        for prefix in ("听取和审议", "审议", "表决"):
            title = title.removeprefix(prefix)
        lines = [f"{title}。", *RESOLUTION_DRAFT[1:]] if item.kind == "resolution" else SPECIAL_REPORT[:4]
        material = _material(
            clerk,
            item.meeting,
            title,
            lines,
            item=item,
            public=item.meeting.status == Meeting.Status.CLOSED,
            stage=MaterialVersion.Stage.DRAFT if item.kind == "resolution" else MaterialVersion.Stage.REPORT,
            before=min(item.meeting.starts_at - dt.timedelta(days=8), timezone.now()),
        )
        if item.kind == "resolution":
            _final(
                material,
                item.meeting,
                title.replace("（草案）", ""),
                [*lines, RESOLUTION_FINAL[-1]],
                "根据审议意见修改",
                clerk,
            )
        count += 1
    return count


def load(demo) -> None:
    congress = demo.congress
    if congress is None:
        return
    from accounts.models import Role, RoleAssignment

    staff = RoleAssignment.objects.filter(congress=congress, role=Role.STAFF).select_related("user").first()
    if staff is None:
        return
    clerk = staff.user
    count = 0
    plenary = (
        Meeting.objects.filter(congress=congress, kind=Meeting.Kind.PLENARY).order_by("starts_at").first()
    )
    if plenary is not None:
        item = AgendaItem.objects.filter(meeting=plenary).order_by("order").first()
        _material(clerk, plenary, "示范区人民政府工作报告", REPORT, item=item)
        # The resolution's text belongs to the sitting that votes on it.
        voted = (
            AgendaItem.objects.filter(
                meeting__congress=congress,
                kind=AgendaItem.Kind.RESOLUTION,
                title__contains="政府工作报告的决议",
            )
            .select_related("meeting")
            .first()
        )
        resolution = _material(
            clerk,
            voted.meeting if voted else plenary,
            "关于区人民政府工作报告的决议",
            RESOLUTION_DRAFT,
            item=voted,
            stage=MaterialVersion.Stage.DRAFT,
            before=plenary.starts_at - dt.timedelta(days=7),
        )
        _final(
            resolution,
            resolution.meeting,
            "关于区人民政府工作报告的决议",
            RESOLUTION_FINAL,
            "吸收代表团审议意见",
            clerk,
        )
        _material(clerk, plenary, "关于区级预算执行情况的报告（书面）", REPORT[:8], written=True)
        count += 3
    upcoming = Meeting.objects.filter(
        congress=congress, kind=Meeting.Kind.COMMITTEE_MEETING, status=Meeting.Status.SCHEDULED
    ).first()
    if upcoming is not None:
        item = AgendaItem.objects.create(
            meeting=upcoming,
            order=1,
            title="听取和审议区人民政府关于义务教育优质均衡发展工作情况的报告",
            kind="report",
        )
        _material(
            clerk,
            upcoming,
            "关于全区义务教育优质均衡发展工作情况的报告",
            SPECIAL_REPORT,
            item=item,
            public=False,
            before=upcoming.starts_at - dt.timedelta(days=8),
        )
        count += 1
    count += _every_sitting(clerk, congress)
    consultation = Consultation.objects.create(
        congress=congress,
        title="区人大常委会2027年度监督工作计划（征求意见稿）",
        paragraphs=PLAN,
        deadline=timezone.now() + dt.timedelta(days=10),
        subject=Consultation.Subject.SUPERVISION_PLAN,
        status=Consultation.Status.OPEN,
        opened_at=timezone.now(),
        created_by=clerk,
    )
    rng = demo.random("materials")
    deputies = list(Deputy.objects.filter(congress=congress, user__isnull=False).order_by("pk")[:40])
    for deputy in rng.sample(deputies, min(6, len(deputies))):
        adopted = rng.random() < 0.5
        Answer.objects.create(
            consultation=consultation,
            deputy=deputy,
            paragraph=rng.randint(2, len(PLAN)),
            text=rng.choice(["建议增加对农村学校的关注", "建议把老旧小区加装电梯列入视察", "同意本段内容"]),
            handling=Answer.Handling.ADOPTED if adopted else "",
            handled_at=timezone.now() if adopted else None,
        )
    demo.summary.append(
        f"会议材料 {count} 份（每次会议的报告与决议草案，决议含草案与表决稿两个版本；书面印发 1 份），征求意见 1 项"
    )


def load_bodies(demo) -> None:
    """The other bodies' sittings (a township's 主席团 meeting, a working body's deputies' meeting,
    added by meetings.demo_bodies after the district's part): each report and resolution on their
    agendas has its text too, uploaded by that body's own office (a township without an office
    account of its own: the district office that serves it)."""
    from accounts.models import Role, RoleAssignment
    from registry.models import Congress

    congress_ids = (
        AgendaItem.objects.filter(kind__in=[AgendaItem.Kind.REPORT, AgendaItem.Kind.RESOLUTION])
        .filter(materials__isnull=True)
        .values_list("meeting__congress", flat=True)
        .distinct()
    )
    for congress_id in sorted(set(congress_ids)):
        body = Congress.objects.get(pk=congress_id)
        office: Congress | None = body
        staff = None
        while office is not None and staff is None:
            staff = RoleAssignment.objects.filter(congress=office, role=Role.STAFF).order_by("pk").first()
            office = office.parent
        if staff is not None:
            _every_sitting(staff.user, body)
