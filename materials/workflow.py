"""Materials and consultations: the only code that changes their status or writes their records.

Material:     draft → released → withdrawn      (versions may be added while draft or released)
Consultation: draft → open → closed             (answers while open and before the deadline)
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import audit, notify
from core.workflow import TransitionRefused, available, stated, transition
from materials import convert, rules
from materials.models import Annotation, Answer, Consultation, Material, MaterialVersion, ReadRecord

M, C = Material.Status, Consultation.Status

TRANSITIONS = {
    "release": ({M.DRAFT}, M.RELEASED),
    "withdraw": ({M.RELEASED}, M.WITHDRAWN),
    "add_version": ({M.DRAFT, M.RELEASED}, ()),
}
CONSULTATION_TRANSITIONS = {
    "open_consultation": ({C.DRAFT}, C.OPEN),
    "close_consultation": ({C.OPEN}, C.CLOSED),
    "summarise": ({C.OPEN, C.CLOSED}, ()),
    "handle": ({C.OPEN, C.CLOSED}, ()),
}
LABELS = {
    "release": "发布",
    "withdraw": "收回",
    "add_version": "上传新版本",
    "open_consultation": "发出征求意见",
    "close_consultation": "截止征求意见",
    "summarise": "汇总意见",
    "handle": "记录处理情况",
}


def allowed_actions(obj) -> list[str]:
    return available(TRANSITIONS if isinstance(obj, Material) else CONSULTATION_TRANSITIONS, obj.status)


def _step(obj, verb: str, *, actor, request, note: str = "", notify_on_commit=None, **fields):
    """The one workflow step (core.workflow.transition) with this app's tables and labels."""
    table = TRANSITIONS if isinstance(obj, Material) else CONSULTATION_TRANSITIONS
    return transition(
        verb,
        obj,
        actor=actor,
        table=table,
        labels=LABELS,
        apply=fields or None,
        note=note,
        notify=notify_on_commit,
        request=request,
    )


def _read_upload(upload) -> tuple[str, bytes]:
    if upload is None:
        raise TransitionRefused("请选择要上传的文件。")
    if upload.size > rules.MAX_BYTES:
        raise TransitionRefused(f"文件超过 {rules.MAX_BYTES // 1024 // 1024} MB，请压缩后再上传。")
    data = upload.read()
    kind = rules.file_kind(data[:8], upload.name or "")
    if kind is None:
        raise TransitionRefused("只能上传 PDF 或 Word（.docx）文件。")
    if kind == "docx" and not rules.docx_is_sound(data):
        raise TransitionRefused("Word 文件已损坏，无法打开，请重新导出后上传。")
    return kind, data


def _make_version(material: Material, *, upload, stage: str, note: str, actor) -> MaterialVersion:
    kind, data = _read_upload(upload)
    number = (material.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = MaterialVersion(
        material=material, number=number, stage=stage, note=note.strip()[:500], uploaded_by=actor
    )
    base = f"m{material.pk}-v{number}"
    version.original.save(f"{base}.{kind}", ContentFile(data), save=False)
    pdf = data if kind == "pdf" else convert.docx_to_pdf(data)
    if pdf is not None:
        version.pdf.save(f"{base}.pdf", ContentFile(pdf), save=False)
        version.pages, text = convert.pdf_facts(pdf)
        version.text = text if kind == "pdf" else convert.docx_text(data)
    else:
        version.text = convert.docx_text(data)
    version.save()
    return version


def upload(
    *,
    actor,
    meeting,
    title: str,
    upload,
    agenda_item=None,
    audience=Material.Audience.MEMBERS,
    confidentiality=Material.Confidentiality.INTERNAL,
    distributed_in_writing=False,
    release_at,
    withdraw_on_close=True,
    stage=MaterialVersion.Stage.DRAFT,
    request=None,
) -> Material:
    title = (title or "").strip()
    if not title:
        raise TransitionRefused("请填写材料名称。")
    problems = rules.release_problems(release_at=release_at, starts_at=meeting.starts_at)
    if problems:
        raise TransitionRefused(problems[0])
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise TransitionRefused("议题不属于本次会议。")
    with transaction.atomic():
        material = Material.objects.create(
            congress_id=meeting.congress_id,
            meeting=meeting,
            agenda_item=agenda_item,
            title=title[:200],
            audience=audience,
            confidentiality=confidentiality,
            distributed_in_writing=distributed_in_writing,
            release_at=release_at,
            withdraw_on_close=withdraw_on_close,
            created_by=actor,
        )
        version = _make_version(material, upload=upload, stage=stage, note="", actor=actor)
        audit.record(
            actor=actor,
            action="upload",
            obj=material,
            congress=material.congress_id,
            request=request,
            changes={"title": title, "version": version.number, "stage": stage},
        )
    return material


def add_version(
    *, actor, material: Material, upload, stage: str, note: str = "", request=None
) -> MaterialVersion:
    with transaction.atomic():
        locked = Material.objects.select_for_update().get(pk=material.pk)
        if locked.status not in TRANSITIONS["add_version"][0]:
            raise TransitionRefused("材料已收回，不能再上传新版本。")
        version = _make_version(locked, upload=upload, stage=stage, note=note, actor=actor)
        audit.record(
            actor=actor,
            action="add_version",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"version": version.number, "stage": stage},
            note=note[:500],
        )
    return version


def _readers(material: Material) -> list:
    from meetings.workflow import members_of_body

    if material.audience == Material.Audience.STAFF:
        return []
    return [d.user for d in members_of_body(material.meeting) if d.user_id]


def release(*, actor, material: Material, request=None) -> Material:
    def tell(released):
        notify.send(
            _readers(released),
            title=f"会议材料：{released.title}",
            body=f"{released.meeting.title}",
            url=reverse("materials:read", args=[released.pk]),
            kind="release",
            congress=released.congress_id,
        )

    return _step(material, "release", actor=actor, request=request, notify_on_commit=tell)


def withdraw(*, actor, material: Material, reason: str, request=None) -> Material:
    reason = stated(reason, "收回原因")
    return _step(material, "withdraw", actor=actor, request=request, note=reason[:500])


def record_read(*, user, version: MaterialVersion) -> None:
    ReadRecord.objects.create(version=version, user=user)


def annotate(*, user, version: MaterialVersion, page: int, note: str, quote: str = "") -> Annotation:
    from materials.permissions import withdrawn_for_readers

    note = (note or "").strip()
    if not note:
        raise TransitionRefused("请填写批注内容。")
    material = Material.objects.select_related("meeting").get(pk=version.material_id)  # its status now
    if withdrawn_for_readers(material):
        raise TransitionRefused("材料已收回，不能再批注。")
    if version.pages and not 1 <= page <= version.pages:
        raise TransitionRefused(f"页码应在 1 至 {version.pages} 之间。")
    return Annotation.objects.create(
        version=version, user=user, page=max(1, page), note=note[:2000], quote=quote[:500]
    )


# --------------------------------------------------------------------------- consultations


def create_consultation(
    *, actor, congress, title: str, text: str, deadline, subject, all_deputies=True, deputies=(), request=None
) -> Consultation:
    paragraphs = rules.split_paragraphs(text)
    if not (title or "").strip():
        raise TransitionRefused("请填写名称。")
    if not paragraphs:
        raise TransitionRefused("请填写征求意见稿正文。")
    if deadline <= timezone.now():
        raise TransitionRefused("截止时间应晚于现在。")
    if not all_deputies and not deputies:
        raise TransitionRefused("请选择征求意见的代表，或选择向全体代表征求。")
    with transaction.atomic():
        c = Consultation.objects.create(
            congress=congress,
            title=title.strip()[:200],
            subject=subject,
            paragraphs=paragraphs,
            deadline=deadline,
            all_deputies=all_deputies,
            created_by=actor,
        )
        if not all_deputies:
            c.deputies.set(deputies)
        audit.record(
            actor=actor,
            action="create",
            obj=c,
            congress=congress,
            request=request,
            changes={"title": c.title, "paragraphs": len(paragraphs)},
        )
    return c


def consulted_users(c: Consultation) -> list:
    from registry.queries import deputies_holding_seat

    deputies = deputies_holding_seat(c.congress) if c.all_deputies else c.deputies.all()
    return [d.user for d in deputies.select_related("user") if d.user_id]


def open_consultation(*, actor, consultation: Consultation, request=None) -> Consultation:
    def tell(c):
        notify.send(
            consulted_users(c),
            title=f"征求意见：{c.title}",
            body=f"请于 {timezone.localtime(c.deadline):%Y-%m-%d %H:%M} 前提出意见",
            url=reverse("materials:consultation_answer", args=[c.pk]),
            kind="consult",
            congress=c.congress_id,
        )

    return _step(
        consultation,
        "open_consultation",
        actor=actor,
        request=request,
        notify_on_commit=tell,
        opened_at=timezone.now(),
    )


def close_consultation(*, actor, consultation: Consultation, request=None) -> Consultation:
    return _step(consultation, "close_consultation", actor=actor, request=request)


def answer(*, deputy, consultation: Consultation, paragraph: int | None, text: str, request=None) -> Answer:
    text = (text or "").strip()
    if not text:
        raise TransitionRefused("请填写意见。")
    if consultation.status == C.DRAFT:
        raise TransitionRefused("征求意见尚未发出。")
    if not rules.open_for_answers(
        status=consultation.status, deadline=consultation.deadline, now=timezone.now()
    ):
        raise TransitionRefused("征求意见已截止，不能再提出意见。")
    if paragraph is not None and not 1 <= paragraph <= len(consultation.paragraphs):
        raise TransitionRefused("所选段落不存在。")
    with transaction.atomic():
        existing = (
            Answer.objects.select_for_update()
            .filter(consultation=consultation, deputy=deputy, paragraph=paragraph)
            .first()
            if paragraph is not None
            else None
        )
        if existing is not None:
            if existing.handling:
                raise TransitionRefused("该意见已处理，不能再修改。")
            existing.text = text[:3000]
            existing.save(update_fields=["text"])
            a = existing
        else:
            a = Answer.objects.create(
                consultation=consultation, deputy=deputy, paragraph=paragraph, text=text[:3000]
            )
        audit.record(
            actor=deputy.user,
            action="answer",
            obj=consultation,
            congress=consultation.congress_id,
            request=request,
            changes={"paragraph": paragraph},
        )
    return a


def summarise(*, actor, consultation: Consultation, summary: str, request=None) -> Consultation:
    return _step(
        consultation, "summarise", actor=actor, request=request, summary=(summary or "").strip()[:20000]
    )


def handle(*, actor, answer: Answer, handling: str, reason: str = "", request=None) -> Answer:
    if handling not in Answer.Handling.values:
        raise TransitionRefused("请选择采纳、部分采纳或未采纳。")
    reason = (reason or "").strip()
    if handling != Answer.Handling.ADOPTED and not reason:
        raise TransitionRefused("部分采纳或未采纳时，请说明理由。")
    with transaction.atomic():
        c = Consultation.objects.select_for_update().get(pk=answer.consultation_id)
        if c.status not in CONSULTATION_TRANSITIONS["handle"][0]:
            raise TransitionRefused("征求意见尚未发出。")
        answer.handling, answer.handling_reason, answer.handled_at = handling, reason[:1000], timezone.now()
        answer.save(update_fields=["handling", "handling_reason", "handled_at"])
        audit.record(
            actor=actor,
            action="handle",
            obj=c,
            congress=c.congress_id,
            request=request,
            changes={"answer": answer.pk, "handling": handling},
        )
        if answer.deputy.user_id:
            notify.send(
                [answer.deputy.user],
                title=f"您对《{c.title}》的意见：{answer.get_handling_display()}",
                body=reason,
                url=reverse("materials:consultation_answer", args=[c.pk]),
                kind="handle",
                congress=c.congress_id,
            )
    return answer
