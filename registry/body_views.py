"""The tree of bodies (DOMAIN §11): a body's office sees its place in it, its system administrator sets it up.

The office (staff and leaders) sees its parent, every body below it and the counts of its own body
and of its direct children (what they report to it; a grandchild reports to its own parent). The
system administrator (三员分立) sees the same tree without any count of business records, adds a
body under its own or a lower one, renames one and sets its kind and parent; a move asks first.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from accounts.permissions import OFFICE_ROLES, role_required, system_admin_required
from core import confirm
from core.workflow import TransitionRefused
from registry import bodies, forms, rules, workflow
from registry.models import Congress
from registry.permissions import can_manage_body

PER_PAGE = 50
tree_required = role_required(*OFFICE_ROLES, Role.SYSTEM_ADMIN)


def _kind_and_level(body: Congress) -> str:
    return f"{body.get_kind_display()} · {body.get_level_display()}"


@require_GET
@tree_required
def body_tree(request):
    body = request.congress
    is_admin = request.roles.has(Role.SYSTEM_ADMIN)
    q = (request.GET.get("q") or "").strip()[:50]
    kind = request.GET.get("kind", "")
    kind = kind if kind in Congress.Kind.values else ""
    page = Paginator(bodies.below_in_order(body, q=q, kind=kind), PER_PAGE).get_page(request.GET.get("page"))
    found = Congress.objects.select_related("parent").in_bulk([p.pk for p in page])
    rows = [(found[p.pk], p.depth) for p in page if p.pk in found]
    # Counts: the office's own and its direct children's (rules.sees_figures_of); none for the administrator.
    shown = [body.pk, *(b.pk for b, _depth in rows if bodies.sees_figures_of(body, b))]
    counts = {} if is_admin else bodies.counts_for(shown)
    return render(
        request,
        "registry/body_tree.html",
        {
            "body": body,
            "parent": body.parent,
            "own_counts": counts.get(body.pk, []),
            "rows": [(b, depth, counts.get(b.pk), _kind_and_level(b)) for b, depth in rows],
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": Congress.Kind.choices,
            "is_admin": is_admin,
            "can_manage": can_manage_body(request.user, body.pk),
            "body_kind": _kind_and_level(body),
            "parent_kind": _kind_and_level(body.parent) if body.parent else "",
            "children_count": Congress.objects.filter(parent=body).count(),
        },
    )


def _managed(request) -> list[int]:
    return bodies.subtree_ids(request.congress)


def _what_may_sit_under(parents) -> list[tuple[str, str]]:
    """(parent, the kinds a body under it may be) for the form's note, from registry.rules."""
    kinds = dict(Congress.Kind.choices)
    return [
        (
            parent.name,
            "、".join(kinds[k] for k in rules.kinds_under(parent.kind, parent.level)) or "不能设立下级机构",
        )
        for parent in parents
    ]


def _form_page(request, form, *, title: str, parents, status: int = 200):
    return render(
        request,
        "registry/body_form.html",
        {"form": form, "title": title, "rules": _what_may_sit_under(parents[:20])},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@system_admin_required
def body_create(request):
    parents = Congress.objects.filter(pk__in=_managed(request)).order_by("level", "name")
    initial = {"parent": request.GET.get("parent")} if (request.GET.get("parent") or "").isdigit() else {}
    form = forms.BodyForm(request.POST or None, initial=initial, parents=parents)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                body = workflow.create_body(
                    actor=request.user,
                    parent=data["parent"],
                    kind=data["kind"],
                    level=data["level"],
                    name=data["name"],
                    short_name=data["short_name"],
                    code=data["code"],
                    region=data["region"],
                    request=request,
                )
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"已在{body.parent.name}之下设立“{body.name}”。")
                return redirect("registry:body_tree")
        return _form_page(request, form, title="设立下级机构", parents=list(parents), status=400)
    return _form_page(request, form, title="设立下级机构", parents=list(parents))


@require_http_methods(["GET", "POST"])
@system_admin_required
def body_update(request, pk):
    managed = _managed(request)
    if pk not in managed:
        raise Http404
    body = get_object_or_404(Congress.objects.select_related("parent"), pk=pk)
    parent_ids = set(managed) | ({body.parent_id} if body.parent_id else set())
    parents = Congress.objects.filter(pk__in=parent_ids).exclude(pk=body.pk).order_by("level", "name")
    initial = {
        "name": body.name,
        "short_name": body.short_name,
        "region": body.region,
        "kind": body.kind,
        "level": body.level,
        "parent": body.parent_id,
    }
    form = forms.BodyForm(request.POST or None, initial=initial, parents=parents, body=body)
    title = f"编辑机构：{body.name}"
    if request.method != "POST":
        return _form_page(request, form, title=title, parents=list(parents))
    if not form.is_valid():
        return _form_page(request, form, title=title, parents=list(parents), status=400)
    data = form.cleaned_data
    new_parent = data["parent"]
    if (new_parent.pk if new_parent else None) != body.parent_id:
        old = body.parent.name if body.parent else "最高一级"
        question = (
            f"确定将“{body.name}”从{old}移至“{new_parent.name if new_parent else '最高一级'}”之下？"
            "移动后由新的上级查看它报送的数字，原上级不再看到。"
        )
        if page := confirm.unconfirmed(request, question, back=reverse("registry:body_update", args=[pk])):
            return page
    try:
        with transaction.atomic():
            workflow.rename_body(
                body,
                actor=request.user,
                name=data["name"],
                short_name=data["short_name"],
                region=data["region"],
                request=request,
            )
            workflow.place_body(
                body,
                actor=request.user,
                kind=data["kind"],
                level=data["level"],
                parent=new_parent,
                request=request,
            )
    except TransitionRefused as refused:
        form.add_error(None, str(refused))
        return _form_page(request, form, title=title, parents=list(parents), status=400)
    messages.success(request, f"已保存“{data['name']}”。")
    return redirect("registry:body_tree")
