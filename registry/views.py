"""Registry pages: thin views over one list helper and one create/edit helper.

Lists and detail pages are for the congress office (staff and leaders), create/edit for staff;
a unit's and a station's own people also see their unit's or station's detail page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import office_required, staff_required
from core import audit, confirm, dates
from core.workflow import TransitionRefused, refusal
from registry import forms, queries, workflow
from registry.models import (
    CommitteeMembership,
    Community,
    Congress,
    Constituency,
    Delegation,
    Deputy,
    Station,
    StationMembership,
    Subdistrict,
    Term,
    Unit,
)
from registry.permissions import (
    can_edit_registry,
    can_view_registry,
    get_deputy_for_user,
    get_object_for_user,
    get_own_deputy,
    get_station_for_user,
    get_unit_for_user,
)

PER_PAGE = 50

# --- One list page and one create/edit page, configured per record type ------------------------


@dataclass(frozen=True)
class Filter:
    """A select in a list's filter bar. Unknown or malformed values are ignored, never a 500."""

    name: str
    label: str
    options: Callable[[Congress], Iterable[tuple[object, str]]]
    lookup: str | Callable[[str], Q] = ""

    def choices(self, congress: Congress) -> list[tuple[str, str]]:
        return [(str(value), str(label)) for value, label in self.options(congress)]

    def condition(self, value: str) -> Q:
        if callable(self.lookup):
            return self.lookup(value)
        return Q(**{self.lookup or self.name: value})


def choice_filter(name: str, label: str, choices, lookup: str | Callable[[str], Q] = "") -> Filter:
    return Filter(name, label, lambda congress: choices, lookup)


def related_filter(name: str, label: str, model: type[models.Model]) -> Filter:
    """Records of this congress only, so ids of another congress never match anything."""

    def options(congress):
        return [(o.pk, str(o)) for o in model.objects.filter(congress=congress)]

    return Filter(name, label, options, f"{name}_id")


def value_filter(name: str, label: str, model: type[models.Model]) -> Filter:
    """The distinct values a free-text field takes in this congress (e.g. 政治面貌)."""

    def options(congress):
        values = model.objects.filter(congress=congress).exclude(**{name: ""})
        return [(v, v) for v in values.order_by(name).values_list(name, flat=True).distinct()]

    return Filter(name, label, options, name)


ACTIVE_CHOICES = [("1", "启用"), ("0", "停用")]


def active_filter() -> Filter:
    return choice_filter("active", "状态", ACTIVE_CHOICES, lambda v: Q(is_active=(v == "1")))


@dataclass(frozen=True)
class BoundFilter:
    name: str
    label: str
    choices: list[tuple[str, str]]
    selected: str


@dataclass(frozen=True)
class Resource:
    """One kind of registry record: how its list is searched and filtered, which form edits it."""

    name: str
    title: str
    model: type[models.Model]
    form: type[forms.CongressForm]
    search_fields: tuple[str, ...] = ()
    search_placeholder: str = ""
    filters: tuple[Filter, ...] = ()
    select_related: tuple[str, ...] = ()
    list_name: str = ""
    has_detail: bool = False

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def template(self) -> str:
        return f"registry/{self.list_name or self.name}_list.html"

    @property
    def list_url(self) -> str:
        return reverse(f"registry:{self.list_name or self.name}_list")

    @property
    def create_url(self) -> str:
        return reverse(f"registry:{self.name}_create")

    def success_url(self, obj) -> str:
        return reverse(f"registry:{self.name}_detail", args=[obj.pk]) if self.has_detail else self.list_url

    def search(self, q: str) -> Q:
        return reduce(or_, (Q(**{f"{f}__icontains": q}) for f in self.search_fields))


def wants_partial(request) -> bool:
    """htmx asked for the results only (a history restore needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_page(request, template: str, context: dict, partial: str = "results"):
    response = render(request, f"{template}#{partial}" if wants_partial(request) else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def list_page(
    request,
    resource: Resource,
    *,
    queryset=None,
    search: Callable[[str], Q] | None = None,
    context: dict | None = None,
):
    """Search, filter and paginate one kind of record of request.congress."""
    congress = request.congress
    records = resource.model.objects.filter(congress=congress) if queryset is None else queryset
    records = records.select_related(*resource.select_related)
    if not records.query.order_by:
        # Meta.ordering is dropped once a count is annotated; pk breaks ties so pages never overlap.
        records = records.order_by(*resource.model._meta.ordering, "pk")
    q = request.GET.get("q", "").strip()[:100]
    if q and (search or resource.search_fields):
        # A subquery, so a search across a relation never repeats a row.
        matching = resource.model.objects.filter(congress=congress).filter((search or resource.search)(q))
        records = records.filter(pk__in=matching.values("pk"))
    bound = []
    for flt in resource.filters:
        choices = flt.choices(congress)
        raw = request.GET.get(flt.name, "").strip()
        selected = raw if raw in {value for value, _ in choices} else ""
        if selected:
            records = records.filter(flt.condition(selected))
        bound.append(BoundFilter(flt.name, flt.label, choices, selected))
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    return render_page(
        request,
        resource.template,
        {
            "resource": resource,
            "page": page,
            "q": q,
            "filters": bound,
            "can_edit": can_edit_registry(request),
            **(context or {}),
        },
    )


def edit_page(request, resource: Resource, instance=None, *, initial: dict | None = None):
    """Create (instance None) or edit one record: validate, save, audit, message, redirect."""
    creating = instance is None
    before = {} if creating else audit.snapshot(instance)
    form = resource.form(
        request.POST if request.method == "POST" else None,
        instance=instance,
        initial=initial,
        congress=request.congress,
    )
    if request.method == "POST" and form.is_valid():
        if not creating and not audit.diff(before, audit.snapshot(form.instance)):
            messages.info(request, "内容没有变化，未作修改。")
            return redirect(resource.success_url(instance))
        try:
            with transaction.atomic():
                obj = form.save()
                audit.record(
                    actor=request.user,
                    action="create" if creating else "update",
                    obj=obj,
                    congress=request.congress,
                    changes=audit.diff(before, audit.snapshot(obj)),
                    request=request,
                )
        except IntegrityError:
            # Two people saved the same name or number at the same moment.
            form.add_error(None, "保存失败：与已有记录重复，请核对后重试。")
        else:
            verb = "已新增" if creating else "已保存"
            messages.success(request, f"{verb}{resource.verbose_name}“{obj}”。")
            return redirect(resource.success_url(obj))
    title = f"新增{resource.verbose_name}" if creating else f"编辑{resource.verbose_name}：{instance}"
    cancel_url = resource.list_url if creating else resource.success_url(instance)
    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "resource": resource,
            "object": instance,
            "title": title,
            "cancel_url": cancel_url,
        },
    )


def parse_date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def parse_int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 12 else None


# --- Record types ------------------------------------------------------------------------------


def deputy_search(q: str) -> Q:
    """Name, 代表证号, workplace, or the last four digits (or all eleven) of the phone number."""
    condition = Q(name__icontains=q) | Q(number__icontains=q) | Q(workplace__icontains=q)
    if q.isdigit() and len(q) == 4:
        condition |= Q(phone__endswith=q)
    elif q.isdigit() and len(q) == 11:
        condition |= Q(phone=q)
    return condition


def held_now(value: str) -> Q:
    on = dates.today()
    current = (
        queries.seat_held_on(on, "deputy__")
        & (Q(ends_on__isnull=True) | Q(ends_on__gt=on))
        & Q(starts_on__lte=on)
    )
    return current if value == "current" else ~current


DEPUTIES = Resource(
    "deputy",
    "代表",
    Deputy,
    forms.DeputyForm,
    search_placeholder="姓名、代表证号、工作单位或手机尾号",
    filters=(
        choice_filter("status", "状态", Deputy.Status.choices),
        related_filter("term", "届次", Term),
        related_filter("delegation", "代表团（组）", Delegation),
        related_filter("constituency", "选区", Constituency),
        related_filter("station", "联络站", Station),
        choice_filter("gender", "性别", Deputy.Gender.choices),
        value_filter("party", "政治面貌", Deputy),
    ),
    select_related=("term", "delegation", "constituency", "station"),
    has_detail=True,
)
COMMITTEE_MEMBERSHIPS = Resource(
    "committeemembership",
    "常委会组成人员",
    CommitteeMembership,
    forms.CommitteeMembershipForm,
    search_fields=("deputy__name", "deputy__number"),
    search_placeholder="代表姓名或代表证号",
    filters=(
        choice_filter("held", "任职情况", [("current", "现任"), ("former", "已离任")], held_now),
        related_filter("term", "届次", Term),
        choice_filter("position", "职务", CommitteeMembership.Position.choices),
    ),
    select_related=("deputy", "term"),
)
UNITS = Resource(
    "unit",
    "承办单位",
    Unit,
    forms.UnitForm,
    search_fields=("name", "short_name", "contact_person"),
    search_placeholder="名称、简称或联系人",
    filters=(choice_filter("kind", "类型", Unit.Kind.choices), active_filter()),
    has_detail=True,
)
STATIONS = Resource(
    "station",
    "代表联络站",
    Station,
    forms.StationForm,
    search_fields=("name", "address"),
    search_placeholder="名称或地址",
    filters=(
        choice_filter("level", "层级", Station.Level.choices),
        related_filter("subdistrict", "街道", Subdistrict),
        active_filter(),
    ),
    select_related=("subdistrict", "community"),
    has_detail=True,
)
SUBDISTRICTS = Resource(
    "subdistrict",
    "街道与社区",
    Subdistrict,
    forms.SubdistrictForm,
    search_fields=("name", "communities__name"),
    search_placeholder="街道或社区名称",
    filters=(choice_filter("kind", "类型", Subdistrict.Kind.choices),),
)
COMMUNITIES = Resource("community", "街道与社区", Community, forms.CommunityForm, list_name="subdistrict")
DELEGATIONS = Resource(
    "delegation",
    "代表团（组）",
    Delegation,
    forms.DelegationForm,
    search_fields=("name",),
    search_placeholder="名称",
    filters=(choice_filter("kind", "类型", Delegation.Kind.choices),),
)
CONSTITUENCIES = Resource(
    "constituency",
    "选区",
    Constituency,
    forms.ConstituencyForm,
    search_fields=("name",),
    search_placeholder="名称",
    filters=(related_filter("subdistrict", "街道", Subdistrict),),
    select_related=("subdistrict",),
)
TERMS = Resource("term", "届次", Term, forms.TermForm)


def seats_now(relation: str) -> Count:
    """Deputies holding a seat today, counted through a reverse relation."""
    return Count(relation, filter=queries.seat_held_on(dates.today(), f"{relation}__"), distinct=True)


# --- Deputies ----------------------------------------------------------------------------------


@require_GET
@office_required
def deputy_list(request):
    """Deputies, with 全体代表实有数 N and 常委会组成人员实有数 M on a chosen date."""
    raw_on = request.GET.get("on", "").strip()
    on = parse_date(raw_on) or dates.today()
    date_problem = f"日期“{raw_on[:20]}”无法识别，已按今天统计。" if raw_on and not parse_date(raw_on) else ""
    congress = request.congress
    return list_page(
        request,
        DEPUTIES,
        search=deputy_search,
        context={
            "on": on,
            "date_problem": date_problem,
            "deputy_count": queries.deputy_count(congress, on),
            "member_count": queries.member_count(congress, on),
            "suspended_count": Deputy.objects.filter(
                congress=congress, status=Deputy.Status.SUSPENDED
            ).count(),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def deputy_create(request):
    return edit_page(request, DEPUTIES)


@require_GET
@office_required
def deputy_detail(request, pk):
    return deputy_detail_page(request, get_deputy_for_user(request, pk))


def deputy_detail_page(request, deputy: Deputy, bound_verb: str = "", bound_form=None):
    actions = []
    for verb in workflow.allowed_actions(deputy, request):
        form = (
            bound_form
            if verb == bound_verb
            else forms.StatusChangeForm(verb=verb, initial={"on": dates.today()})
        )
        label = workflow.ACTION_LABELS[verb]
        question = (
            queries.status_change_confirmation(deputy, label) if verb in queries.FINAL_STATUS_CHANGES else ""
        )
        actions.append({"verb": verb, "label": label, "form": form, "question": question})
    return render(
        request,
        "registry/deputy_detail.html",
        {
            "deputy": deputy,
            "memberships": deputy.committee_memberships.select_related("term").order_by("-starts_on"),
            "history": queries.deputy_status_changes(deputy),
            "actions": actions,
            "can_edit": can_edit_registry(request),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def deputy_update(request, pk):
    deputy = get_deputy_for_user(request, pk)
    if request.method == "GET":  # the form shows the ID number and phone in full
        audit.record_read(request, deputy, what="编辑代表信息：查看完整身份证号、手机号码")
    return edit_page(request, DEPUTIES, deputy)


@require_POST
@staff_required
def deputy_change_status(request, pk):
    """suspend / reinstate / terminate, chosen by the button; checked again against allowed_actions."""
    deputy = get_deputy_for_user(request, pk)
    verb = request.POST.get("action", "")
    if verb not in workflow.TRANSITIONS:
        raise BadRequest("未知的操作。")
    detail_url = reverse("registry:deputy_detail", args=[deputy.pk])
    if verb not in workflow.allowed_actions(deputy, request):
        messages.error(request, deputy.name + refusal(deputy, workflow.ACTION_LABELS[verb]))
        return redirect(detail_url)
    form = forms.StatusChangeForm(request.POST, verb=verb)
    if form.is_valid() and verb in queries.FINAL_STATUS_CHANGES:
        question = queries.status_change_confirmation(deputy, workflow.ACTION_LABELS[verb])
        if page := confirm.unconfirmed(request, question, back=detail_url):
            return page
    if form.is_valid():
        change = getattr(workflow, verb)
        try:
            change(deputy, actor=request.user, request=request, **form.workflow_kwargs())
        except workflow.TransitionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"已{workflow.ACTION_LABELS[verb]}：{deputy.name}。")
            return redirect(detail_url)
    return deputy_detail_page(request, deputy, verb, form)


@require_GET
@login_required
def my_deputy(request):
    """The signed-in deputy's own record, read-only."""
    return render(request, "registry/my_deputy.html", {"deputy": get_own_deputy(request)})


# --- Standing committee --------------------------------------------------------------------------


@require_GET
@office_required
def committeemembership_list(request):
    return list_page(
        request,
        COMMITTEE_MEMBERSHIPS,
        context={"member_count": queries.member_count(request.congress), "on": dates.today()},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def committeemembership_create(request):
    return edit_page(request, COMMITTEE_MEMBERSHIPS)


@require_http_methods(["GET", "POST"])
@staff_required
def committeemembership_update(request, pk):
    membership = get_object_for_user(request, CommitteeMembership, pk)
    if membership.holding_id:
        # M follows the register of office holders: its rows change only through it.
        messages.error(request, "该组成人员由在任人员名册（选举、任免）产生，请在在任人员名册中登记离任。")
        return redirect("registry:officeholding_list")
    return edit_page(request, COMMITTEE_MEMBERSHIPS, membership)


# --- Handling units ------------------------------------------------------------------------------


@require_GET
@office_required
def unit_list(request):
    return list_page(request, UNITS)


@require_http_methods(["GET", "POST"])
@staff_required
def unit_create(request):
    return edit_page(request, UNITS)


@require_GET
@login_required
def unit_detail(request, pk):
    unit = get_unit_for_user(request, pk)
    return render(
        request,
        "registry/unit_detail.html",
        {
            "unit": unit,
            "handlers": queries.unit_handlers(unit),
            "can_edit": can_edit_registry(request),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def unit_update(request, pk):
    return edit_page(request, UNITS, get_object_for_user(request, Unit, pk))


# --- Liaison stations ----------------------------------------------------------------------------


@require_GET
@office_required
def station_list(request):
    stations = Station.objects.filter(congress=request.congress).annotate(seat_count=seats_now("deputies"))
    return list_page(request, STATIONS, queryset=stations)


@require_http_methods(["GET", "POST"])
@staff_required
def station_create(request):
    return edit_page(request, STATIONS)


@require_GET
@login_required
def station_detail(request, pk):
    station = get_station_for_user(request, pk)
    deputies = station.deputies.filter(queries.seat_held_on(dates.today())).select_related("delegation")
    return render(
        request,
        "registry/station_detail.html",
        {
            "station": station,
            "deputies": deputies,
            "staff": queries.station_staff(station),
            "can_edit": can_edit_registry(request),
            "can_view_registry": can_view_registry(request),
            "memberships": station.memberships.filter(ends_on__isnull=True).select_related(
                "deputy", "deputy__congress"
            ),
            "enter_form": forms.StationEnterForm(body=request.congress)
            if can_edit_registry(request)
            else None,
        },
    )


@require_POST
@staff_required
def station_enter(request, pk):
    """A deputy of any level of this body's line enters the station (DOMAIN §5, §11)."""
    station = get_object_for_user(request, Station, pk)
    form = forms.StationEnterForm(request.POST, body=request.congress)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("registry:station_detail", pk=station.pk)
    try:
        workflow.enter_station(
            station,
            actor=request.user,
            deputy=form.cleaned_data["deputy"],
            on=form.cleaned_data["starts_on"],
            request=request,
        )
    except TransitionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{form.cleaned_data['deputy'].name}已进站。")
    return redirect("registry:station_detail", pk=station.pk)


@require_POST
@staff_required
def station_leave(request, pk, membership_pk):
    station = get_object_for_user(request, Station, pk)
    membership = get_object_or_404(
        StationMembership, pk=membership_pk, station=station, congress=request.congress
    )
    try:
        workflow.leave_station(membership, actor=request.user, on=dates.today(), request=request)
    except TransitionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{membership.deputy.name}已离站。")
    return redirect("registry:station_detail", pk=station.pk)


@require_http_methods(["GET", "POST"])
@staff_required
def station_update(request, pk):
    return edit_page(request, STATIONS, get_object_for_user(request, Station, pk))


# --- Subdistricts and communities ----------------------------------------------------------------


@require_GET
@office_required
def subdistrict_list(request):
    subdistricts = (
        Subdistrict.objects.filter(congress=request.congress)
        .prefetch_related("communities")
        .annotate(station_count=Count("stations", distinct=True))
    )
    return list_page(request, SUBDISTRICTS, queryset=subdistricts)


@require_http_methods(["GET", "POST"])
@staff_required
def subdistrict_create(request):
    return edit_page(request, SUBDISTRICTS)


@require_http_methods(["GET", "POST"])
@staff_required
def subdistrict_update(request, pk):
    return edit_page(request, SUBDISTRICTS, get_object_for_user(request, Subdistrict, pk))


@require_http_methods(["GET", "POST"])
@staff_required
def community_create(request):
    """Opened from a subdistrict's row, which preselects it (?subdistrict=<id>)."""
    subdistrict_id = parse_int(request.GET.get("subdistrict"))
    initial = {}
    if subdistrict_id and Subdistrict.objects.filter(pk=subdistrict_id, congress=request.congress).exists():
        initial["subdistrict"] = subdistrict_id
    return edit_page(request, COMMUNITIES, initial=initial)


@require_http_methods(["GET", "POST"])
@staff_required
def community_update(request, pk):
    return edit_page(request, COMMUNITIES, get_object_for_user(request, Community, pk))


# --- Delegations, constituencies, terms ----------------------------------------------------------


@require_GET
@office_required
def delegation_list(request):
    delegations = Delegation.objects.filter(congress=request.congress).annotate(
        seat_count=seats_now("deputies")
    )
    return list_page(request, DELEGATIONS, queryset=delegations)


@require_http_methods(["GET", "POST"])
@staff_required
def delegation_create(request):
    return edit_page(request, DELEGATIONS)


@require_http_methods(["GET", "POST"])
@staff_required
def delegation_update(request, pk):
    return edit_page(request, DELEGATIONS, get_object_for_user(request, Delegation, pk))


@require_GET
@office_required
def constituency_list(request):
    constituencies = Constituency.objects.filter(congress=request.congress).annotate(
        seat_count=seats_now("deputies")
    )
    return list_page(request, CONSTITUENCIES, queryset=constituencies)


@require_http_methods(["GET", "POST"])
@staff_required
def constituency_create(request):
    return edit_page(request, CONSTITUENCIES)


@require_http_methods(["GET", "POST"])
@staff_required
def constituency_update(request, pk):
    return edit_page(request, CONSTITUENCIES, get_object_for_user(request, Constituency, pk))


@require_GET
@office_required
def term_list(request):
    terms = Term.objects.filter(congress=request.congress).annotate(
        deputy_total=Count("deputies", distinct=True), seat_count=seats_now("deputies")
    )
    return list_page(request, TERMS, queryset=terms)


@require_http_methods(["GET", "POST"])
@staff_required
def term_create(request):
    return edit_page(request, TERMS)


@require_http_methods(["GET", "POST"])
@staff_required
def term_update(request, pk):
    return edit_page(request, TERMS, get_object_for_user(request, Term, pk))
