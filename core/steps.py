"""A workflow step run from a page: the one home of "check the form (a reason), ask first where the
step is irreversible, call the workflow, say how it went and go back".

    return steps.run_step(
        request,
        lambda data: workflow.withdraw(obj, actor=request.user, reason=data["reason"], request=request),
        success="已撤回。",
        back=reverse("app:detail", args=[obj.pk]),
        form=ReasonForm(request.POST),
    )

The view has checked the role and scope before. A form error or a refusal (TransitionRefused)
becomes a Chinese message on the page the user returns to, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from core.workflow import TransitionRefused


def first_error(form) -> str:
    """The form's first error message (shown alone, as the page's message)."""
    for errors in form.errors.values():
        return errors[0]
    return "输入有误。"


def run_step(
    request,
    step: Callable[[dict], object],
    *,
    success: str,
    back: str,
    form=None,
    ask: Callable[[], HttpResponse | None] | None = None,
    done: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """Validate ``form``, then let ``ask`` show the confirmation page if it returns one, then call
    ``step`` with the form's cleaned data; the outcome is a message on ``back``.

    ``done`` is where a step that went through leads instead, given what ``step`` returned (the
    new evaluation's page; the election's page once its office group is deleted)."""
    if form is not None and not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(back)
    if ask is not None and (page := ask()) is not None:
        return page
    try:
        result = step(form.cleaned_data if form is not None else {})
    except TransitionRefused as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(request, success)
    return redirect(done(result) if done is not None else back)
