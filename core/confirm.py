"""One confirmation before every irreversible step (issue #14), the same in every app.

A form that takes such a step includes ``core/_confirm.html``: a required checkbox ``confirmed``
whose label is the question, saying what will happen with the counts ("还有 93 名出席代表未投票，
确定结束投票并计票？"), and where the step needs one, a required reason.  Without JavaScript the
browser does not submit the form until the box is ticked; with ``core/confirm.js`` the box gives
way to a dialog asking the same question.  The view asks again with :func:`unconfirmed`: a POST
without the box ticked (an old page, a script) gets the confirmation page, which posts the same
fields once more with the box.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

FIELD = "confirmed"
VALUE = "yes"


def confirmed(request) -> bool:
    return request.POST.get(FIELD) == VALUE


def unconfirmed(
    request, question: str, *, back: str, reason: bool = False, reason_label: str = "原因"
) -> HttpResponse | None:
    """None when the POST carries the confirmation, else the page asking for it."""
    if confirmed(request) and (not reason or request.POST.get("reason", "").strip()):
        return None
    fields = [
        (key, value)
        for key in request.POST
        if key not in ("csrfmiddlewaretoken", FIELD) and not (reason and key == "reason")
        for value in request.POST.getlist(key)
    ]
    return render(
        request,
        "core/confirm.html",
        {
            "question": question,
            "fields": fields,
            "action": request.get_full_path(),
            "back": back,
            "reason": reason,
            "reason_label": reason_label,
            "reason_value": request.POST.get("reason", ""),
        },
    )
