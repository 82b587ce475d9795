from django import template

from core import cn, nav

register = template.Library()

register.filter("mask_phone", cn.mask_phone)
register.filter("mask_id_number", cn.mask_id_number)
register.filter("date_cn", cn.date_cn)
register.filter("chinese_number", cn.chinese_number)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters changed (pagination and filters keep each other)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The sections of the main menu the signed-in user sees (core/nav.py)."""
    return nav.menu_for(context.get("roles"), getattr(context.get("request"), "resolver_match", None))
