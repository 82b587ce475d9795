"""Pages of meeting materials and consultations: thin — parse, check, call the workflow, render."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.permissions import deputy_of, role_required
from core import downloads
from materials import permissions as perms
from materials import queries, rules, workflow
from materials.forms import (
    AnnotationForm,
    AnswerForm,
    ConsultationForm,
    HandlingForm,
    UploadForm,
    VersionForm,
)
from materials.models import Annotation, Consultation, Material, MaterialVersion
from meetings.models import Meeting


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------------- office


def meeting_materials(request, meeting_pk):
    meeting = perms.get_meeting_for_staff(request, meeting_pk)
    form = UploadForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            material = workflow.upload(
                actor=request.user,
                meeting=meeting,
                title=data["title"],
                upload=data["file"],
                agenda_item=data["agenda_item"],
                audience=data["audience"],
                confidentiality=data["confidentiality"],
                distributed_in_writing=data["distributed_in_writing"],
                release_at=data["release_at"],
                withdraw_on_close=data["withdraw_on_close"],
                stage=data["stage"],
                request=request,
            )
        except workflow.TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已上传“{material.title}”，确认无误后请发布。")
            return redirect("materials:detail", pk=material.pk)
    materials = (
        Material.objects.filter(meeting=meeting)
        .select_related("agenda_item")
        .order_by("agenda_item__order", "id")
    )
    return render(
        request,
        "materials/meeting_materials.html",
        {"meeting": meeting, "materials": materials, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def detail(request, pk):
    material = perms.get_material_for_office(request, pk)
    versions = material.versions.order_by("-number")
    warnings = rules.release_warnings(
        release_at=material.release_at,
        starts_at=material.meeting.starts_at,
        committee=material.meeting.body == Meeting.Body.COMMITTEE,
        report=material.agenda_item is not None and material.agenda_item.kind == "report",
    )
    return _no_store(
        render(
            request,
            "materials/detail.html",
            {
                "material": material,
                "versions": versions,
                "warnings": warnings,
                "actions": workflow.allowed_actions(material) if perms.is_staff(request) else [],
                "version_form": VersionForm(),
                "reads": queries.read_counts(material),
            },
        )
    )


@require_POST
def release(request, pk):
    material = perms.get_material_for_office(request, pk)
    if not perms.is_staff(request):
        raise Http404
    try:
        workflow.release(actor=request.user, material=material, request=request)
        messages.success(request, "材料已发布，代表可在发布时间后阅读。")
    except workflow.TransitionRefused as exc:
        messages.error(request, str(exc))
    return redirect("materials:detail", pk=pk)


@require_POST
def withdraw(request, pk):
    material = perms.get_material_for_office(request, pk)
    if not perms.is_staff(request):
        raise Http404
    try:
        workflow.withdraw(
            actor=request.user, material=material, reason=request.POST.get("reason", ""), request=request
        )
        messages.success(request, "材料已收回，代表不能再阅读。")
    except workflow.TransitionRefused as exc:
        messages.error(request, str(exc))
    return redirect("materials:detail", pk=pk)


@require_POST
def add_version(request, pk):
    material = perms.get_material_for_office(request, pk)
    if not perms.is_staff(request):
        raise Http404
    form = VersionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择稿次和文件。")
        return redirect("materials:detail", pk=pk)
    try:
        version = workflow.add_version(
            actor=request.user,
            material=material,
            upload=form.cleaned_data["file"],
            stage=form.cleaned_data["stage"],
            note=form.cleaned_data["note"],
            request=request,
        )
        messages.success(request, f"已上传第 {version.number} 版（{version.get_stage_display()}）。")
    except workflow.TransitionRefused as exc:
        messages.error(request, str(exc))
    return redirect("materials:detail", pk=pk)


# --------------------------------------------------------------------------- readers


@role_required(Role.DEPUTY, Role.STAFF, Role.LEADER)
def my_materials(request):
    deputy = deputy_of(request.user, request.congress)
    materials = queries.readable_materials(request, deputy) if deputy else []
    consultations = queries.consultations_for(deputy) if deputy else []
    return render(
        request, "materials/my_materials.html", {"materials": materials, "consultations": consultations}
    )


def read(request, pk):
    material = perms.get_material_for_reader(request, pk)
    versions = list(material.versions.order_by("-number"))
    if not versions:
        raise Http404
    wanted = request.GET.get("v", "")
    version = next((v for v in versions if str(v.number) == wanted), versions[0])
    if request.headers.get("X-Offline-Copy") != "1":  # the service worker keeping a copy is no reading
        workflow.record_read(user=request.user, version=version)
    deputy = deputy_of(request.user, request.congress)
    annotations = Annotation.objects.filter(version__material=material, user=request.user).select_related(
        "version", "speech"
    )
    previous = next((v for v in versions if v.number == version.number - 1), None)
    return _no_store(
        render(
            request,
            "materials/read.html",
            {
                "material": material,
                "version": version,
                "versions": versions,
                "current": versions[0],
                "previous": previous,
                "changes": rules.changes(previous.text, version.text) if previous else [],
                "annotations": annotations,
                "form": AnnotationForm(),
                "reader": {
                    "name": request.user.full_name or request.user.username,
                    "number": deputy.number if deputy else request.user.username,
                },
                "watermark": material.confidentiality == Material.Confidentiality.INTERNAL,
                "repeat": range(24),
            },
        )
    )


def version_file(request, pk):
    version = perms.get_version_for_reader(request, pk)
    field = version.pdf or version.original
    if not field:
        raise Http404
    extension = "pdf" if version.pdf else field.name.rsplit(".", 1)[-1]
    name = f"{version.material.title}（第{version.number}版）.{extension}"
    return downloads.ranged_file_download(request, field.open("rb"), field.size, name, inline=True)


# --------------------------------------------------------------------------- offline reading

SERVICE_WORKER = Path(__file__).parent / "static" / "materials" / "sw.js"


@require_GET
def service_worker(request):
    """The offline reader (static/materials/sw.js) served from /materials/ so that its scope is the
    materials pages only; no-cache so that a new version replaces the old at once."""
    response = HttpResponse(SERVICE_WORKER.read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request):
    """What the device may keep for offline reading: the materials this user may read now. The
    service worker deletes every other copy (withdrawn, or 内部 and the meeting closed)."""
    deputy = deputy_of(request.user, request.congress) if request.user.is_authenticated else None
    materials = queries.readable_materials(request, deputy) if deputy else []
    versions = MaterialVersion.objects.filter(material__in=materials).values_list("pk", flat=True)
    return _no_store(
        JsonResponse(
            {
                "signed_in": request.user.is_authenticated,
                "materials": [m.pk for m in materials],
                "versions": list(versions),
            }
        )
    )


@require_POST
def annotate(request, pk):
    version = perms.get_version_for_reader(request, pk)
    form = AnnotationForm(request.POST)
    if form.is_valid():
        try:
            workflow.annotate(
                user=request.user,
                version=version,
                page=form.cleaned_data["page"],
                note=form.cleaned_data["note"],
                quote=form.cleaned_data["quote"],
            )
            messages.success(request, "批注已保存，仅您本人可见。")
        except workflow.TransitionRefused as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "请填写页码和批注内容。")
    return redirect(f"{reverse('materials:read', args=[version.material_id])}?v={version.number}")


# --------------------------------------------------------------------------- consultations


def consultation_list(request):
    if not perms.is_office(request):
        raise Http404
    form = ConsultationForm(request.POST or None, congress=request.congress)
    if request.method == "POST" and perms.is_staff(request) and form.is_valid():
        data = form.cleaned_data
        try:
            c = workflow.create_consultation(
                actor=request.user,
                congress=request.congress,
                title=data["title"],
                text=data["text"],
                deadline=data["deadline"],
                subject=data["subject"],
                all_deputies=data["all_deputies"],
                deputies=list(data["deputies"]),
                request=request,
            )
        except workflow.TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("materials:consultation_detail", pk=c.pk)
    rows = Consultation.objects.filter(congress=request.congress).order_by("-deadline")
    return render(
        request,
        "materials/consultation_list.html",
        {"consultations": rows, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def consultation_detail(request, pk):
    c = perms.get_consultation_for_office(request, pk)
    return render(
        request,
        "materials/consultation_detail.html",
        {
            "c": c,
            "rows": queries.answers_by_paragraph(c),
            "handling_form": HandlingForm(),
            "actions": workflow.allowed_actions(c) if perms.is_staff(request) else [],
        },
    )


@require_POST
def consultation_step(request, pk, verb):
    c = perms.get_consultation_for_office(request, pk)
    if not perms.is_staff(request):
        raise Http404
    steps = {
        "open_consultation": lambda: workflow.open_consultation(
            actor=request.user, consultation=c, request=request
        ),
        "close_consultation": lambda: workflow.close_consultation(
            actor=request.user, consultation=c, request=request
        ),
        "summarise": lambda: workflow.summarise(
            actor=request.user, consultation=c, summary=request.POST.get("summary", ""), request=request
        ),
    }
    if verb not in steps:
        raise Http404
    try:
        steps[verb]()
        messages.success(request, "已完成。")
    except workflow.TransitionRefused as exc:
        messages.error(request, str(exc))
    return redirect("materials:consultation_detail", pk=pk)


@require_POST
def handle(request, pk):
    answer = perms.get_answer_for_staff(request, pk)
    form = HandlingForm(request.POST)
    if form.is_valid():
        try:
            workflow.handle(
                actor=request.user,
                answer=answer,
                handling=form.cleaned_data["handling"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
            messages.success(request, "处理情况已记录，代表可以看到。")
        except workflow.TransitionRefused as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "请选择处理情况。")
    return redirect("materials:consultation_detail", pk=answer.consultation_id)


def consultation_answer(request, pk):
    c, deputy = perms.get_consultation_for_deputy(request, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                workflow.answer(
                    deputy=deputy,
                    consultation=c,
                    paragraph=form.cleaned_data["paragraph"],
                    text=form.cleaned_data["text"],
                    request=request,
                )
                messages.success(request, "意见已提交。")
                return redirect("materials:consultation_answer", pk=pk)
            except workflow.TransitionRefused as exc:
                messages.error(request, str(exc))
        else:
            messages.error(request, "请填写意见。")
    mine = {a.paragraph: a for a in c.answers.filter(deputy=deputy)}
    general = [a for a in c.answers.filter(deputy=deputy, paragraph__isnull=True)]
    rows = [(i, text, mine.get(i)) for i, text in enumerate(c.paragraphs, start=1)]
    return render(
        request,
        "materials/consultation_answer.html",
        {
            "c": c,
            "rows": rows,
            "general": general,
            "open": rules.open_for_answers(status=c.status, deadline=c.deadline, now=timezone.now()),
        },
        status=400 if request.method == "POST" else 200,
    )
