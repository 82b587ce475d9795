"""Pages for terms, seats, office holders and the map: 换届, 补选, 任免 register, 区划调整, exports."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import office_required, staff_required
from core import confirm, downloads
from registry import forms, queries, registers, workflow
from registry.models import Deputy, MapChange, OfficeHolding, Post, Station, Subdistrict, Term
from registry.permissions import get_deputy_for_user, get_object_for_user
from registry.views import Resource, choice_filter, edit_page, list_page, parse_date, related_filter

# --- 换届 -----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_required
def term_change(request):
    """Preview what the 换届 changes; the irreversible step runs only when confirmed."""
    pair = workflow.next_term_change(request.congress)
    if request.method == "POST":
        old = get_object_for_user(request, Term, request.POST.get("old"))
        new = get_object_for_user(request, Term, request.POST.get("new"))
        if pair is None or (old, new) != pair:
            messages.error(request, "所选届次不是待换届的届次，请刷新页面后重试。")
            return redirect("registry:term_change")
        question = queries.term_change_confirmation(workflow.preview_term_change(old, new))
        if page := confirm.unconfirmed(request, question, back=reverse("registry:term_change")):
            return page
        else:
            try:
                preview = workflow.term_change(old, new, actor=request.user, request=request)
            except workflow.TransitionRefused as refused:
                error = str(refused)
            else:
                messages.success(
                    request,
                    f"已换届：{old}{len(preview.ending)}个代表席位于{preview.on:%Y-%m-%d}结束，"
                    f"{new}{preview.starting}名代表开始任职。",
                )
                return redirect("registry:term_list")
    else:
        error = ""
    preview = workflow.preview_term_change(*pair) if pair else None
    question = queries.term_change_confirmation(preview) if preview and not preview.problem else ""
    return render(
        request, "registry/term_change.html", {"preview": preview, "error": error, "question": question}
    )


# --- 补选 -----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_required
def by_election(request, pk):
    vacated = get_deputy_for_user(request, pk)
    form = forms.ByElectionForm(
        request.POST if request.method == "POST" else None,
        congress=request.congress,
        vacated=vacated,
        initial={
            "on": queries.today(),
            "constituency": vacated.constituency_id,
            "delegation": vacated.delegation_id,
        },
    )
    problem = workflow.rules.by_election_problem(
        vacated.terminated_on,
        vacated.term.ends_on,
        queries.today(),
        vacated.successors.first().name if vacated.successors.exists() else "",
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = workflow.by_election(
                form.save(commit=False),
                vacated=vacated,
                actor=request.user,
                on=form.cleaned_data["on"],
                request=request,
            )
        except workflow.TransitionRefused as refused:
            form.add_error(None, str(refused))
        except IntegrityError:
            form.add_error(None, "保存失败：身份证号、手机号码或代表证号与本届已有代表重复。")
        else:
            messages.success(request, f"已登记补选：{new.name}接替{vacated.name}，任期至本届届满。")
            return redirect("registry:deputy_detail", new.pk)
    return render(
        request,
        "registry/by_election.html",
        {"vacated": vacated, "form": form, "problem": problem if request.method == "GET" else ""},
    )


# --- 在任人员名册 -----------------------------------------------------------------------------------


def held_on_filter(value: str) -> Q:
    on = queries.today()
    current = Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gt=on))
    return current if value == "current" else ~current


HOLDINGS = Resource(
    "officeholding",
    "在任人员名册",
    OfficeHolding,
    forms.CongressForm,
    search_fields=("person_name", "post__name", "decision", "end_decision"),
    search_placeholder="姓名、职务或决定",
    filters=(
        choice_filter("held", "任职情况", [("current", "现任"), ("former", "已离任")], held_on_filter),
        related_filter("post", "职务", Post),
        choice_filter("basis", "任职依据", OfficeHolding.Basis.choices),
    ),
    select_related=("post", "deputy"),
)
POSTS = Resource("post", "职务", Post, forms.PostForm, list_name="officeholding")


@require_GET
@office_required
def officeholding_list(request):
    on = parse_date(request.GET.get("on", "")) or queries.today()
    return list_page(
        request,
        HOLDINGS,
        context={
            "on": on,
            "holders_on": queries.office_holders_on(request.congress, on).order_by("post__order", "post_id"),
            "member_count": queries.member_count(request.congress, on),
            "leave_form": forms.LeaveOfficeForm(initial={"ends_on": queries.today()}),
            "oath_form": forms.OathForm(initial={"on": queries.today()}),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def officeholding_create(request):
    form = forms.TakeOfficeForm(request.POST if request.method == "POST" else None, congress=request.congress)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            holding = workflow.take_office(
                data["post"],
                person_name=data["person_name"],
                deputy=data["deputy"],
                on=data["starts_on"],
                basis=data["basis"],
                decision=data["decision"],
                actor=request.user,
                request=request,
            )
        except workflow.TransitionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"已登记任职：{holding}。")
            return redirect("registry:officeholding_list")
    return render(
        request,
        "registry/form.html",
        {"form": form, "resource": HOLDINGS, "title": "登记任职", "cancel_url": HOLDINGS.list_url},
    )


def _holding(request, pk) -> OfficeHolding:
    return get_object_for_user(request, OfficeHolding, pk)


@require_POST
@staff_required
def officeholding_end(request, pk):
    holding = _holding(request, pk)
    form = forms.LeaveOfficeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写离任日期、离任依据和离任决定。")
        return redirect("registry:officeholding_list")
    page = confirm.unconfirmed(
        request, queries.leave_office_confirmation(holding), back=reverse("registry:officeholding_list")
    )
    if page:
        return page
    data = form.cleaned_data
    try:
        workflow.leave_office(
            holding,
            on=data["ends_on"],
            basis=data["end_basis"],
            decision=data["end_decision"],
            actor=request.user,
            request=request,
        )
    except workflow.TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"已登记离任：{holding}。")
    return redirect("registry:officeholding_list")


@require_POST
@staff_required
def officeholding_oath(request, pk):
    holding = _holding(request, pk)
    form = forms.OathForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写宪法宣誓日期。")
        return redirect("registry:officeholding_list")
    try:
        workflow.record_oath(holding, on=form.cleaned_data["on"], actor=request.user, request=request)
    except workflow.TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"已登记宪法宣誓：{holding}。")
    return redirect("registry:officeholding_list")


@require_http_methods(["GET", "POST"])
@staff_required
def post_create(request):
    return edit_page(request, POSTS)


@require_http_methods(["GET", "POST"])
@staff_required
def post_update(request, pk):
    return edit_page(request, POSTS, get_object_for_user(request, Post, pk))


# --- 区划调整 ---------------------------------------------------------------------------------------


MAP_CHANGES = Resource(
    "mapchange",
    "区划调整",
    MapChange,
    forms.MapChangeForm,
    search_fields=("decision", "subdistrict__name", "station__name", "note"),
    search_placeholder="决定、街道或联络站名称",
    filters=(
        choice_filter("kind", "调整类型", MapChange.Kind.choices),
        related_filter("subdistrict", "街道（乡镇）", Subdistrict),
        related_filter("station", "联络站", Station),
    ),
    select_related=("subdistrict", "station"),
)


@require_GET
@office_required
def mapchange_list(request):
    raw = request.GET.get("on", "").strip()
    on = parse_date(raw) or queries.today()
    return list_page(
        request,
        MAP_CHANGES,
        context={
            "on": on,
            "date_problem": f"日期“{raw[:20]}”无法识别，已按今天显示。"
            if raw and not parse_date(raw)
            else "",
            "map_on": queries.subdistricts_on(request.congress, on),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def mapchange_create(request):
    form = forms.MapChangeForm(request.POST if request.method == "POST" else None, congress=request.congress)
    if request.method == "POST" and form.is_valid():
        try:
            change = workflow.change_map(form.save(commit=False), actor=request.user, request=request)
        except workflow.TransitionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"已登记区划调整：{change}，自{change.effective_on:%Y-%m-%d}起生效。")
            return redirect("registry:mapchange_list")
    return render(
        request,
        "registry/form.html",
        {"form": form, "resource": MAP_CHANGES, "title": "登记区划调整", "cancel_url": MAP_CHANGES.list_url},
    )


# --- 代表任职历史 and the exports ---------------------------------------------------------------


SEATS = Resource(
    "seat",
    "代表任职历史",
    Deputy,
    forms.DeputyForm,
    search_fields=("name", "number"),
    search_placeholder="姓名或代表证号",
    filters=(
        related_filter("term", "届次", Term),
        choice_filter("end_ground", "结束事由", Deputy.EndGround.choices),
    ),
    select_related=("term", "constituency", "replaces"),
)


@require_GET
@office_required
def seat_list(request):
    return list_page(request, SEATS, queryset=queries.seat_history(request.congress))


def _register(name: str):
    if name not in registers.REGISTERS:
        raise Http404
    return registers.REGISTERS[name]


@require_GET
@office_required
def register_export(request, name):
    title, rows_of = _register(name)
    headers, rows = rows_of(request.congress)
    day = queries.today().isoformat()
    return downloads.export(
        request,
        registers.workbook(title, headers, rows),
        f"{title}-{day}.xlsx",
        f"{name}-{day}.xlsx",
        what=title,
        rows=len(rows),
    )


@require_GET
@office_required
def register_print(request, name):
    title, rows_of = _register(name)
    headers, rows = rows_of(request.congress)
    return render(
        request,
        "registry/register_print.html",
        {"title": title, "headers": headers, "rows": rows, "on": queries.today()},
    )
