"""Messages, receptions and activities: the only code that assigns their .status.

Every transition locks its row, checks the source status and the permission, writes one audit
row with the actor and saves only the fields it changed, all in one transaction; notifications
go out on commit. A citizen has no account: submitting and rating are done with the tracking
code as the proof, and their audit rows carry the anonymous actor (访客).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, RoleAssignment
from core import audit, citizen_sms, dates, notify, workflow
from core.dates import today
from core.workflow import TransitionRefused
from stations import permissions, rules
from stations.models import Activity, Message, Reception, ReceptionIssue

S, R = Message.Status, Reception.Status
OPEN = {S.RECEIVED, S.ASSIGNED}

TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "assign": (OPEN, S.ASSIGNED),
    "answer_on_spot": (OPEN, S.CLOSED),
    "hand_to_subdistrict": (OPEN, S.CLOSED),
    "forward_to_office": (OPEN, S.AWAITING_REFERRAL),
    "refer": ({S.AWAITING_REFERRAL}, S.REFERRED),
    # to another body's office (referrals app, DOMAIN §11); its answer comes back as reply / send_back
    "refer_to_body": ({S.AWAITING_REFERRAL}, S.REFERRED),
    "send_back": ({S.REFERRED}, S.AWAITING_REFERRAL),
    "reply": ({S.REFERRED}, S.CLOSED),
    "convert_to_suggestion": (OPEN, S.CLOSED),
    "decline": (OPEN, S.CLOSED),
    "rate": ({S.CLOSED}, S.CLOSED),
}

RECEPTION_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "record": ({R.SCHEDULED}, R.HELD),
    "cancel": ({R.SCHEDULED}, R.CANCELLED),
}

ACTION_LABELS = {
    "submit": "提交留言",
    "schedule": "安排接待日",
    "register_activity": "登记活动",
    "assign": "指定经办人",
    "answer_on_spot": "当场答复",
    "hand_to_subdistrict": "交街道办理",
    "forward_to_office": "报常委会办公室转办",
    "refer": "转办承办单位",
    "refer_to_body": "转交其他人大办理",
    "send_back": "退回常委会办公室",
    "reply": "答复",
    "convert_to_suggestion": "转为代表建议",
    "decline": "不予受理",
    "rate": "评价",
    "record": "登记接待情况",
    "cancel": "取消接待日",
}

PERMISSIONS = {
    "assign": permissions.can_assign,
    "answer_on_spot": permissions.can_answer_on_spot,
    "hand_to_subdistrict": permissions.can_hand_to_subdistrict,
    "forward_to_office": permissions.can_forward_to_office,
    "refer": permissions.can_refer,
    "refer_to_body": permissions.can_refer,
    "send_back": permissions.can_send_back,
    "reply": permissions.can_reply,
    "convert_to_suggestion": permissions.can_convert_to_suggestion,
    "decline": permissions.can_decline,
    "record": lambda user, reception: permissions.can_record(user, reception.station),
    "cancel": lambda user, reception: permissions.can_cancel(user, reception.station),
}

OUTCOME_OF = {
    "answer_on_spot": Message.Outcome.ANSWERED_ON_SPOT,
    "hand_to_subdistrict": Message.Outcome.SUBDISTRICT,
    "forward_to_office": Message.Outcome.REFERRED,
    "convert_to_suggestion": Message.Outcome.SUGGESTION,
    "decline": Message.Outcome.DECLINED,
}


# The one reader of per-congress settings (core.congress_settings), for this app's section.
setting = rules.SETTINGS.value


def allowed_actions(obj, user) -> list[str]:
    """The verbs that apply to ``obj`` now for ``user``; draws the buttons, checked again on POST."""
    table = RECEPTION_TRANSITIONS if isinstance(obj, Reception) else TRANSITIONS
    return [
        verb
        for verb, (sources, _t) in table.items()
        # rate is the citizen's; refer_to_body starts from the referrals page (it needs the other body)
        if verb not in ("rate", "refer_to_body") and obj.status in sources and PERMISSIONS[verb](user, obj)
    ]


def _step(verb: str, obj, *, actor, request, apply=None, note: str = "", notify=None):
    """core.workflow.transition with this app's tables and permissions (PERMISSIONS).

    A message whose author asked for SMS (sms_opt_in) gets one when its status, as the tracking
    page shows it, changes (core.citizen_sms, queued with the step's other notifications).
    """
    if isinstance(obj, Message):
        apply, notify = _with_status_sms(apply, notify)
    return workflow.transition(
        verb,
        obj,
        actor=actor,
        table=RECEPTION_TRANSITIONS if isinstance(obj, Reception) else TRANSITIONS,
        labels=ACTION_LABELS,
        permission=PERMISSIONS.get(verb),
        apply=apply,
        note=note,
        notify=notify,
        request=request,
    )


def _with_status_sms(apply, notify):
    """``apply`` noting the status before the step, ``notify`` also texting the citizen on a change."""
    before: dict[str, str] = {}

    def noting(locked: Message):
        before["status"] = locked.status
        if callable(apply):
            return apply(locked)
        for name, value in (apply or {}).items():
            setattr(locked, name, value)
        return None

    def telling(locked: Message) -> None:
        if notify is not None:
            notify(locked)
        if locked.sms_opt_in and locked.phone and before.get("status") != locked.status:
            citizen_sms.send_status(
                locked.congress,
                locked.phone,
                item="留言",
                code=locked.display_code,
                status=locked.get_status_display(),
            )

    return noting, telling


def _message_url(message) -> str:
    return reverse("stations:message_detail", args=[message.pk])


def _station_people(message) -> list:
    """Staff of the message's station, the addressed deputy and the handler (for notifications)."""
    users = [
        a.user
        for a in RoleAssignment.objects.filter(
            congress_id=message.congress_id,
            role=Role.STATION_STAFF,
            station_id=message.station_id,
            is_active=True,
        ).select_related("user")
    ]
    if message.deputy_id and message.deputy.user_id:
        users.append(message.deputy.user)
    if message.handler_id:
        users.append(message.handler)
    return list({u.pk: u for u in users}.values())


def _role_holders(congress_id, role, **where) -> list:
    return [
        a.user
        for a in RoleAssignment.objects.filter(
            congress_id=congress_id, role=role, is_active=True, **where
        ).select_related("user")
    ]


# --------------------------------------------------------------------------- citizen


def submit_message(
    *,
    congress,
    station,
    topic: str,
    content: str,
    phone: str,
    deputy=None,
    subdistrict=None,
    community=None,
    name: str = "",
    photo=None,
    publish_consent: bool = False,
    sms_opt_in: bool = False,
    source: str = Message.Source.ONLINE,
    reception=None,
    actor=None,
    request=None,
    now: dt.datetime | None = None,
) -> tuple[Message, bool]:
    """Store a citizen's message; (message, True), or (the earlier one, False) for an identical repeat.

    A repeat is the same phone number and the same content (ignoring spaces, punctuation and
    case) within rules.REPEAT_WINDOW_DAYS: the citizen gets the existing tracking code back.
    With ``sms_opt_in`` the tracking code is also sent by SMS (again for a repeat: the citizen
    may have lost it), and later status changes follow (_with_status_sms).
    """
    now = now or timezone.now()
    digest = rules.content_digest(content)
    with transaction.atomic():
        if phone:
            earlier = (
                Message.objects.select_for_update()
                .filter(
                    congress=congress,
                    phone=phone,
                    content_digest=digest,
                    created_at__gte=now - dt.timedelta(days=rules.REPEAT_WINDOW_DAYS),
                )
                .order_by("-created_at")
                .first()
            )
            if earlier is not None:
                opted = {"sms_opt_in": True} if sms_opt_in else {}
                Message.objects.filter(pk=earlier.pk).update(repeat_count=F("repeat_count") + 1, **opted)
                earlier.refresh_from_db(fields=["repeat_count", "sms_opt_in"])
                if sms_opt_in:
                    _send_tracking_code(earlier)
                return earlier, False
        code = rules.new_tracking_code()
        while Message.objects.filter(tracking_code=code).exists():
            code = rules.new_tracking_code()
        message = Message(
            congress=congress,
            station=station,
            deputy=deputy,
            topic=topic,
            content=content,
            content_digest=digest,
            subdistrict=subdistrict,
            community=community,
            name=name,
            phone=phone,
            publish_consent=publish_consent,
            sms_opt_in=bool(sms_opt_in and phone),
            source=source,
            reception=reception,
            tracking_code=code,
            status=S.RECEIVED,
            created_at=now,
        )
        if photo is not None:
            kind = rules.photo_kind(photo["head"])
            message.photo.save(f"{uuid.uuid4().hex}.{kind}", ContentFile(photo["data"]), save=False)
        message.save()
        audit.record(
            actor=actor,
            action="submit",
            obj=message,
            congress=congress,
            request=request,
            changes=audit.snapshot(
                message, ["station", "deputy", "topic", "source", "publish_consent", "sms_opt_in"]
            ),
        )
        if message.sms_opt_in:
            _send_tracking_code(message)
        notify.send(
            _station_people(message),
            title=f"新留言：{message.get_topic_display()}",
            body=message.content[:100],
            url=_message_url(message),
            kind="submit",
            congress=congress,
        )
    return message, True


def _send_tracking_code(message: Message) -> None:
    citizen_sms.send_tracking_code(message.congress, message.phone, item="留言", code=message.display_code)


def find_by_tracking_code(code: str, last4: str = "") -> Message | None:
    code = rules.normalise_tracking_code(code)
    if not code:
        return None
    message = Message.objects.select_related("station", "deputy", "unit").filter(tracking_code=code).first()
    if message is None or (last4 and message.phone[-4:] != last4):
        return None
    return message


def rate(message: Message, *, rating: int, comment: str = "", actor=None, request=None) -> Message:
    if not 1 <= int(rating) <= 5:
        raise TransitionRefused("请选择 1 至 5 星。")

    def apply(locked: Message) -> None:
        if locked.rating is not None:  # the citizen, with the tracking code, rates once
            raise TransitionRefused("您已评价过，不能重复评价。")
        locked.rating, locked.rating_comment, locked.rated_at = int(rating), comment, timezone.now()

    return _step("rate", message, actor=actor, request=request, apply=apply)


# --------------------------------------------------------------------------- handling


def assign(message: Message, *, actor, handler, request=None) -> Message:
    def apply(locked: Message) -> None:
        if handler.pk not in {u.pk for u in handler_choices(locked)}:
            raise TransitionRefused("经办人须是本站工作人员或进站代表。")
        locked.handler = handler

    def tell(locked: Message) -> None:
        if handler.pk != actor.pk:
            notify.send(
                [handler],
                title=f"请您办理群众留言：{locked.get_topic_display()}",
                url=_message_url(locked),
                kind="assign",
                congress=locked.congress_id,
            )

    return _step("assign", message, actor=actor, request=request, apply=apply, notify=tell)


def handler_choices(message: Message) -> list:
    """Who may be made handler: the station's staff and its deputies who have an account."""
    from accounts.models import User

    staff = RoleAssignment.objects.filter(
        congress_id=message.congress_id,
        role=Role.STATION_STAFF,
        station_id=message.station_id,
        is_active=True,
    ).values("user_id")
    deputies = message.station.deputies.filter(user__isnull=False).values("user_id")
    return list(User.objects.filter(pk__in=staff).union(User.objects.filter(pk__in=deputies)).order_by("pk"))


def _close(message, verb: str, *, actor, request, reply: str, **fields) -> Message:
    if not (reply or "").strip():
        raise TransitionRefused("请填写给群众的答复。")

    def apply(locked: Message) -> None:
        locked.outcome, locked.reply, locked.closed_at = OUTCOME_OF[verb], reply.strip(), timezone.now()
        locked.handler = locked.handler or actor
        for name, value in fields.items():
            setattr(locked, name, value)

    return _step(verb, message, actor=actor, request=request, apply=apply)


def answer_on_spot(message: Message, *, actor, reply: str, request=None) -> Message:
    return _close(message, "answer_on_spot", actor=actor, request=request, reply=reply)


def hand_to_subdistrict(message: Message, *, actor, reply: str, request=None) -> Message:
    return _close(message, "hand_to_subdistrict", actor=actor, request=request, reply=reply)


def decline(message: Message, *, actor, reason: str, reply: str, request=None) -> Message:
    if reason not in Message.DeclineReason.values:
        raise TransitionRefused("请选择不予受理的理由。")
    return _close(message, "decline", actor=actor, request=request, reply=reply, decline_reason=reason)


def forward_to_office(message: Message, *, actor, note: str = "", request=None) -> Message:
    """The station asks the congress office to refer the message to a unit, within refer_days."""

    def apply(locked: Message) -> None:
        locked.outcome = Message.Outcome.REFERRED
        locked.refer_due = dates.due_in_days(
            today(), setting(locked.congress, "refer_days"), dates.calendar_of(locked.congress)
        )
        locked.handler = locked.handler or actor

    def tell(locked: Message) -> None:
        notify.send(
            _role_holders(locked.congress_id, Role.STAFF),
            title=f"联络站留言待转办：{locked.station.name}",
            body=f"请于 {locked.refer_due:%Y-%m-%d} 前转办。",
            url=_message_url(locked),
            kind="forward_to_office",
            congress=locked.congress_id,
        )

    return _step(
        "forward_to_office", message, actor=actor, request=request, apply=apply, note=note, notify=tell
    )


def refer(message: Message, *, actor, unit, request=None) -> Message:
    def apply(locked: Message) -> None:
        if unit.congress_id != locked.congress_id or not unit.is_active:
            raise TransitionRefused("请选择本人大的承办单位。")
        locked.unit = unit
        locked.reply_due = dates.due_in_days(
            today(), setting(locked.congress, "reply_days"), dates.calendar_of(locked.congress)
        )
        locked.referred_at = timezone.now()

    def tell(locked: Message) -> None:
        notify.send(
            _role_holders(locked.congress_id, Role.UNIT_HANDLER, unit=unit),
            title=f"群众留言转办：{locked.get_topic_display()}",
            body=f"请于 {locked.reply_due:%Y-%m-%d} 前答复。",
            url=_message_url(locked),
            kind="refer",
            congress=locked.congress_id,
        )

    return _step("refer", message, actor=actor, request=request, apply=apply, notify=tell)


def send_back(message: Message, *, actor, reason: str, request=None) -> Message:
    reason = workflow.stated(reason, "退回理由")

    def tell(locked: Message) -> None:
        notify.send(
            _role_holders(locked.congress_id, Role.STAFF),
            title="承办单位退回群众留言",
            body=reason[:200],
            url=_message_url(locked),
            kind="send_back",
            congress=locked.congress_id,
        )

    return _step(
        "send_back",
        message,
        actor=actor,
        request=request,
        apply={"unit": None, "reply_due": None, "referred_at": None},
        note=reason[:500],
        notify=tell,
    )


def reply(message: Message, *, actor, reply: str, request=None) -> Message:
    if not (reply or "").strip():
        raise TransitionRefused("请填写答复内容。")

    def tell(locked: Message) -> None:
        notify.send(
            _station_people(locked),
            title=f"承办单位已答复群众留言：{locked.get_topic_display()}",
            url=_message_url(locked),
            kind="reply",
            congress=locked.congress_id,
        )

    return _step(
        "reply",
        message,
        actor=actor,
        request=request,
        apply={"reply": reply.strip(), "closed_at": timezone.now()},
        notify=tell,
    )


def convert_to_suggestion(message: Message, *, actor, lead_deputy, title: str, request=None) -> Message:
    """Prefill a deputy suggestion (a draft in the suggestions workflow) and link both ways."""
    from suggestions import workflow as suggestions_workflow

    if not (title or "").strip():
        raise TransitionRefused("请填写建议标题。")

    def apply(locked: Message) -> None:
        if lead_deputy.pk not in {d.pk for d in suggestion_deputies(locked, actor)}:
            raise TransitionRefused("领衔代表须是留言所致代表或本站进站代表。")
        content = (
            f"{locked.content}\n\n（来源：{locked.station.name}群众留言，"
            f"查询码 {locked.display_code}，{timezone.localtime(locked.created_at):%Y-%m-%d}）"
        )
        locked.suggestion = suggestions_workflow.create_draft(
            actor=actor,
            congress=locked.congress,
            lead_deputy=lead_deputy,
            title=title.strip(),
            content=content,
            category=None,
            request=request,
        )
        locked.outcome = Message.Outcome.SUGGESTION
        locked.closed_at = timezone.now()
        locked.handler = locked.handler or actor
        locked.reply = f"您的意见已由{lead_deputy.name}代表整理为代表建议，按代表建议办理程序交有关单位办理。"

    def tell(locked: Message) -> None:
        if lead_deputy.user_id and lead_deputy.user_id != actor.pk:
            notify.send(
                [lead_deputy.user],
                title=f"群众留言已转为代表建议草稿：{title.strip()[:40]}",
                url=reverse("suggestions:detail", args=[locked.suggestion_id]),
                kind="convert_to_suggestion",
                congress=locked.congress_id,
            )

    return _step("convert_to_suggestion", message, actor=actor, request=request, apply=apply, notify=tell)


def suggestion_deputies(message: Message, user=None) -> list:
    """Who may lead the suggestion: the addressed deputy, else the station's serving deputies;
    a deputy acting without a staff role may only name themself (suggestions.create_draft's rule)."""
    from registry.models import Deputy

    qs = Deputy.objects.filter(congress_id=message.congress_id, status=Deputy.Status.SERVING)
    qs = qs.filter(pk=message.deputy_id) if message.deputy_id else qs.filter(station_id=message.station_id)
    if user is not None and not permissions.has_role(
        user, message.congress_id, Role.STAFF, Role.STATION_STAFF
    ):
        qs = qs.filter(user=user)
    return list(qs.order_by("number"))


# --------------------------------------------------------------------------- receptions


def schedule(
    *, actor, station, date: dt.date, starts_at, ends_at, place: str = "", deputies=(), request=None
) -> Reception:
    """Announce a reception day; it must be at least reception_notice_days ahead (DOMAIN §5)."""
    notice = setting(station.congress, "reception_notice_days")
    if not rules.announced_in_time(date, today(), notice):
        raise TransitionRefused(f"接待日须至少提前 {notice} 天安排并公布。")
    if ends_at <= starts_at:
        raise TransitionRefused("结束时间须晚于开始时间。")
    with transaction.atomic():
        if not permissions.can_schedule(actor, station):
            raise PermissionDenied("您没有权限进行此操作。")
        reception = Reception.objects.create(
            congress_id=station.congress_id,
            station=station,
            date=date,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place or station.address,
            status=R.SCHEDULED,
        )
        reception.deputies.set(deputies)
        audit.record(
            actor=actor,
            action="schedule",
            obj=reception,
            congress=station.congress_id,
            request=request,
            changes={
                **audit.snapshot(reception, ["station", "date", "starts_at", "ends_at", "place"]),
                "deputies": [d.pk for d in deputies],
            },
        )
        notify.send(
            [d.user for d in deputies if d.user_id],
            title=f"接待日安排：{station.name} {date:%m月%d日}",
            url=reverse("stations:reception_detail", args=[reception.pk]),
            kind="schedule",
            congress=station.congress_id,
        )
    return reception


def record(
    reception: Reception, *, actor, visitors: int, summary: str = "", issues=(), request=None
) -> Reception:
    """After the day: visitors and the issues raised (each answered, to be referred, or recorded)."""
    if reception.date > today():
        raise TransitionRefused("接待日尚未到来，不能登记接待情况。")

    def apply(locked: Reception) -> None:
        locked.visitors, locked.summary = visitors, summary
        ReceptionIssue.objects.bulk_create(ReceptionIssue(reception=locked, **issue) for issue in issues)

    return _step(
        "record", reception, actor=actor, request=request, apply=apply, note=f"问题 {len(issues)} 个"
    )


def cancel(reception: Reception, *, actor, request=None) -> Reception:
    return _step("cancel", reception, actor=actor, request=request)


def file_as_message(issue: ReceptionIssue, *, actor, request=None) -> Message:
    """Put an issue raised at a reception into the station's inbox as a message."""
    with transaction.atomic():
        locked = (
            ReceptionIssue.objects.select_for_update().select_related("reception__station").get(pk=issue.pk)
        )
        station = locked.reception.station
        if not permissions.can_record(actor, station):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.message_id:
            raise TransitionRefused("该问题已转入留言办理。")
        message, _created = submit_message(
            congress=station.congress,
            station=station,
            topic=locked.topic,
            content=locked.content,
            phone="",
            subdistrict=station.subdistrict,
            community=station.community,
            name=locked.visitor_name,
            source=Message.Source.RECEPTION,
            reception=locked.reception,
            actor=actor,
            request=request,
        )
        locked.message = message
        locked.save(update_fields=["message"])
    return message


# --------------------------------------------------------------------------- activities


def register_activity(
    *,
    actor,
    station,
    kind: str,
    title: str,
    date: dt.date,
    deputies=(),
    other_participants: str = "",
    results: str = "",
    opinions_raised: int | None = 0,
    opinions: str = "",
    request=None,
) -> Activity:
    opinions = (opinions or "").strip()
    listed = len([line for line in opinions.splitlines() if line.strip()])
    # The count is what reports quote; a list, when typed, is at least that long.
    opinions_raised = max(int(opinions_raised or 0), listed)
    with transaction.atomic():
        if not permissions.can_manage_station(actor, station):
            raise PermissionDenied("您没有权限进行此操作。")
        activity = Activity.objects.create(
            congress_id=station.congress_id,
            station=station,
            kind=kind,
            title=title,
            date=date,
            other_participants=other_participants,
            results=results,
            opinions_raised=opinions_raised,
            opinions=opinions,
        )
        activity.deputies.set(deputies)
        audit.record(
            actor=actor,
            action="register_activity",
            obj=activity,
            congress=station.congress_id,
            request=request,
            changes={
                **audit.snapshot(activity, ["station", "kind", "title", "date", "opinions_raised"]),
                "deputies": [d.pk for d in deputies],
            },
        )
    return activity


# --------------------------------------------------------------------------- referral to another body


def refer_to_body(message: Message, *, actor, target, reply_due, request=None) -> Message:
    """The office refers the message to another body's office (called by referrals.workflow.refer)."""
    return _step(
        "refer_to_body",
        message,
        actor=actor,
        request=request,
        apply={
            "outcome": Message.Outcome.REFERRED_TO_BODY,
            "unit": None,
            "reply_due": reply_due,
            "referred_at": timezone.now(),
        },
        note=f"转交{target.name}",
    )


def close_after_referral(message: Message, *, actor, reply: str, permission, request=None) -> Message:
    """The other body's office answered the referred message: closed with its answer, the citizen told.

    ``permission`` is the referral's (the receiving office's staff), not this congress's roles.
    """

    def tell(locked: Message) -> None:
        notify.send(
            _station_people(locked),
            title=f"转交的群众留言已答复：{locked.get_topic_display()}",
            url=_message_url(locked),
            kind="reply",
            congress=locked.congress_id,
        )

    return workflow.transition(
        "reply",
        message,
        actor=actor,
        table=TRANSITIONS,
        labels=ACTION_LABELS,
        permission=permission,
        apply={"reply": reply, "closed_at": timezone.now()},
        notify=tell,
        request=request,
    )


def return_from_body(message: Message, *, actor, reason: str, permission, request=None) -> Message:
    """The other body's office sent the message back: it awaits referral here again."""
    return workflow.transition(
        "send_back",
        message,
        actor=actor,
        table=TRANSITIONS,
        labels=ACTION_LABELS,
        permission=permission,
        apply={"unit": None, "reply_due": None, "referred_at": None, "outcome": Message.Outcome.REFERRED},
        note=reason[:500],
        request=request,
    )
