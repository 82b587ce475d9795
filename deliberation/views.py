"""Thin views: parse, check, call workflow, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import audit, steps
from core.downloads import download
from core.workflow import TransitionRefused
from deliberation import documents, permissions, workflow
from deliberation.forms import GroupForm, MembersForm, OpinionForm, RemarkForm, SpeechForm
from deliberation.models import DeliberationOpinion, Speech


@require_GET
@login_required
def meeting_groups(request, meeting_pk):
    meeting = permissions.get_meeting_for_user(request, meeting_pk)
    staff = permissions.can_manage_groups(request.user, meeting)
    groups = meeting.discussion_groups.select_related("convenor").prefetch_related("members")
    if not staff:
        groups = groups.filter(convenor__user=request.user)
    return render(
        request,
        "deliberation/meeting_groups.html",
        {
            "meeting": meeting,
            "groups": groups,
            "staff": staff,
            "agenda_items": meeting.agenda_items.all() if staff else [],
            "form": GroupForm(congress=request.congress, meeting=meeting) if staff else None,
        },
    )


@require_POST
@login_required
def create_group(request, meeting_pk):
    meeting = permissions.get_meeting_for_user(request, meeting_pk)
    if not permissions.can_manage_groups(request.user, meeting):
        raise PermissionDenied
    form = GroupForm(request.POST, congress=request.congress, meeting=meeting)
    if not form.is_valid():
        messages.error(request, steps.first_error(form))
        return redirect("deliberation:meeting_groups", meeting_pk=meeting.pk)
    try:
        group = workflow.create_group(
            meeting,
            actor=request.user,
            name=form.cleaned_data["name"],
            convenor=form.cleaned_data["convenor"],
            room=form.cleaned_data["room"],
            members=form.cleaned_data["members"],
            request=request,
        )
    except TransitionRefused as e:
        messages.error(request, str(e))
        return redirect("deliberation:meeting_groups", meeting_pk=meeting.pk)
    messages.success(request, f"已建立{group.name}。")
    return redirect("deliberation:group_detail", pk=group.pk)


@require_GET
@login_required
def group_detail(request, pk):
    group = permissions.get_group_for_user(request, pk)
    staff = permissions.can_manage_groups(request.user, group.meeting)
    speeches = group.speeches.select_related("deputy", "agenda_item", "material_version__material")
    return render(
        request,
        "deliberation/group_detail.html",
        {
            "group": group,
            "staff": staff,
            "members": group.members.order_by("number"),
            "speeches": speeches,
            "open": group.status == group.Status.OPEN,
            "speech_form": SpeechForm(group=group),
            "members_form": MembersForm(congress=request.congress, meeting=group.meeting) if staff else None,
            "actions": [
                (v, workflow.ACTION_LABELS[v]) for v in workflow.allowed_actions(group, request.user)
            ],
        },
    )


@require_POST
@login_required
def add_members(request, pk):
    group = permissions.get_group_for_user(request, pk)
    form = MembersForm(request.POST, congress=request.congress, meeting=group.meeting)
    if not form.is_valid():
        messages.error(request, steps.first_error(form))
    else:
        try:
            workflow.add_members(group, form.cleaned_data["members"], actor=request.user, request=request)
            messages.success(request, "已增加成员。")
        except TransitionRefused as e:
            messages.error(request, str(e))
    return redirect("deliberation:group_detail", pk=group.pk)


@require_POST
@login_required
def remove_member(request, pk, deputy_pk):
    group = permissions.get_group_for_user(request, pk)
    deputy = get_object_or_404(group.members, pk=deputy_pk)
    try:
        workflow.remove_member(group, deputy, actor=request.user, request=request)
        messages.success(request, f"已将{deputy.name}代表移出本组。")
    except TransitionRefused as e:
        messages.error(request, str(e))
    return redirect("deliberation:group_detail", pk=group.pk)


@require_POST
@login_required
def record_speech(request, pk):
    group = permissions.get_group_for_user(request, pk)
    form = SpeechForm(request.POST, group=group)
    if not form.is_valid():
        messages.error(request, steps.first_error(form))
    else:
        try:
            workflow.record_speech(group, actor=request.user, request=request, **form.cleaned_data)
            messages.success(request, "已记录发言。")
        except TransitionRefused as e:
            messages.error(request, str(e))
    return redirect("deliberation:group_detail", pk=group.pk)


@require_http_methods(["GET", "POST"])
@login_required
def edit_speech(request, pk):
    speech = permissions.get_speech_for_user(request, pk)
    form = SpeechForm(request.POST or None, instance=speech, group=speech.group)
    if request.method == "POST":
        if form.is_valid():
            try:
                data = form.cleaned_data
                fresh = Speech.objects.get(pk=speech.pk)  # the form wrote the new values onto `speech`
                workflow.edit_speech(fresh, actor=request.user, request=request, **data)
                messages.success(request, "已修改发言。")
                return redirect("deliberation:group_detail", pk=speech.group_id)
            except TransitionRefused as e:
                messages.error(request, str(e))
        else:
            messages.error(request, steps.first_error(form))
    return render(request, "deliberation/speech_form.html", {"speech": speech, "form": form})


@require_POST
@login_required
def delete_speech(request, pk):
    speech = permissions.get_speech_for_user(request, pk)
    try:
        workflow.delete_speech(speech, actor=request.user, request=request)
        messages.success(request, "已删除发言。")
    except TransitionRefused as e:
        messages.error(request, str(e))
    return redirect("deliberation:group_detail", pk=speech.group_id)


@require_POST
@login_required
def group_action(request, pk, verb):
    group = permissions.get_group_for_user(request, pk)
    if verb not in workflow.TRANSITIONS:
        raise Http404
    try:
        getattr(workflow, verb)(group, actor=request.user, request=request)
        messages.success(request, f"已{workflow.ACTION_LABELS[verb]}。")
    except TransitionRefused as e:
        messages.error(request, str(e))
    return redirect("deliberation:group_detail", pk=group.pk)


@require_http_methods(["GET", "POST"])
@login_required
def opinion(request, pk):
    item = permissions.get_agenda_item_for_staff(request, pk)
    saved = DeliberationOpinion.objects.filter(agenda_item=item).first()
    speeches = (
        Speech.objects.filter(agenda_item=item)
        .select_related("group", "deputy", "material_version__material")
        .order_by("group_id", "pk")
    )
    if request.method == "POST":
        form = OpinionForm(request.POST)
        if form.is_valid():
            workflow.save_opinion(item, actor=request.user, text=form.cleaned_data["text"], request=request)
            messages.success(request, "已保存审议意见。")
            return redirect("deliberation:opinion", pk=item.pk)
        messages.error(request, steps.first_error(form))
    else:
        form = OpinionForm(initial={"text": saved.text if saved else workflow.initial_draft(item)})
    return render(
        request,
        "deliberation/opinion.html",
        {"item": item, "meeting": item.meeting, "form": form, "saved": saved, "speeches": speeches},
    )


@require_GET
@login_required
def opinion_docx(request, pk):
    """The 审议意见 draft as a Word document: the text saved, or the first draft from the speeches."""
    item = permissions.get_agenda_item_for_staff(request, pk)
    saved = DeliberationOpinion.objects.filter(agenda_item=item).first()
    text = saved.text if saved else workflow.initial_draft(item)
    if not text.strip():
        messages.error(request, "本议题还没有发言记录，也没有保存审议意见，无法导出。")
        return redirect("deliberation:opinion", pk=item.pk)
    content = documents.opinion_docx(
        item,
        text,
        group_names=item.meeting.discussion_groups.values_list("name", flat=True),
        date=saved.updated_at if saved else timezone.now(),
    )
    audit.record(
        actor=request.user,
        action="export_opinion",
        obj=item,
        congress=item.meeting.congress_id,
        changes={"agenda_item": item.title},
        request=request,
    )
    return download(content, f"{documents.subject(item)}审议意见.docx", "deliberation-opinion.docx")


@require_http_methods(["GET", "POST"])
@login_required
def remark(request, pk):
    """A deputy turns their private annotation into a remark in their discussion group."""
    annotation = permissions.get_annotation_for_remark(request, pk)
    material = annotation.version.material
    form = RemarkForm(request.POST or None, initial={"summary": annotation.note})
    if request.method == "POST":
        if form.is_valid():
            try:
                speech = workflow.remark(
                    annotation, actor=request.user, summary=form.cleaned_data["summary"], request=request
                )
                messages.success(request, f"已作为您在{speech.group.name}的审议发言。")
                return redirect(
                    f"{reverse('materials:read', args=[material.pk])}?v={annotation.version.number}"
                )
            except TransitionRefused as e:
                messages.error(request, str(e))
        else:
            messages.error(request, steps.first_error(form))
    return render(
        request,
        "deliberation/remark.html",
        {"annotation": annotation, "material": material, "form": form},
        status=400 if request.method == "POST" else 200,
    )
