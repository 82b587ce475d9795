"""Thin views: parse, check, call workflow, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import office_required, staff_required
from core import confirm, downloads, steps
from core.ballot_box import box as ballot_box
from core.ballot_box import crypto
from core.ballot_box import responses as tellers
from core.downloads import download
from core.redirects import next_or
from core.workflow import TransitionRefused
from elections import documents, permissions, queries, workflow
from elections.forms import (
    CloseRoundForm,
    ElectionForm,
    NominationEditForm,
    NominationForm,
    OfficeGroupForm,
    ReasonForm,
    RoundSetupForm,
    SupplementaryCandidatesForm,
    marks_from,
)
from elections.models import Round, TellerEntry
from registry.bodies import picked_deputy
from registry.models import Deputy


def _refuse(request, error: Exception) -> None:
    messages.error(request, str(error))


@require_http_methods(["GET", "POST"])
@staff_required
def election_list(request):
    form = ElectionForm(request.POST or None, congress=request.congress)
    if request.method == "POST" and form.is_valid():
        try:
            election = workflow.create_election(
                actor=request.user, congress=request.congress, request=request, **form.cleaned_data
            )
        except TransitionRefused as error:
            _refuse(request, error)
        else:
            return redirect("elections:election_detail", election.pk)
    return render(
        request,
        "elections/election_list.html",
        {"elections": queries.elections_for(request.congress), "form": form},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def election_detail(request, pk):
    election = permissions.get_election_for_user(request, pk)
    form = OfficeGroupForm(request.POST or None, body_kind=election.congress.kind)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.add_office_group(election, actor=request.user, request=request, **form.cleaned_data)
        except TransitionRefused as error:
            _refuse(request, error)
        else:
            return redirect("elections:election_detail", election.pk)
    groups = [(g, workflow.group_outcome(g)) for g in election.office_groups.all()]
    return render(
        request,
        "elections/election_detail.html",
        {
            "election": election,
            "groups": groups,
            "form": form,
            "actions": workflow.allowed_actions(election, request.user),
            "announce_question": queries.confirmation("announce", election),
        },
    )


@require_POST
@staff_required
def announce(request, pk):
    election = permissions.get_election_for_user(request, pk)
    back = reverse("elections:election_detail", args=[election.pk])
    return steps.run_step(
        request,
        lambda _: workflow.announce(election, actor=request.user, request=request),
        success="选举结果已宣布。",
        back=back,
        ask=lambda: confirm.unconfirmed(request, queries.confirmation("announce", election), back=back),
    )


@require_GET
@office_required
def announcement(request, pk):
    election = permissions.get_announced_election(request, pk)
    return download(
        documents.announcement(election),
        f"{election.title}结果公告.docx",
        f"election-{election.pk}-announcement.docx",
    )


@require_GET
@staff_required
def group_detail(request, pk):
    group = permissions.get_office_group_for_user(request, pk)
    nominees = workflow.nominees(group)
    _formal, errors = (
        workflow.formal_candidates(group, group.preliminary_votes or {}) if nominees else ([], [])
    )
    return render(
        request,
        "elections/group_detail.html",
        {
            "group": group,
            "election": group.election,
            "nomination_form": NominationForm(congress=request.congress),
            "nominees": nominees,
            "errors": errors,
            "nomination_errors": workflow.nomination_errors(group) if nominees else [],
            "preliminary": workflow.preliminary_vote_needed(group)
            and group.status == group.Status.NOMINATING,
            "rounds": group.rounds.all(),
            "outcome": workflow.group_outcome(group),
            "actions": workflow.allowed_actions(group, request.user),
            "nominations": [
                (n, NominationEditForm(nomination=n, prefix=f"n{n.pk}"))
                for n in group.nominations.prefetch_related("nominators")
            ],
            "min_joint": workflow.setting(group.election.congress, "min_joint_deputies"),
            "fix_question": queries.confirmation("fix_candidates", group),
        },
    )


@require_POST
@staff_required
def edit_nomination(request, pk):
    nomination = permissions.get_nomination_for_user(request, pk)
    group = nomination.office_group
    form = NominationEditForm(request.POST, nomination=nomination, prefix=f"n{nomination.pk}")
    if form.is_valid():
        try:
            workflow.edit_nomination(
                nomination,
                actor=request.user,
                names=form.cleaned_data["names"],
                nominators=form.cleaned_data.get("nominators") or [],
                reason=form.cleaned_data["reason"],
                request=request,
            )
            messages.success(request, "提名已修改。")
        except TransitionRefused as error:
            _refuse(request, error)
    else:
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, error)
    return redirect("elections:group_detail", group.pk)


@require_POST
@staff_required
def withdraw_nomination(request, pk):
    nomination = permissions.get_nomination_for_user(request, pk)
    return steps.run_step(
        request,
        lambda data: workflow.withdraw_nomination(
            nomination, actor=request.user, reason=data["reason"], request=request
        ),
        success="提名已撤回。",
        back=reverse("elections:group_detail", args=[nomination.office_group_id]),
        form=ReasonForm(request.POST),
    )


@require_POST
@staff_required
def reopen_nomination(request, pk):
    group = permissions.get_office_group_for_user(request, pk)
    return steps.run_step(
        request,
        lambda data: workflow.reopen_nomination(
            group, actor=request.user, reason=data["reason"], request=request
        ),
        success="已重新开始提名，原正式候选人和第一轮已撤销。",
        back=reverse("elections:group_detail", args=[group.pk]),
        form=ReasonForm(request.POST),
    )


@require_POST
@staff_required
def delete_group(request, pk):
    group = permissions.get_office_group_for_user(request, pk)
    return steps.run_step(
        request,
        lambda data: workflow.delete_group(group, actor=request.user, reason=data["reason"], request=request),
        success=f"职位“{group.post}”已删除。",
        back=reverse("elections:group_detail", args=[group.pk]),
        form=ReasonForm(request.POST),
        done=lambda election: reverse("elections:election_detail", args=[election.pk]),
    )


@require_POST
@staff_required
def nominate(request, pk):
    group = permissions.get_office_group_for_user(request, pk)
    form = NominationForm(request.POST, congress=request.congress)
    if form.is_valid():
        try:
            workflow.nominate(
                group,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                names=form.cleaned_data["names"],
                nominators=form.cleaned_data["nominators"],
                request=request,
            )
        except TransitionRefused as error:
            _refuse(request, error)
    else:
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, error)
    return redirect("elections:group_detail", group.pk)


@require_POST
@staff_required
def fix_candidates(request, pk):
    group = permissions.get_office_group_for_user(request, pk)
    back = reverse("elections:group_detail", args=[group.pk])

    def fix(_):
        votes = {}
        for name in workflow.nominees(group):
            value = request.POST.get(f"votes_{name}", "").strip()
            if value.isdigit():
                votes[name] = int(value)
        workflow.fix_candidates(group, actor=request.user, preliminary_votes=votes, request=request)

    return steps.run_step(
        request,
        fix,
        success="正式候选人已确定。",
        back=back,
        ask=lambda: confirm.unconfirmed(request, queries.confirmation("fix_candidates", group), back=back),
    )


@require_GET
@staff_required
def printable_ballot(request, pk):
    group = permissions.get_office_group_for_user(request, pk)
    return download(documents.printable_ballot(group), f"{group.post}选举票.docx", f"ballot-{group.pk}.docx")


@require_GET
@staff_required
def round_detail(request, pk):
    round_ = permissions.get_round_for_user(request, pk)
    group = round_.office_group
    context = {
        "round": round_,
        "group": group,
        "election": group.election,
        "actions": workflow.allowed_actions(round_, request.user),
        "setup_form": RoundSetupForm(
            congress=request.congress,
            initial={
                "method": round_.method,
                "scrutineers": round_.scrutineers.all(),
                "tellers": round_.tellers.all(),
            },
        ),
        "close_form": CloseRoundForm(initial={"ballots_issued": round_.present}),
        "voted": round_.participations.count(),
        "paper_candidates": (
            Deputy.objects.filter(pk__in=round_.issued_to)
            .exclude(pk__in=round_.participations.values("deputy"))
            .order_by("number")
            if round_.status == Round.Status.OPEN and round_.method == Round.Method.ELECTRONIC
            else []
        ),
        "is_teller": permissions.can_enter_sheets(request.user, round_),
        "outcome": queries.outcome_text(round_) if round_.result else "",
        "names": set(round_.candidate_names),
        "questions": {
            verb: queries.confirmation(verb, round_) for verb in ("open_round", "close_round", "count_round")
        },
    }
    if round_.kind == Round.Kind.SUPPLEMENTARY and round_.status == Round.Status.DRAFT:
        context["candidates_form"] = SupplementaryCandidatesForm(
            group=group, initial={"candidates": round_.candidates.all()}
        )
    if round_.sheets and round_.status == Round.Status.COUNTING:
        _tellers, mismatches, agreed = workflow.sheet_comparison(round_)
        context.update(mismatch_count=len(mismatches), agreed=agreed)
    return render(request, "elections/round_detail.html", context)


@require_POST
@staff_required
def round_setup(request, pk):
    round_ = permissions.get_round_for_user(request, pk)
    form = RoundSetupForm(request.POST, congress=request.congress)
    candidates_form = SupplementaryCandidatesForm(request.POST, group=round_.office_group)
    if not form.is_valid():
        messages.error(request, "设置有误，请检查。")
        return redirect("elections:round_detail", round_.pk)
    extra = {}
    if round_.kind == Round.Kind.SUPPLEMENTARY and candidates_form.is_valid():
        extra = {
            "candidates": list(candidates_form.cleaned_data["candidates"]),
            "new_names": candidates_form.cleaned_data["new_names"],
        }
    try:
        workflow.set_up_round(
            round_,
            actor=request.user,
            method=form.cleaned_data["method"],
            scrutineers=list(form.cleaned_data["scrutineers"]),
            tellers=list(form.cleaned_data["tellers"]),
            request=request,
            **extra,
        )
        messages.success(request, "本轮设置已保存。")
    except TransitionRefused as error:
        _refuse(request, error)
    return redirect("elections:round_detail", round_.pk)


@require_POST
@staff_required
def round_action(request, pk, verb):
    round_ = permissions.get_round_for_user(request, pk)
    if verb not in workflow.allowed_actions(round_, request.user):
        _refuse(request, TransitionRefused(f"当前状态为“{round_.get_status_display()}”，不能进行此操作。"))
        return redirect(next_or(request, reverse("elections:round_detail", args=[round_.pk])))
    if verb != "cancel_round":
        page = confirm.unconfirmed(
            request,
            queries.confirmation(verb, round_),
            back=next_or(request, reverse("elections:round_detail", args=[round_.pk])),
        )
        if page:
            return page
    try:
        if verb == "close_round" and round_.method == Round.Method.PAPER:
            form = CloseRoundForm(request.POST)
            if not form.is_valid():
                raise TransitionRefused("请填写发出选票数和收回选票数。")
            workflow.close_round(round_, actor=request.user, request=request, **form.cleaned_data)
        elif verb == "cancel_round":
            workflow.cancel_round(
                round_, actor=request.user, reason=request.POST.get("reason", ""), request=request
            )
        elif verb == "close_round" and round_.paper_issued:
            raw = request.POST.get("paper_returned", "").strip()
            if not raw.isdigit() or len(raw) > 5:
                raise TransitionRefused("请填写收回的纸质选票数（非负整数）。")
            workflow.close_round(round_, actor=request.user, request=request, paper_returned=int(raw))
        else:
            getattr(workflow, verb)(round_, actor=request.user, request=request)
        messages.success(request, f"已{workflow.ACTION_LABELS[verb]}。")
    except TransitionRefused as error:
        _refuse(request, error)
    # From the chair's console, back to it.
    return redirect(next_or(request, reverse("elections:round_detail", args=[round_.pk])))


@require_http_methods(["GET", "POST"])
@staff_required
def sheet_entry(request, pk):
    """One teller enters paper sheets; they see only their own entries (independent entry)."""
    round_ = permissions.get_round_for_user(request, pk)
    if not permissions.can_enter_sheets(request.user, round_):
        raise PermissionDenied("只有本轮指定的计票人可以录入选票。")
    names = round_.candidate_names
    errors = []
    if request.method == "POST":
        marks, write_ins = marks_from(request.POST, names)
        sheet = request.POST.get("sheet", "")
        try:
            if not sheet.isdigit():
                raise TransitionRefused("请填写选票编号。")
            workflow.enter_sheet(
                round_,
                teller=request.user,
                sheet=int(sheet),
                marks=marks,
                write_ins=write_ins,
                request=request,
            )
            messages.success(request, f"第 {sheet} 张已录入。")
            return redirect("elections:sheet_entry", round_.pk)
        except workflow.BallotInvalid as error:
            errors = error.errors
        except TransitionRefused as error:
            errors = [str(error)]
    mine = TellerEntry.objects.filter(round=round_, teller=request.user).order_by("sheet")
    entered = {e.sheet for e in mine}
    next_sheet = next((n for n in range(1, round_.sheets + 1) if n not in entered), None)
    return render(
        request,
        "elections/sheet_entry.html",
        {
            "round": round_,
            "group": round_.office_group,
            "names": names,
            "entries": mine,
            "errors": errors,
            "next_sheet": next_sheet,
            "write_in_slots": range(round_.seats),
            "revote": round_.counting_kind == Round.Kind.REVOTE,
        },
    )


@require_GET
@staff_required
def compare(request, pk):
    round_ = permissions.get_round_for_user(request, pk)
    tellers, mismatches, agreed = workflow.sheet_comparison(round_)
    for mismatch in mismatches:
        mismatch["readings"] = [(teller, _sheet_text(reading)) for teller, reading in mismatch["readings"]]
    return render(
        request,
        "elections/compare.html",
        {
            "round": round_,
            "group": round_.office_group,
            "tellers": tellers,
            "mismatches": mismatches,
            "agreed": agreed,
        },
    )


def _sheet_text(reading: dict | None) -> str | None:
    """One teller's reading of a sheet as the compare page shows it (None: not entered)."""
    if reading is None:
        return None
    return "；".join(
        f"{label}：{'、'.join(reading.get(key) or []) or '无'}"
        for key, label in (("for", "赞成"), ("against", "反对"), ("write_in", "另选"))
    )


@require_GET
@staff_required
def export(request, pk):
    """A counted round's anonymised ballots in the `renda tally` election format."""
    round_ = permissions.get_round_for_user(request, pk)
    if round_.status != Round.Status.CLOSED:
        raise Http404
    document = workflow.export_document(round_)
    body = json.dumps(document, ensure_ascii=False, indent=1)
    return downloads.export(
        request,
        body.encode(),
        f"election-round-{round_.pk}.json",
        what=f"选举选票数据（{round_}）",
        rows=len(document["ballots"]),
    )


@require_GET
@login_required
def my_ballots(request):
    """The rounds a deputy can vote in now (the deputy device page links to each ballot)."""
    deputy = permissions.get_own_deputy(request)
    rounds = [(r, workflow.has_voted(r, deputy)) for r in queries.open_rounds_for_deputy(deputy)]
    return render(request, "elections/my_ballots.html", {"rounds": rounds})


@require_http_methods(["GET", "POST"])
@login_required
def ballot(request, pk):
    """A deputy's electronic ballot (phone-first). Only for themselves, only if present."""
    round_, deputy = permissions.get_round_for_voter(request, pk)
    names = round_.candidate_names
    errors, status = [], 200
    marks, write_ins = {}, []
    if request.method == "POST":
        marks, write_ins = marks_from(request.POST, names)
        page = confirm.unconfirmed(
            request,
            queries.confirmation("ballot", round_),
            back=reverse("elections:ballot", args=[round_.pk]),
        )
        if page:
            return page
        sealed = request.POST.get("sealed") or None
        try:
            fingerprint = workflow.cast(
                round_, deputy=deputy, marks=marks, write_ins=write_ins, sealed=sealed, request=request
            )
            messages.success(
                request,
                f"投票成功。您的选票已在本机加密后投入票箱。选票回执：{crypto.receipt(fingerprint)}"
                "（可在公布的选票指纹清单中查到）。",
            )
            return redirect("elections:ballot", round_.pk)
        except workflow.AlreadyVoted as error:
            errors, status = [str(error)], 409
        except workflow.BallotInvalid as error:
            errors, status = error.errors, 400
        except TransitionRefused as error:
            errors, status = [str(error)], 403
    return render(
        request,
        "elections/ballot.html",
        {
            "round": round_,
            "group": round_.office_group,
            "errors": errors,
            "rows": [(i, name, marks.get(name, "abstain")) for i, name in enumerate(names, start=1)],
            "voted": workflow.has_voted(round_, deputy),
            "marks": marks,
            "write_ins": write_ins + [""] * (round_.seats - len(write_ins)),
            "revote": round_.counting_kind == Round.Kind.REVOTE,
            "outcome": queries.outcome_text(round_) if round_.result else "",
            "question": queries.confirmation("ballot", round_),
            "seal_params": _seal_params(round_),
        },
        status=status,
    )


def _seal_params(round_: Round) -> dict | None:
    """What the device's script needs to encrypt the ballot (core/static/core/seal_form.js)."""
    if round_.ballot_box is None or round_.status != Round.Status.OPEN:
        return None
    slots = [
        [f"mark_{i}", mark] for i in range(1, len(round_.candidate_names) + 1) for mark in ("for", "against")
    ]
    return {**ballot_box.device_parameters(round_.ballot_box), "slots": slots}


@require_POST
@staff_required
def issue_paper_ballot(request, pk):
    """发给纸质选票: a deputy present at the opening takes a paper ballot instead of the device."""
    round_ = permissions.get_round_for_user(request, pk)
    deputy = picked_deputy(round_.office_group.election.congress_id, request.POST.get("deputy"))
    try:
        if deputy is None:
            raise TransitionRefused("请选择领取纸质选票的代表。")
        workflow.issue_paper_ballot(round_, actor=request.user, deputy=deputy, request=request)
        messages.success(request, f"已发给 {deputy.name} 纸质选票；该代表不能再用终端投票。")
    except TransitionRefused as error:
        _refuse(request, error)
    return redirect("elections:round_detail", round_.pk)


@require_GET
@staff_required
def teller_document(request, pk):
    """The closed box's homomorphic sum, for the tellers' offline `renda decryption_share`."""
    round_ = permissions.get_round_for_user(request, pk)
    return tellers.teller_document(
        request,
        round_,
        file_name=f"election-round-{round_.pk}-box.json",
        what=f"选举票箱密文合计（{round_}）",
    )


@require_POST
@staff_required
def submit_decryption_share(request, pk):
    round_ = permissions.get_round_for_user(request, pk)
    return tellers.submit_decryption_share(
        request,
        lambda document: workflow.submit_decryption_share(
            round_, actor=request.user, document=document, request=request
        ),
        redirect_to=reverse("elections:round_detail", args=[round_.pk]),
    )


@require_GET
@staff_required
def ballot_box_export(request, pk):
    """A counted electronic round's encrypted ballot box (fingerprints, proofs, shares) for `renda tally`."""
    round_ = permissions.get_round_for_user(request, pk)
    return tellers.ballot_box_export(
        request,
        round_,
        lambda: workflow.ballot_box_export(round_),
        file_name=f"election-round-{round_.pk}-ballot-box.json",
        what=f"选举票箱（{round_}，含参加投票的代表名单）",
    )
