"""The 本地设置 page: every per-congress settings section, each with its meaning (DOMAIN: local practice).

Each section is its own form and is saved on its own (core.congress_settings.save_sections: one
transaction, one audit entry). Apps register their sections; this module names none of them.

三员分立: the system administrator keeps the local rules, the security administrator the sections
marked ``security`` (the same page shows each only theirs); nobody else opens it.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from core import congress_settings


def _form(section, request, data=None):
    form_class = congress_settings.settings_form(section)
    return form_class(data, congress=request.congress, prefix=section.name)


def settings_page(request, name: str | None = None):
    """GET: every section; POST to /settings/<name>/: save that section only."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.congress is None or not request.roles.has("system_admin", "security_admin"):
        raise PermissionDenied("您没有权限修改本地设置。")
    security = request.roles.has("security_admin")
    sections = [s for s in congress_settings.SECTIONS.values() if s.security == security]
    forms = {section.name: _form(section, request) for section in sections}
    if name is not None:
        section = congress_settings.SECTIONS.get(name)
        if section is None:
            raise Http404
        if section.security != security:
            raise PermissionDenied("该部分设置由另一名管理员维护。")
        if request.method == "POST":
            form = forms[name] = _form(section, request, request.POST)
            if form.is_valid():
                form.save(actor=request.user, request=request)
                messages.success(request, f"{section.title}设置已保存。")
                return redirect("core:settings")
            messages.error(request, f"{section.title}有设置填写不正确，请按提示修改；本次没有保存任何设置。")
    rows = [(section, forms[section.name]) for section in sections]
    title = "安全设置" if security else "本地设置"
    return render(request, "core/settings.html", {"rows": rows, "invalid": name, "title": title})
