from django import template
from django.conf import settings
from django.utils.module_loading import import_string

from core import cn

register = template.Library()

register.filter("mask_phone", cn.mask_phone)
register.filter("mask_id_number", cn.mask_id_number)
register.filter("date_cn", cn.date_cn)
register.filter("chinese_number", cn.chinese_number)


@register.filter
def holds(roles, names: str) -> bool:
    """``{% if roles|holds:"staff,leader" %}``: the user holds one of these roles in this congress.

    ``roles`` is the context's ``roles`` (accounts.permissions.HeldRoles); the one spelling of a role
    check in templates, so no template lists role names with ``in roles.names``.
    """
    if not roles:
        return False
    return roles.has(*(name.strip() for name in names.split(",") if name.strip()))


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
    """The sections of the main menu the signed-in user sees (settings.MAIN_MENU: portal/nav.py)."""
    return import_string(settings.MAIN_MENU)(
        context.get("roles"), getattr(context.get("request"), "resolver_match", None)
    )


WIDGET_CLASSES = {
    "select": "form-select",
    "selectmultiple": "form-select",
    "nullbooleanselect": "form-select",
    "checkbox": "form-check-input",
    "radioselect": "",
    "checkboxselectmultiple": "",
    "hidden": "",
    "clearablefile": "form-control",
}


@register.filter
def styled(field):
    """A bound field rendered with Bootstrap's class for its widget (core/_form.html)."""
    css = WIDGET_CLASSES.get(field.widget_type, "form-control")
    existing = field.field.widget.attrs.get("class", "")
    if not css or css in existing.split():
        return field.as_widget()
    attrs = {"class": f"{existing} {css}".strip()}
    if field.errors:
        attrs["class"] += " is-invalid"
    return field.as_widget(attrs=attrs)
