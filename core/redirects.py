"""Where a form sends the actor back to: the page it came from, when that page is on this site."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def next_or(request, default: str) -> str:
    """The form's ``next`` field (e.g. the chair's console) if it is a path on this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default
