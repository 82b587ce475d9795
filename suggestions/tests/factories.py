"""Helpers for suggestion tests: a suggestion brought to a given status through the workflow."""

from __future__ import annotations

import datetime as dt

from suggestions import workflow
from suggestions.models import Suggestion


def draft(
    congress,
    deputy_user,
    title="关于增设小区停车位的建议",
    content="东湖社区停车难，建议利用闲置地块增设停车位。",
    category="城乡建设",
    **kw,
):
    return workflow.create_draft(
        actor=deputy_user,
        congress=congress,
        lead_deputy=deputy_user.deputy,
        title=title,
        content=content,
        category=category,
        **kw,
    )


def submitted(congress, deputy_user, **kw):
    s = draft(congress, deputy_user, **kw)
    return workflow.submit(actor=deputy_user, suggestion=s)


def registered(congress, deputy_user, clerk, number=None, **kw):
    s = submitted(congress, deputy_user, **kw)
    return workflow.register(actor=clerk, suggestion=s, number=number)


def assigned(congress, deputy_user, clerk, unit, on=None, **kw):
    s = registered(congress, deputy_user, clerk, **kw)
    return workflow.assign(
        actor=clerk, suggestion=s, mode="sole", units=[unit], assigned_on=on or dt.date.today()
    )


def accepted(congress, deputy_user, clerk, unit, handler, **kw):
    s = assigned(congress, deputy_user, clerk, unit, **kw)
    return workflow.accept(actor=handler, suggestion=s)


def replied(congress, deputy_user, clerk, unit, handler, category="A", **kw):
    s = accepted(congress, deputy_user, clerk, unit, handler, **kw)
    workflow.reply(
        actor=handler, suggestion=s, category=category, content="已安排增设停车位120个。", signed_by="刘局长"
    )
    return Suggestion.objects.get(pk=s.pk)


def audit_rows(s, verb):
    from core.models import AuditEntry

    return list(
        AuditEntry.objects.filter(object_type="suggestions.suggestion", object_id=str(s.pk), action=verb)
    )


def post_verb(user, s, verb, data=None, capture=None):
    """POST a transition as ``user``; returns (response, refreshed suggestion)."""
    from conftest import client_for

    if capture is not None:
        with capture(execute=True):
            r = client_for(user).post(f"/suggestions/{s.pk}/{verb}/", {"confirmed": "yes", **(data or {})})
    else:
        r = client_for(user).post(f"/suggestions/{s.pk}/{verb}/", {"confirmed": "yes", **(data or {})})
    return r, Suggestion.objects.get(pk=s.pk)


def assert_one_history_row(s, verb, actor):
    rows = audit_rows(s, verb)
    assert len(rows) == 1, rows
    assert rows[0].actor_id == actor.pk
