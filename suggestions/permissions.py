"""Who may see and do what with a suggestion.

Roles are read from the user's RoleAssignments in the suggestion's congress, so the same checks
work in views (request.roles) and in workflow functions called from anywhere (actor only).
"""

from __future__ import annotations

from django.http import Http404

from accounts.models import Role
from accounts.permissions import HeldRoles, deputy_of, has_role, is_staff_of
from suggestions import rules


def is_lead_deputy(user, s) -> bool:
    d = deputy_of(user, s.congress_id)
    return d is not None and d.pk == s.lead_deputy_id


def is_co_signer(user, s) -> bool:
    d = deputy_of(user, s.congress_id)
    return d is not None and s.co_signatures.filter(deputy=d).exists()


def is_author(user, s) -> bool:
    """The lead deputy, or the staff member who entered the draft on their behalf."""
    return is_lead_deputy(user, s) or is_staff_of(user, s.congress_id)


def my_assignments(user, s, *, current: bool = True):
    ids = HeldRoles.of(user, s.congress_id).unit_ids
    if not ids:
        return s.assignments.none()
    qs = s.assignments.filter(unit_id__in=ids)
    return qs.filter(is_current=True) if current else qs


def can_view(user, s) -> bool:
    cid = s.congress_id
    if has_role(user, cid, Role.STAFF, Role.LEADER):
        return True
    if is_lead_deputy(user, s) or is_co_signer(user, s):
        return True
    if s.status != "draft" and my_assignments(user, s, current=False).exists():
        return True
    if s.status != "draft":
        # A deputy whose suggestion was merged into this one follows it here (DOMAIN §4 并案).
        d = deputy_of(user, cid)
        if d is not None and s.merged_items.filter(lead_deputy=d).exists():
            return True
    return False


def get_suggestion_for_user(user, pk, congress=None):
    """The suggestion, or 404 when it does not exist, is in another congress, or is hidden from the user."""
    from suggestions.models import Suggestion

    try:
        s = Suggestion.objects.select_related("lead_deputy", "term", "session", "supervising_leader").get(
            pk=pk
        )
    except (Suggestion.DoesNotExist, ValueError, TypeError):
        raise Http404("建议不存在")
    if congress is not None and s.congress_id != congress.pk:
        raise Http404("建议不存在")
    if not can_view(user, s):
        raise Http404("建议不存在")
    return s


# ---- one can_<verb> per transition (status is checked separately, by workflow.allowed_actions)


def can_save_draft(user, s) -> bool:
    return is_author(user, s)


def can_submit(user, s) -> bool:
    return is_author(user, s)


def can_co_sign(user, s) -> bool:
    d = deputy_of(user, s.congress_id)
    return d is not None and s.co_signatures.filter(deputy=d, status="pending").exists()


can_decline_co_sign = can_co_sign


def _staff(user, s) -> bool:
    return is_staff_of(user, s.congress_id)


can_send_back_to_deputy = can_register = can_merge = can_link = can_assign = _staff
can_extend = can_rehandle = can_close = can_priority = can_publish = can_follow_up_review = _staff
can_correct = _staff


def can_decide(user, s) -> bool:
    return s.kind == "motion" and _staff(user, s)


can_convert_to_suggestion = can_decide


def can_accept(user, s) -> bool:
    return my_assignments(user, s).filter(status="assigned").exists()


can_send_back = can_accept


def can_contact(user, s) -> bool:
    return my_assignments(user, s).filter(status__in=["accepted", "replied", "opinion_submitted"]).exists()


def can_submit_opinion(user, s) -> bool:
    return my_assignments(user, s).filter(status="accepted", role="assisting").exists()


def can_reply(user, s) -> bool:
    return my_assignments(user, s).filter(status="accepted").exclude(role="assisting").exists()


def can_request_extension(user, s) -> bool:
    return (
        my_assignments(user, s)
        .filter(status="accepted", extended_on__isnull=True, extension_requested_reason="")
        .exclude(role="assisting")
        .exists()
        and s.round == 1
    )


def can_feedback(user, s) -> bool:
    d = deputy_of(user, s.congress_id)
    if d is None or s.feedbacks.filter(round=s.round, deputy=d).exists():
        return False
    if d.pk == s.lead_deputy_id:
        return True
    return (
        rules.SETTINGS.value(s.congress, "co_signers_give_feedback")
        and s.co_signatures.filter(deputy=d, status="confirmed").exists()
    )


def feedback_awaited(user, congress, suggestions):
    """Those of ``suggestions`` (of ``congress``) on which can_feedback(user, s) holds, in one query:
    the same rule, for a list (the inbox), where asking can_feedback row by row costs a query a row."""
    from django.db.models import Exists, OuterRef, Q

    from suggestions.models import CoSignature, Feedback

    d = deputy_of(user, congress.pk)
    if d is None:
        return suggestions.none()
    theirs = Q(lead_deputy=d)
    if rules.SETTINGS.value(congress, "co_signers_give_feedback"):
        confirmed = CoSignature.objects.filter(deputy=d, status="confirmed").values("suggestion_id")
        theirs |= Q(pk__in=confirmed)
    given = Feedback.objects.filter(suggestion=OuterRef("pk"), round=OuterRef("round"), deputy=d)
    return suggestions.filter(theirs).exclude(Exists(given))


def can_supervise(user, s) -> bool:
    if not s.is_priority:
        return False
    return _staff(user, s) or (
        has_role(user, s.congress_id, Role.LEADER) and s.supervising_leader_id == user.pk
    )


def can_download(user, s) -> bool:
    return can_view(user, s)


def can_transfer(user, s) -> bool:
    """Never a button of this body: the receiving office takes the suggestion through its referral
    (referrals.workflow.adopt), which passes that permission to workflow.transfer_to."""
    return False
