"""The life of a suggestion (DOMAIN §4); the only code that assigns Suggestion.status / Assignment.status.

Every verb: keyword-only actor, locks the row, checks the source status and the permission,
writes one audit row (action = the verb), saves only changed fields, notifies on commit.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from accounts.permissions import deputy_of
from core import audit, congress_settings, dates, notify, workflow
from core.dates import today
from core.workflow import TransitionRefused
from registry import rules as registry_rules
from suggestions import permissions as perms
from suggestions import rules, search
from suggestions.models import (
    Assignment,
    Contact,
    CoSignature,
    Feedback,
    FollowUpReview,
    Reply,
    Suggestion,
    SupervisionNote,
)

S = Suggestion.Status
A = Assignment.Status
OPEN = {S.REGISTERED, S.ASSIGNED, S.REPLIED, S.DISSATISFIED, S.REHANDLING}

# verb: (source statuses, possible target statuses; () = status unchanged)
TRANSITIONS = {
    "save_draft": ({S.DRAFT, S.RETURNED}, ()),
    "co_sign": ({S.DRAFT, S.RETURNED, S.SUBMITTED}, ()),
    "decline_co_sign": ({S.DRAFT, S.RETURNED, S.SUBMITTED}, ()),
    "submit": ({S.DRAFT, S.RETURNED}, (S.SUBMITTED,)),
    "decide": ({S.SUBMITTED}, (S.DECIDED,)),  # 主席团: 列入议程 / 交委员会
    "convert_to_suggestion": ({S.SUBMITTED}, (S.SUBMITTED,)),  # 主席团: 不列入议程 → 建议
    "send_back_to_deputy": ({S.SUBMITTED}, (S.RETURNED,)),
    "register": ({S.SUBMITTED}, (S.REGISTERED,)),
    "merge": ({S.SUBMITTED, S.REGISTERED}, (S.MERGED,)),
    "link": ({S.SUBMITTED} | OPEN | {S.CLOSED}, ()),
    "assign": ({S.REGISTERED}, (S.ASSIGNED,)),
    "accept": ({S.ASSIGNED, S.REHANDLING}, ()),
    # a sole or lead unit's send-back returns the item to the office (REGISTERED), which re-assigns it
    "send_back": ({S.ASSIGNED, S.REHANDLING}, (S.REGISTERED, S.ASSIGNED, S.REHANDLING, S.REPLIED)),
    "contact": ({S.ASSIGNED, S.REHANDLING, S.REPLIED}, ()),
    "submit_opinion": ({S.ASSIGNED, S.REHANDLING}, ()),
    "request_extension": ({S.ASSIGNED}, ()),
    "extend": ({S.ASSIGNED}, ()),
    "reply": ({S.ASSIGNED, S.REHANDLING}, (S.REPLIED, S.ASSIGNED, S.REHANDLING)),  # when all units replied
    "feedback": ({S.REPLIED}, (S.CLOSED, S.DISSATISFIED, S.REPLIED)),  # 不满意 → DISSATISFIED
    "rehandle": ({S.DISSATISFIED}, (S.REHANDLING,)),
    "close": ({S.REPLIED, S.DISSATISFIED}, (S.CLOSED,)),
    "priority": (OPEN, ()),
    "supervise": (OPEN | {S.CLOSED}, ()),
    "publish": ({S.REPLIED, S.CLOSED}, ()),
    "follow_up_review": ({S.CLOSED}, ()),
    "correct": ({S.SUBMITTED, S.DECIDED, S.MERGED} | OPEN | {S.CLOSED}, ()),  # 更正年度、提出会议
    # referred to another body, whose office takes it as its own (referrals.workflow.adopt; DOMAIN §11)
    "transfer": ({S.REGISTERED}, (S.TRANSFERRED,)),
}

ACTION_LABELS = {
    "create": "起草",
    "save_draft": "保存草稿",
    "co_sign": "确认附议",
    "decline_co_sign": "谢绝附议",
    "submit": "提交",
    "decide": "记录主席团决定",
    "convert_to_suggestion": "议案转为建议",
    "send_back_to_deputy": "退回代表",
    "register": "立案",
    "merge": "并案",
    "link": "关联",
    "assign": "交办",
    "accept": "签收",
    "send_back": "申请退回",
    "contact": "记录沟通",
    "submit_opinion": "提交协办意见",
    "request_extension": "申请延期",
    "extend": "批准延期",
    "reply": "答复",
    "feedback": "满意度反馈",
    "rehandle": "重新交办",
    "close": "办结",
    "priority": "重点督办",
    "supervise": "督办记录",
    "publish": "公开",
    "follow_up_review": "回头看",
    "correct": "更正年度或会议",
    "transfer": "转为其他人大的建议",
    "receive": "接收其他人大转交的建议",
    "remind": "期限提醒",
    "attach": "上传附件",
}


# The one reader of per-congress settings (core.congress_settings), for this app's section.
settings_for, setting = rules.SETTINGS.read, rules.SETTINGS.value


def allowed_actions(obj: Suggestion, user) -> list[str]:
    """The verbs ``user`` may apply to ``obj`` now: draws the buttons, checked again on POST."""
    return [
        verb
        for verb, (sources, _t) in TRANSITIONS.items()
        if obj.status in sources and getattr(perms, f"can_{verb}")(user, obj)
    ]


def _step(verb: str, suggestion: Suggestion, *, actor, apply=None, request=None, **options) -> Suggestion:
    """core.workflow.transition for a suggestion; its two permissions are this app's logic.

    Whoever cannot see the suggestion is refused before its status is read (can_view); whoever can
    see it learns its status, and then whether they may do this (can_<verb>).
    """

    def checked(s: Suggestion):
        if not getattr(perms, f"can_{verb}")(actor, s):
            raise PermissionDenied(f"您没有权限{ACTION_LABELS[verb]}。")
        return apply(s) if apply is not None else None

    return workflow.transition(
        verb,
        suggestion,
        actor=actor,
        table=TRANSITIONS,
        labels=ACTION_LABELS,
        queryset=Suggestion.objects.select_related("congress", "lead_deputy"),
        permission=perms.can_view,
        denied="您没有权限办理此建议。",
        apply=checked,
        unaudited={"search_tokens"},
        request=request,
        **options,
    )


def url_of(s: Suggestion) -> str:
    return reverse("suggestions:detail", args=[s.pk])


def staff_users(congress_id: int):
    return list(
        User.objects.filter(
            role_assignments__congress_id=congress_id,
            role_assignments__role=Role.STAFF,
            role_assignments__is_active=True,
        ).distinct()
    )


def unit_users(unit_ids) -> list:
    return list(
        User.objects.filter(
            role_assignments__unit_id__in=list(unit_ids),
            role_assignments__role=Role.UNIT_HANDLER,
            role_assignments__is_active=True,
        ).distinct()
    )


def _deputy_users(s: Suggestion, with_co_signers: bool = False) -> list:
    users = [s.lead_deputy.user]
    if with_co_signers:
        users += [
            c.deputy.user for c in s.co_signatures.select_related("deputy__user").filter(status="confirmed")
        ]
    return [u for u in users if u is not None]


def _notify(users, s: Suggestion, title: str, kind: str, body: str = "") -> None:
    notify.send(
        users,
        title=f"{title}：{s.number_label or ''}{s.title}"[:200],
        body=body,
        url=url_of(s),
        kind=f"suggestions.{kind}",
        congress=s.congress_id,
    )


def _clean(text, label: str, *, required: bool = True, max_length: int | None = None) -> str:
    text = (text or "").strip()
    if required and not text:
        raise TransitionRefused(f"请填写{label}。")
    if max_length and len(text) > max_length:
        raise TransitionRefused(f"{label}不能超过{max_length}字。")
    return text


# --------------------------------------------------------------------------- drafting


def create_draft(
    *,
    actor,
    congress,
    lead_deputy,
    title,
    content,
    category=None,
    kind=Suggestion.Kind.SUGGESTION,
    session=None,
    request=None,
) -> Suggestion:
    """A draft suggestion owned by ``lead_deputy`` (used by the deputy, staff, and stations' convert_to_suggestion).

    The actor must be the lead deputy themself, staff of the congress, or liaison-station staff.
    """
    if lead_deputy.congress_id != congress.pk:
        raise TransitionRefused("领衔代表不属于本级人大。")
    roles = perms.HeldRoles.of(actor, congress.pk)
    own = deputy_of(actor, congress)
    if not (roles.has(Role.STAFF, Role.STATION_STAFF) or (own is not None and own.pk == lead_deputy.pk)):
        raise PermissionDenied("您没有权限为该代表起草建议。")
    title = _clean(title, "标题", max_length=200)
    content = _clean(content, "内容")
    category = (category or "").strip()[:30]
    with transaction.atomic():
        s = Suggestion(
            congress=congress,
            kind=kind,
            status=S.DRAFT,
            term_id=lead_deputy.term_id,
            session=session,
            year=today().year,
            title=title,
            content=content,
            category=category,
            lead_deputy=lead_deputy,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            search_tokens=search.tokens_for(title, content),
        )
        s.save()
        audit.record(
            actor=actor,
            action="create",
            obj=s,
            congress=congress,
            request=request,
            changes={k: v for k, v in audit.snapshot(s).items() if k != "search_tokens"},
        )
    return s


def save_draft(*, actor, suggestion: Suggestion, request=None, co_signer_ids=None, **fields) -> Suggestion:
    """Update a draft (also the autosave): title, content, category, session, motion fields, co-signers."""
    allowed = {
        "title",
        "content",
        "category",
        "session",
        "motion_reason",
        "motion_basis",
        "motion_plan",
        "kind",
    }
    co_signers: list[dict | None] = [None]

    def apply(s: Suggestion) -> None:
        for key, value in fields.items():
            if key in allowed:
                setattr(s, key, value.strip() if isinstance(value, str) else value)
        if len(s.title) > 200:
            raise TransitionRefused("标题不能超过200字。")
        s.search_tokens = search.tokens_for(s.title, s.content)
        if co_signer_ids is not None:
            co_signers[0] = _set_co_signers(s, co_signer_ids)

    return _step(
        "save_draft",
        suggestion,
        actor=actor,
        apply=apply,
        changes=lambda s: co_signers[0],
        request=request,
    )


def _set_co_signers(s: Suggestion, deputy_ids) -> dict | None:
    from registry.models import Deputy

    wanted = set(
        Deputy.objects.filter(congress_id=s.congress_id, pk__in=list(deputy_ids))
        .exclude(pk=s.lead_deputy_id)
        .values_list("pk", flat=True)
    )
    current = set(s.co_signatures.values_list("deputy_id", flat=True))
    if wanted == current:
        return None
    s.co_signatures.filter(deputy_id__in=current - wanted).delete()
    CoSignature.objects.bulk_create(CoSignature(suggestion=s, deputy_id=d) for d in sorted(wanted - current))
    new_users = [u for u in User.objects.filter(deputy__pk__in=wanted - current)]
    if new_users:
        _notify(new_users, s, "附议邀请", "co_sign")
    return {"co_signers": [sorted(current), sorted(wanted)]}


def co_sign(*, actor, suggestion: Suggestion, request=None) -> Suggestion:
    return _answer_co_sign("co_sign", CoSignature.Status.CONFIRMED, actor, suggestion, request)


def decline_co_sign(*, actor, suggestion: Suggestion, request=None) -> Suggestion:
    return _answer_co_sign("decline_co_sign", CoSignature.Status.DECLINED, actor, suggestion, request)


def _answer_co_sign(verb, status, actor, suggestion, request):
    answered: dict = {}

    def apply(s: Suggestion) -> None:
        d = deputy_of(actor, s.congress_id)
        sig = CoSignature.objects.select_for_update().get(suggestion=s, deputy=d)
        sig.status, sig.answered_at = status, timezone.now()
        sig.save(update_fields=["status", "answered_at"])
        answered.update(deputy=d)

    return _step(
        verb,
        suggestion,
        actor=actor,
        apply=apply,
        changes=lambda s: {"co_signer": answered["deputy"].pk, "status": status},
        notify=lambda s: _notify(
            _deputy_users(s), s, f"{answered['deputy'].name}{ACTION_LABELS[verb]}", verb
        ),
        request=request,
    )


def submit(*, actor, suggestion: Suggestion, request=None) -> Suggestion:
    def apply(s: Suggestion) -> None:
        if not s.title.strip() or not s.content.strip():
            raise TransitionRefused("请填写标题和内容后再提交。")
        if s.kind == Suggestion.Kind.MOTION:
            cfg = settings_for(s.congress)
            deadline = next(iter(dates.parse_dates([cfg["motion_deadline"]])), None)
            problems = rules.motion_problems(
                co_signers=s.co_signatures.filter(status="confirmed").count(),
                min_deputies=registry_rules.motion_min_deputies(
                    s.congress.level,
                    cfg["motion_min_deputies"]
                    if "motion_min_deputies" in congress_settings.stored(s.congress, "suggestions")
                    else None,
                ),
                reason=s.motion_reason,
                basis=s.motion_basis,
                plan=s.motion_plan,
                today=today(),
                deadline=deadline,
            )
            if problems:
                raise TransitionRefused("".join(problems))
        s.submitted_at, s.return_reason = timezone.now(), ""

    return _step(
        "submit",
        suggestion,
        actor=actor,
        apply=apply,
        notify=lambda s: _notify(
            staff_users(s.congress_id), s, "新提交的议案" if s.is_motion else "新提交的建议", "submit"
        ),
        request=request,
    )


def decide(
    *, actor, suggestion: Suggestion, decision: str, decided_on: dt.date | None = None, request=None
) -> Suggestion:
    """Record the presidium's decision on a motion (组织法第二十一条)."""
    if decision == Suggestion.PresidiumDecision.NOT_ON_AGENDA:
        return convert_to_suggestion(
            actor=actor, suggestion=suggestion, decided_on=decided_on, request=request
        )
    if decision not in (Suggestion.PresidiumDecision.AGENDA, Suggestion.PresidiumDecision.COMMITTEE):
        raise TransitionRefused("请选择主席团的决定。")

    def apply(s: Suggestion) -> None:
        s.presidium_decision, s.presidium_decided_on = decision, decided_on or today()

    return _step(
        "decide",
        suggestion,
        actor=actor,
        apply=apply,
        notify=lambda s: _notify(_deputy_users(s, True), s, "主席团已处理议案", "decide"),
        request=request,
    )


def convert_to_suggestion(
    *, actor, suggestion: Suggestion, decided_on: dt.date | None = None, request=None
) -> Suggestion:
    """A motion not put on the agenda is handled as a suggestion (DOMAIN §4)."""

    def apply(s: Suggestion) -> None:
        s.kind, s.converted_from_motion = Suggestion.Kind.SUGGESTION, True
        s.presidium_decision = Suggestion.PresidiumDecision.NOT_ON_AGENDA
        s.presidium_decided_on = decided_on or today()
        if s.motion_reason or s.motion_basis or s.motion_plan:
            s.content = "\n\n".join(
                p
                for p in (
                    s.content,
                    f"案由：{s.motion_reason}",
                    f"案据：{s.motion_basis}",
                    f"方案：{s.motion_plan}",
                )
                if p.strip()
            )
            s.search_tokens = search.tokens_for(s.title, s.content)

    return _step(
        "convert_to_suggestion",
        suggestion,
        actor=actor,
        apply=apply,
        notify=lambda s: _notify(_deputy_users(s, True), s, "议案转为建议办理", "convert_to_suggestion"),
        request=request,
    )


def send_back_to_deputy(*, actor, suggestion: Suggestion, reason: str, request=None) -> Suggestion:
    reason = _clean(reason, "退回理由", max_length=1000)
    return _step(
        "send_back_to_deputy",
        suggestion,
        actor=actor,
        apply=lambda s: setattr(s, "return_reason", reason),
        note=reason,
        notify=lambda s: _notify(_deputy_users(s), s, "建议被退回修改", "send_back_to_deputy", body=reason),
        request=request,
    )


def next_number(congress_id: int, year: int, kind: str) -> int:
    top = Suggestion.objects.filter(congress_id=congress_id, year=year, kind=kind).aggregate(n=Max("number"))[
        "n"
    ]
    return (top or 0) + 1


def register(*, actor, suggestion: Suggestion, number: int | None = None, request=None) -> Suggestion:
    """立案 with a number (第17号); by default the next free number of the year."""

    def apply(s: Suggestion) -> None:
        chosen = next_number(s.congress_id, s.year, s.kind) if number is None else number
        if chosen <= 0:
            raise TransitionRefused("编号须为正整数。")
        if (
            Suggestion.objects.filter(congress_id=s.congress_id, year=s.year, kind=s.kind, number=chosen)
            .exclude(pk=s.pk)
            .exists()
        ):
            raise TransitionRefused(f"{s.year}年已有{chosen}号，请换一个编号。")
        s.number, s.registered_on = chosen, today()

    return _step(
        "register",
        suggestion,
        actor=actor,
        apply=apply,
        notify=lambda s: _notify(_deputy_users(s), s, "建议已立案", "register"),
        request=request,
    )


def merge(*, actor, suggestion: Suggestion, into: Suggestion, request=None) -> Suggestion:
    """并案: handle with ``into``; the deputy follows and is answered through it (DOMAIN §4)."""

    def apply(s: Suggestion) -> None:
        if (
            into.pk == s.pk
            or into.congress_id != s.congress_id
            or into.status in (S.DRAFT, S.MERGED, S.RETURNED)
        ):
            raise TransitionRefused("只能并入本级人大已提交的其他建议。")
        s.merged_into = into

    return _step(
        "merge",
        suggestion,
        actor=actor,
        apply=apply,
        notify=lambda s: _notify(_deputy_users(s), s, f"建议已并入{into}", "merge"),
        request=request,
    )


def link(*, actor, suggestion: Suggestion, other: Suggestion, request=None) -> Suggestion:
    def apply(s: Suggestion) -> None:
        if other.pk == s.pk or other.congress_id != s.congress_id:
            raise TransitionRefused("只能关联本级人大的其他建议。")
        s.related.add(other)

    return _step("link", suggestion, actor=actor, apply=apply, changes={"related": other.pk}, request=request)


# --------------------------------------------------------------------------- assignment


def assign(
    *,
    actor,
    suggestion: Suggestion,
    mode: str,
    units,
    assisting_units=(),
    assigned_on: dt.date | None = None,
    assignment_meeting: str = "",
    request=None,
) -> Suggestion:
    """交办 to one or more units; the 3-month clock runs from ``assigned_on`` (代表法第五十一条)."""
    units, assisting_units = list(units), list(assisting_units)
    if mode == Suggestion.Mode.SOLE and len(units) != 1:
        raise TransitionRefused("独办须选择一个承办单位。")
    if mode == Suggestion.Mode.SPLIT and len(units) < 2:
        raise TransitionRefused("分办须选择两个以上承办单位。")
    if mode == Suggestion.Mode.LEAD and (len(units) != 1 or not assisting_units):
        raise TransitionRefused("主办＋协办须选择一个主办单位和至少一个协办单位。")
    if mode not in Suggestion.Mode.values:
        raise TransitionRefused("请选择办理方式。")
    if {u.pk for u in units} & {u.pk for u in assisting_units}:
        raise TransitionRefused("同一单位不能既主办又协办。")

    def apply(s: Suggestion) -> None:
        if any(u.congress_id != s.congress_id or not u.is_active for u in units + assisting_units):
            raise TransitionRefused("承办单位须为本级人大的启用单位。")
        cfg = settings_for(s.congress)
        start = assigned_on or today()
        calendar = dates.calendar_of(s.congress)
        due = dates.due_in_months(start, int(cfg["reply_months"]), calendar)
        opinion_due = dates.due_in_months(start, int(cfg["opinion_months"]), calendar)
        s.assignments.filter(is_current=True).update(is_current=False)
        rows = [
            Assignment(suggestion=s, unit=u, role=role, round=s.round, assigned_on=start, due_on=due)
            for u in units
        ]
        rows += [
            Assignment(
                suggestion=s,
                unit=u,
                role=Assignment.Role.ASSISTING,
                round=s.round,
                assigned_on=start,
                due_on=due,
                opinion_due_on=opinion_due,
            )
            for u in assisting_units
        ]
        Assignment.objects.bulk_create(rows)
        s.mode, s.assigned_on, s.due_on = mode, start, due
        s.assignment_meeting = (assignment_meeting or "").strip()[:100]

    def tell(s: Suggestion) -> None:
        _notify(
            unit_users([u.pk for u in units + assisting_units]),
            s,
            "新交办建议",
            "assign",
            body=f"答复期限：{s.due_on.isoformat()}",
        )
        _notify(_deputy_users(s), s, "建议已交办", "assign")

    role = {"sole": Assignment.Role.SOLE, "split": Assignment.Role.SPLIT, "lead": Assignment.Role.LEAD}[mode]
    return _step(
        "assign",
        suggestion,
        actor=actor,
        apply=apply,
        changes=lambda s: {
            "units": [[u.pk, role] for u in units] + [[u.pk, "assisting"] for u in assisting_units],
            "due_on": s.due_on.isoformat(),
        },
        notify=tell,
        request=request,
    )


def _my_assignment(actor, s: Suggestion, statuses, roles=None) -> Assignment:
    qs = perms.my_assignments(actor, s).filter(status__in=statuses)
    if roles:
        qs = qs.filter(role__in=roles)
    a = qs.select_for_update().order_by("id").first()
    if a is None:
        raise PermissionDenied("您所在单位没有待办理的此项交办。")
    return a


def accept(*, actor, suggestion: Suggestion, request=None) -> Suggestion:
    accepted: list[Assignment] = []

    def apply(s: Suggestion) -> None:
        a = _my_assignment(actor, s, [A.ASSIGNED])
        a.status, a.accepted_at = A.ACCEPTED, timezone.now()
        a.save(update_fields=["status", "accepted_at"])
        accepted.append(a)

    return _step(
        "accept",
        suggestion,
        actor=actor,
        apply=apply,
        changes=lambda s: {
            "assignment": accepted[0].pk,
            "unit": accepted[0].unit_id,
            "status": [A.ASSIGNED, A.ACCEPTED],
        },
        request=request,
    )


def send_back_deadline(a: Assignment, congress) -> dt.date:
    cfg = settings_for(congress)
    return dates.add_working_days(
        a.assigned_on, int(cfg["send_back_working_days"]), dates.calendar_of(congress)
    )


def send_back(*, actor, suggestion: Suggestion, reason: str, request=None) -> Suggestion:
    """A unit returns a mis-referred item within the window (local: 5 working days); the office re-assigns."""
    reason = _clean(reason, "退回理由", max_length=1000)
    returned: list[Assignment] = []

    def apply(s: Suggestion) -> None:
        a = _my_assignment(actor, s, [A.ASSIGNED])
        deadline = send_back_deadline(a, s.congress)
        if today() > deadline:
            raise TransitionRefused(
                f"已超过申请退回期限（{deadline.isoformat()}），请先签收办理，或与人大常委会办公室联系。"
            )
        a.status, a.send_back_reason, a.is_current = A.SENT_BACK, reason, False
        a.save(update_fields=["status", "send_back_reason", "is_current"])
        returned.append(a)
        if a.role in (Assignment.Role.SOLE, Assignment.Role.LEAD):
            s.assignments.filter(is_current=True).update(is_current=False)
        remaining = s.assignments.filter(is_current=True).exclude(role=Assignment.Role.ASSISTING)
        if not remaining.exists():
            s.status, s.due_on = S.REGISTERED, None
        elif not remaining.exclude(status=A.REPLIED).exists():
            s.status = S.REPLIED

    return _step(
        "send_back",
        suggestion,
        actor=actor,
        apply=apply,
        note=reason,
        changes=lambda s: {"assignment": returned[0].pk, "unit": returned[0].unit_id},
        notify=lambda s: _notify(
            staff_users(s.congress_id), s, f"{returned[0].unit}申请退回", "send_back", body=reason
        ),
        request=request,
    )


def contact(
    *, actor, suggestion: Suggestion, contacted_on: dt.date, form: str, content: str, request=None
) -> Contact:
    content = _clean(content, "沟通内容", max_length=2000)
    if form not in Contact.Form.values:
        raise TransitionRefused("请选择沟通方式。")
    if contacted_on is None or contacted_on > today():
        raise TransitionRefused("请填写不晚于今天的沟通日期。")
    contacts: list[Contact] = []

    def apply(s: Suggestion) -> None:
        a = _my_assignment(actor, s, [A.ACCEPTED, A.REPLIED, A.OPINION_SUBMITTED])
        contacts.append(
            Contact.objects.create(
                assignment=a, contacted_on=contacted_on, form=form, content=content, created_by=actor
            )
        )

    _step(
        "contact",
        suggestion,
        actor=actor,
        apply=apply,
        changes=lambda s: {
            "unit": contacts[0].assignment.unit_id,
            "contacted_on": contacted_on.isoformat(),
            "form": form,
        },
        note=content,
        request=request,
    )
    return contacts[0]


def submit_opinion(*, actor, suggestion: Suggestion, opinion: str, request=None) -> Suggestion:
    """An assisting unit's written opinion to the lead unit (local: within 1 month)."""
    opinion = _clean(opinion, "协办意见", max_length=5000)
    submitted: list[Assignment] = []

    def apply(s: Suggestion) -> None:
        a = _my_assignment(actor, s, [A.ACCEPTED], [Assignment.Role.ASSISTING])
        a.status, a.opinion, a.opinion_submitted_at = A.OPINION_SUBMITTED, opinion, timezone.now()
        a.save(update_fields=["status", "opinion", "opinion_submitted_at"])
        submitted.append(a)

    def tell(s: Suggestion) -> None:
        leads = s.assignments.filter(is_current=True, role=Assignment.Role.LEAD).values_list(
            "unit_id", flat=True
        )
        _notify(unit_users(leads), s, f"{submitted[0].unit}提交了协办意见", "submit_opinion")

    return _step(
        "submit_opinion",
        suggestion,
        actor=actor,
        apply=apply,
        changes=lambda s: {"assignment": submitted[0].pk, "unit": submitted[0].unit_id},
        note=opinion,
        notify=tell,
        request=request,
    )


def request_extension(*, actor, suggestion: Suggestion, reason: str, request=None) -> Suggestion:
    reason = _clean(reason, "延期理由", max_length=1000)
    requested: list[Assignment] = []

    def apply(s: Suggestion) -> None:
        a = _my_assignment(
            actor, s, [A.ACCEPTED], [Assignment.Role.SOLE, Assignment.Role.LEAD, Assignment.Role.SPLIT]
        )
        a.extension_requested_reason = reason
        a.save(update_fields=["extension_requested_reason"])
        requested.append(a)

    return _step(
        "request_extension",
        suggestion,
        actor=actor,
        apply=apply,
        changes=lambda s: {"assignment": requested[0].pk, "unit": requested[0].unit_id},
        note=reason,
        notify=lambda s: _notify(
            staff_users(s.congress_id), s, f"{requested[0].unit}申请延期", "request_extension", body=reason
        ),
        request=request,
    )


def extend(*, actor, suggestion: Suggestion, reason: str, request=None) -> Suggestion:
    """Approve an extension to 6 months from 交办 (代表法第五十一条); the reason is shown to the deputy."""
    reason = _clean(reason, "延期说明", max_length=1000)
    changed: dict = {}

    def apply(s: Suggestion) -> None:
        cfg = settings_for(s.congress)
        rows = list(
            s.assignments.select_for_update()
            .filter(is_current=True, extended_on__isnull=True)
            .exclude(status__in=[A.REPLIED, A.SENT_BACK])
        )
        if not rows:
            raise TransitionRefused("没有可延期的交办。")
        for a in rows:
            new_due = dates.due_in_months(
                a.assigned_on, int(cfg["extended_months"]), dates.calendar_of(s.congress)
            )
            changed[a.unit_id] = [a.due_on.isoformat(), new_due.isoformat()]
            a.due_on, a.extension_reason, a.extended_on = new_due, reason, today()
            a.save(update_fields=["due_on", "extension_reason", "extended_on"])
        s.due_on = max(a.due_on for a in rows)

    def tell(s: Suggestion) -> None:
        _notify(_deputy_users(s, True), s, "建议办理期限延长", "extend", body=reason)
        _notify(unit_users(changed), s, "延期申请已批准", "extend", body=reason)

    return _step(
        "extend",
        suggestion,
        actor=actor,
        apply=apply,
        note=reason,
        changes={"units_due_on": changed},
        notify=tell,
        request=request,
    )


def reply(
    *,
    actor,
    suggestion: Suggestion,
    category: str,
    content: str,
    signed_by: str,
    letter=None,
    is_public: bool = True,
    replied_on: dt.date | None = None,
    request=None,
) -> Reply:
    """The unit's signed reply with its category; the item is replied once every replying unit has."""
    content = _clean(content, "答复内容", max_length=20000)
    signed_by = _clean(signed_by, "签发人", max_length=30)
    replies: list[Reply] = []

    def apply(s: Suggestion) -> None:
        scheme = setting(s.congress, "reply_category_scheme")
        if category not in dict(rules.category_choices(scheme)):
            raise TransitionRefused("请选择答复分类。")
        a = _my_assignment(
            actor, s, [A.ACCEPTED], [Assignment.Role.SOLE, Assignment.Role.LEAD, Assignment.Role.SPLIT]
        )
        on = replied_on or today()
        r = Reply(
            suggestion=s,
            assignment=a,
            round=a.round,
            category=category,
            content=content,
            signed_by=signed_by,
            is_public=bool(is_public),
            replied_on=on,
            created_by=actor,
        )
        if letter is not None:
            r.letter = letter
        r.save()
        replies.append(r)
        a.status, a.replied_on = A.REPLIED, on
        a.save(update_fields=["status", "replied_on"])
        replying = s.assignments.filter(is_current=True).exclude(role=Assignment.Role.ASSISTING)
        if not replying.exclude(status=A.REPLIED).exists():
            s.status = S.REPLIED
            # The best category among this round's replies stands for the item (分办: several replies).
            s.reply_category = min(s.replies.filter(round=s.round).values_list("category", flat=True))
            if s.replied_on is None:
                s.replied_on = on
                s.replied_on_time = all(x.replied_on <= x.due_on for x in replying)

    def tell(s: Suggestion) -> None:
        if s.status == S.REPLIED:
            _notify(
                _deputy_users(s, setting(s.congress, "co_signers_give_feedback")),
                s,
                "建议已答复，请评价",
                "reply",
            )

    _step(
        "reply",
        suggestion,
        actor=actor,
        apply=apply,
        changes=lambda s: {
            "unit": replies[0].assignment.unit_id,
            "category": category,
            "round": replies[0].round,
            "reply": replies[0].pk,
        },
        notify=tell,
        request=request,
    )
    return replies[0]


def feedback(*, actor, suggestion: Suggestion, rating: str, comment: str = "", request=None) -> Feedback:
    """The deputy's rating; the lead deputy's 不满意 (with reasons) sends it for re-handling (DOMAIN §4)."""
    if rating not in Feedback.Rating.values:
        raise TransitionRefused("请选择满意、基本满意或不满意。")
    comment = (comment or "").strip()[:2000]
    if rating == Feedback.Rating.DISSATISFIED and not comment:
        raise TransitionRefused("选择不满意时，请写明理由。")
    given: list[Feedback] = []

    def apply(s: Suggestion) -> None:
        d = deputy_of(actor, s.congress_id)
        is_lead = d.pk == s.lead_deputy_id
        given.append(
            Feedback.objects.create(
                suggestion=s, round=s.round, deputy=d, is_lead=is_lead, rating=rating, comment=comment
            )
        )
        if is_lead:
            if not s.first_rating:
                s.first_rating = rating
            s.final_rating = rating
            if rating == Feedback.Rating.DISSATISFIED:
                s.status = S.DISSATISFIED
            else:
                s.status, s.closed_on = S.CLOSED, today()

    def tell(s: Suggestion) -> None:
        if s.status == S.DISSATISFIED:
            _notify(staff_users(s.congress_id), s, "代表对答复不满意", "feedback", body=comment)
        units = s.assignments.filter(round=s.round).values_list("unit_id", flat=True)
        _notify(unit_users(units), s, f"代表评价：{given[0].get_rating_display()}", "feedback", body=comment)

    _step(
        "feedback",
        suggestion,
        actor=actor,
        apply=apply,
        note=comment,
        changes=lambda s: {"rating": rating, "round": s.round, "deputy": given[0].deputy_id},
        notify=tell,
        request=request,
    )
    return given[0]


def rehandle(
    *, actor, suggestion: Suggestion, assigned_on: dt.date | None = None, request=None
) -> Suggestion:
    """重新办理: the replying units handle it again; new reply due 1 month from re-assignment (local)."""
    previous: list[Assignment] = []

    def apply(s: Suggestion) -> None:
        cfg = settings_for(s.congress)
        start = assigned_on or today()
        due = dates.due_in_months(start, int(cfg["rehandle_months"]), dates.calendar_of(s.congress))
        previous.extend(s.assignments.filter(is_current=True).exclude(role=Assignment.Role.ASSISTING))
        if not previous:
            raise TransitionRefused("没有可重新办理的承办单位。")
        s.assignments.filter(is_current=True).update(is_current=False)
        s.round += 1
        Assignment.objects.bulk_create(
            Assignment(
                suggestion=s, unit_id=a.unit_id, role=a.role, round=s.round, assigned_on=start, due_on=due
            )
            for a in previous
        )
        s.assigned_on, s.due_on = start, due

    return _step(
        "rehandle",
        suggestion,
        actor=actor,
        apply=apply,
        changes=lambda s: {"due_on": s.due_on.isoformat()},
        notify=lambda s: _notify(
            unit_users([a.unit_id for a in previous]),
            s,
            "代表不满意，请重新办理",
            "rehandle",
            body=f"答复期限：{s.due_on.isoformat()}",
        ),
        request=request,
    )


def close(*, actor, suggestion: Suggestion, note: str = "", request=None) -> Suggestion:
    return _step(
        "close",
        suggestion,
        actor=actor,
        apply=lambda s: setattr(s, "closed_on", today()),
        note=(note or "").strip(),
        request=request,
    )


def priority(
    *, actor, suggestion: Suggestion, supervising_leader, is_priority: bool = True, request=None
) -> Suggestion:
    """重点督办 with a supervising leader (代表法第五十二条)."""

    def apply(s: Suggestion) -> None:
        if is_priority and (
            supervising_leader is None or not perms.has_role(supervising_leader, s.congress_id, Role.LEADER)
        ):
            raise TransitionRefused("请选择本级人大常委会的督办领导。")
        s.is_priority = bool(is_priority)
        s.supervising_leader = supervising_leader if is_priority else None

    def tell(s: Suggestion) -> None:
        if is_priority:
            _notify([supervising_leader], s, "请督办重点建议", "priority")

    return _step("priority", suggestion, actor=actor, apply=apply, notify=tell, request=request)


def supervise(
    *, actor, suggestion: Suggestion, kind: str, held_on: dt.date, content: str, request=None
) -> SupervisionNote:
    content = _clean(content, "督办内容", max_length=5000)
    if kind not in SupervisionNote.Kind.values:
        raise TransitionRefused("请选择督办形式。")
    if held_on is None:
        raise TransitionRefused("请填写日期。")
    notes: list[SupervisionNote] = []

    def apply(s: Suggestion) -> None:
        notes.append(
            SupervisionNote.objects.create(
                suggestion=s, kind=kind, held_on=held_on, content=content, author=actor
            )
        )

    def tell(s: Suggestion) -> None:
        units = s.assignments.filter(is_current=True).values_list("unit_id", flat=True)
        _notify(unit_users(units), s, "督办意见", "supervise", body=content)

    _step(
        "supervise",
        suggestion,
        actor=actor,
        apply=apply,
        changes={"kind": kind, "held_on": held_on.isoformat()},
        note=content,
        notify=tell,
        request=request,
    )
    return notes[0]


def publish(*, actor, suggestion: Suggestion, request=None) -> Suggestion:
    """Publish the replies (代表法第五十一条); replies marked not public stay hidden."""

    def apply(s: Suggestion) -> None:
        if s.published_at:
            raise TransitionRefused("已公开。")
        s.published_at = timezone.now()

    return _step("publish", suggestion, actor=actor, apply=apply, request=request)


def follow_up_review(
    *, actor, suggestion: Suggestion, outcome: str, note: str = "", reviewed_on=None, request=None
) -> FollowUpReview:
    """回头看 of a B/C item; a kept promise takes it off the follow-up list."""
    if outcome not in FollowUpReview.Outcome.values:
        raise TransitionRefused("请选择落实情况。")
    reviews: list[FollowUpReview] = []

    def apply(s: Suggestion) -> None:
        reviews.append(
            FollowUpReview.objects.create(
                suggestion=s,
                outcome=outcome,
                note=(note or "").strip()[:2000],
                reviewed_on=reviewed_on or today(),
                author=actor,
            )
        )
        s.follow_up_done = outcome == FollowUpReview.Outcome.KEPT

    _step(
        "follow_up_review",
        suggestion,
        actor=actor,
        apply=apply,
        note=lambda s: reviews[0].note,
        changes={"outcome": outcome},
        request=request,
    )
    return reviews[0]


# --------------------------------------------------------------------------- reminders


REMINDER_TITLES = {
    "30": "距答复期限还有30天",
    "7": "距答复期限还有7天",
    "1": "明天到答复期限",
    "overdue": "已超过答复期限",
}


def send_reminders(*, on: dt.date | None = None) -> int:
    """Queue the day's deadline reminders (30, 7, 1 days before; overdue) to the unit and to staff.

    Idempotent: a Reminder row per (assignment, kind, due date) means running twice a day, or
    catching up after a missed day, never sends the same reminder twice.
    """
    from suggestions.models import Reminder

    on = on or today()
    sent = 0
    rows = (
        Assignment.objects.filter(
            is_current=True,
            status__in=[A.ASSIGNED, A.ACCEPTED],
            suggestion__status__in=[S.ASSIGNED, S.REHANDLING],
        )
        .exclude(role=Assignment.Role.ASSISTING)
        .select_related("suggestion", "unit")
    )
    by_congress: dict[int, list] = {}
    for a in rows.iterator(chunk_size=500):
        kind = rules.reminder_kind(a.due_on, on)
        if kind is None:
            continue
        with transaction.atomic():
            _, created = Reminder.objects.get_or_create(
                assignment=a, kind=kind, due_on=a.due_on, defaults={"sent_on": on}
            )
            if not created:
                continue
            s = a.suggestion
            body = f"{a.unit}：答复期限 {a.due_on.isoformat()}"
            _notify(unit_users([a.unit_id]), s, REMINDER_TITLES[kind], f"remind_{kind}", body=body)
            if kind in ("1", "overdue"):
                _notify(staff_users(s.congress_id), s, REMINDER_TITLES[kind], f"remind_{kind}", body=body)
            by_congress.setdefault(s.congress_id, []).append(f"{s.number_label}/{a.unit_id}/{kind}")
            sent += 1
    for congress_id, items in by_congress.items():
        with transaction.atomic():
            audit.record(
                actor=None,
                action="remind",
                congress=congress_id,
                object_type="suggestions.reminder",
                object_id=on.isoformat(),
                object_repr=f"{on.isoformat()} 期限提醒",
                changes={"count": len(items)},
                note="，".join(items)[:500],
            )
    return sent


# --------------------------------------------------------------------------- corrections


def correct(*, actor, suggestion: Suggestion, year: int, session, reason: str, request=None) -> Suggestion:
    """更正 the year a suggestion counts in, or the session where it was raised (None = 闭会期间), with a
    reason: a December session's suggestions drafted in the calendar year before, a suggestion filed
    under the wrong session. The report figures follow (reports.figures.suggestions_raised); the audit
    entry keeps the old and new values and the reason."""
    reason = _clean(reason, "更正理由", max_length=1000)
    if not isinstance(year, int) or not 2000 <= year <= today().year + 1:
        raise TransitionRefused(f"年度应在 2000 至 {today().year + 1} 之间。")

    def apply(s: Suggestion) -> None:
        if session is not None and session.congress_id != s.congress_id:
            raise TransitionRefused("请选择本级人民代表大会的会议。")
        if year == s.year and (session.pk if session else None) == s.session_id:
            raise TransitionRefused("年度和会议均未改变，无需更正。")
        if (
            year != s.year
            and s.number
            and Suggestion.objects.filter(congress_id=s.congress_id, year=year, kind=s.kind, number=s.number)
            .exclude(pk=s.pk)
            .exists()
        ):
            raise TransitionRefused(f"{year}年已有{s.number}号，不能更正到该年度；请先核对编号。")
        s.year = year
        s.session = session

    return _step("correct", suggestion, actor=actor, apply=apply, note=reason, request=request)


# --- Referred to another body and taken as its own (DOMAIN §11) ------------------------------------


def _current_term(congress_id: int):
    from registry.models import Term

    on = today()
    return (
        Term.objects.filter(congress_id=congress_id, starts_on__lte=on)
        .exclude(ends_on__lte=on)
        .order_by("-number")
        .first()
    )


def seat_in(deputy, congress_id: int):
    """The same person's seat in another congress (one login, seats at several levels), or None."""
    if deputy.user_id is None:
        return None
    from registry.models import Deputy

    return Deputy.objects.filter(user_id=deputy.user_id, congress_id=congress_id).first()


def transfer_to(suggestion: Suggestion, *, actor, target, permission, request=None) -> Suggestion:
    """The receiving body's office takes a suggestion referred to it as its own: a new suggestion there,
    registered with that body's next number, linked to this one, with the deputy's seat in that body
    where there is one (else the deputy as raised). This one becomes TRANSFERRED and leaves this
    body's handling figures, so each body counts it once; it stays in the deputy's performance record
    here, where it was raised, and the copy is not counted there again (queries.raised_by_deputies). ``permission`` is the referral's (the receiving
    office's staff), not this congress's roles. Audited here (transfer) and there (receive)."""
    term = _current_term(target.pk)
    if term is None:
        raise TransitionRefused(f"{target.name}尚未登记本届届次，请先登记后再接收。")
    created: list[Suggestion] = []

    def apply(original: Suggestion) -> None:
        lead = seat_in(original.lead_deputy, target.pk) or original.lead_deputy
        new = Suggestion.objects.create(
            congress=target,
            kind=original.kind,
            status=S.REGISTERED,
            term=term,
            year=original.year,
            number=next_number(target.pk, original.year, original.kind),
            title=original.title,
            content=original.content,
            category=original.category,
            motion_reason=original.motion_reason,
            motion_basis=original.motion_basis,
            motion_plan=original.motion_plan,
            lead_deputy=lead,
            created_by=actor,
            submitted_at=original.submitted_at,
            registered_on=today(),
            transferred_from=original,
            search_tokens=original.search_tokens or search.tokens_for(original.title, original.content),
        )
        for signature in original.co_signatures.filter(status=CoSignature.Status.CONFIRMED).select_related(
            "deputy"
        ):
            seat = seat_in(signature.deputy, target.pk)
            if seat is not None and seat.pk != lead.pk:
                CoSignature.objects.create(
                    suggestion=new, deputy=seat, status=signature.status, answered_at=signature.answered_at
                )
        audit.record(
            actor=actor,
            action="receive",
            obj=new,
            congress=target,
            request=request,
            changes={
                "transferred_from": [None, original.pk],
                "number": [None, new.number],
                "lead_deputy": [None, lead.pk],
            },
            note=f"{original.congress.name}转交，原{original.year}年{original.number_label}",
        )
        created.append(new)

    workflow.transition(
        "transfer",
        suggestion,
        actor=actor,
        table=TRANSITIONS,
        labels=ACTION_LABELS,
        queryset=Suggestion.objects.select_related("congress", "lead_deputy"),
        permission=permission,
        apply=apply,
        note=lambda _s: f"转为{target.name}的建议（{created[0].year}年{created[0].number_label}）",
        changes=lambda _s: {"transferred_to": [None, created[0].pk]},
        unaudited={"search_tokens"},
        request=request,
    )
    return created[0]
