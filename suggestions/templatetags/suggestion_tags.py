from django import template
from django.utils.http import urlencode

register = template.Library()


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def list_url(params, **extra):
    """The list page filtered by a statistics row's params plus extra filters (each figure links to its list)."""
    from django.urls import reverse

    merged = {**(params or {}), **{k: v for k, v in extra.items() if v not in (None, "")}}
    return reverse("suggestions:list") + ("?" + urlencode(merged) if merged else "")


@register.filter
def days_left(due, today):
    if not due or not today:
        return ""
    left = (due - today).days
    if left < 0:
        return f"超期{-left}天"
    return f"剩{left}天"


@register.filter
def due_class(due, today):
    if not due or not today:
        return "text-bg-secondary"
    left = (due - today).days
    return "text-bg-danger" if left < 0 else ("text-bg-warning" if left <= 7 else "text-bg-light")
