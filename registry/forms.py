"""Forms for registry records. Every choice list is limited to the congress being worked in."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db import models
from django.db.models import Q

from accounts.models import Role, User
from core.dates import today
from registry import rules
from registry.models import (
    CommitteeMembership,
    Community,
    Congress,
    CongressOwned,
    Constituency,
    Delegation,
    Deputy,
    MapChange,
    OfficeHolding,
    Post,
    Station,
    Subdistrict,
    Term,
    Unit,
    mobile_validator,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MIN_AGE = 18


def years_after(day: dt.date, years: int) -> dt.date:
    """The same date `years` later (29 February → 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class CongressForm(forms.ModelForm):
    """A ModelForm for a record of one congress.

    - every ModelChoiceField lists only records of that congress, so a crafted POST cannot
      attach another congress's term, station or delegation ("选择一个有效的选项");
    - the per-congress unique constraints (which include the `congress` column the form does
      not show) are checked here with a clear message instead of failing as an IntegrityError.
    """

    # constraint name → message; {existing} is the record already holding the value.
    unique_messages: dict[str, str] = {}

    def __init__(self, *args, congress: Congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.congress = congress
        self.instance.congress = congress
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and issubclass(field.queryset.model, CongressOwned):
                field.queryset = field.queryset.filter(congress=congress)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def validate_unique(self):
        super().validate_unique()
        model = self._meta.model
        for constraint in model._meta.constraints:
            if not isinstance(constraint, models.UniqueConstraint) or "congress" not in constraint.fields:
                continue
            others = [f for f in constraint.fields if f != "congress"]
            if not all(f in self.fields and self.cleaned_data.get(f) not in (None, "") for f in others):
                continue
            values = {f: self.cleaned_data[f] for f in others}
            existing = (
                model.objects.filter(congress=self.congress, **values).exclude(pk=self.instance.pk).first()
            )
            if existing is None:
                continue
            labels = "和".join(str(model._meta.get_field(f).verbose_name) for f in others)
            template = self.unique_messages.get(constraint.name, "已有{labels}相同的{model}“{existing}”。")
            self.add_error(
                others[-1], template.format(labels=labels, model=model._meta.verbose_name, existing=existing)
            )


class TermForm(CongressForm):
    unique_messages = {"term_number_unique": "{existing}已经登记。"}

    class Meta:
        model = Term
        # ends_on is written only by 换届 (registry.workflow.term_change).
        fields = ["number", "starts_on"]
        widgets = {"starts_on": DATE_WIDGET}
        labels = {"starts_on": "起始日期（本届第一次会议开幕日期）"}

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", "届满日期应晚于起始日期。")
        return data


class DeputyForm(CongressForm):
    """Status is not here: it changes only through registry.workflow (suspend, reinstate, terminate)."""

    unique_messages = {
        "deputy_id_number_unique": "该身份证号已登记在代表“{existing}”名下。",
        "deputy_phone_unique": "该手机号码已登记在代表“{existing}”名下。",
        "deputy_number_unique": "本届已有代表证号相同的代表“{existing}”。",
    }

    id_number = forms.CharField(label="身份证号", max_length=30)
    phone = forms.CharField(label="手机号码", max_length=30, help_text="11位手机号码，用于登录和通知")

    class Meta:
        model = Deputy
        fields = [
            "term",
            "number",
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "party",
            "occupation",
            "workplace",
            "id_number",
            "phone",
            "delegation",
            "constituency",
            "station",
            "elected_on",
            "user",
        ]
        widgets = {"birth_date": DATE_WIDGET, "elected_on": DATE_WIDGET}

    def __init__(self, *args, congress: Congress, **kwargs):
        super().__init__(*args, congress=congress, **kwargs)
        self.fields["station"].queryset = self.fields["station"].queryset.filter(is_active=True) | (
            Station.objects.filter(pk=self.instance.station_id, congress=congress)
        )
        if "user" not in self.fields:
            return
        user_field = self.fields["user"]
        # Only accounts holding the deputy role here and not yet linked to another deputy record.
        user_field.queryset = (
            User.objects.filter(
                role_assignments__congress=congress,
                role_assignments__role=Role.DEPUTY,
                role_assignments__is_active=True,
            )
            .filter(Q(deputy__isnull=True) | Q(deputy=self.instance.pk))
            .distinct()
            .order_by("full_name", "username")
        )
        user_field.label_from_instance = lambda user: f"{user}（{user.username}）"
        user_field.help_text = "本人登录后可在“我的代表信息”核对登记信息；仅列出具有代表角色的账户"

    def clean_number(self):
        return self.cleaned_data["number"].strip()

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip().upper()
        problem = rules.id_number_problem(value)
        if problem:
            raise forms.ValidationError(problem + "。")
        return value

    def clean_phone(self):
        value = "".join(ch for ch in self.cleaned_data["phone"] if ch.isdigit())
        mobile_validator(value)
        return value

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value.year < 1900 or value >= today():
            raise forms.ValidationError("出生日期不合理，请核对。")
        return value

    def clean_elected_on(self):
        value = self.cleaned_data["elected_on"]
        if value > today():
            raise forms.ValidationError("当选日期不能晚于今天。")
        return value

    def clean(self):
        data = super().clean()
        birth_date, elected_on = data.get("birth_date"), data.get("elected_on")
        id_number = data.get("id_number")
        if birth_date and elected_on and years_after(birth_date, MIN_AGE) > elected_on:
            self.add_error("birth_date", "当选时应年满18周岁，请核对出生日期和当选日期。")
        if birth_date and id_number and id_number[6:14] != f"{birth_date:%Y%m%d}":
            self.add_error("birth_date", "出生日期与身份证号中的出生日期不一致。")
        term = data.get("term")
        if term and elected_on and term.ends_on and elected_on >= term.ends_on:
            self.add_error("elected_on", "当选日期应早于该届届满日期。")
        return data


class CommitteeMembershipForm(CongressForm):
    class Meta:
        model = CommitteeMembership
        fields = ["term", "deputy", "position", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}

    def __init__(self, *args, congress: Congress, **kwargs):
        super().__init__(*args, congress=congress, **kwargs)
        deputy_field = self.fields["deputy"]
        deputy_field.queryset = deputy_field.queryset.order_by("number")
        deputy_field.label_from_instance = lambda d: f"{d.number} {d.name}（{d.get_status_display()}）"

    def clean(self):
        data = super().clean()
        deputy, starts_on, ends_on = data.get("deputy"), data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", "离任日期应晚于任职日期。")
        if deputy and starts_on and not rules.holds_seat(deputy.elected_on, deputy.terminated_on, starts_on):
            self.add_error("deputy", "该代表在任职日期不具有代表资格（常委会组成人员须为本级人大代表）。")
        if deputy and starts_on and not self.errors:
            overlapping = CommitteeMembership.objects.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on),
                congress=self.congress,
                deputy=deputy,
            ).exclude(pk=self.instance.pk)
            if ends_on:
                overlapping = overlapping.filter(starts_on__lt=ends_on)
            if overlapping.exists():
                self.add_error("deputy", "该代表在这段时间内已有常委会职务，请先填写原职务的离任日期。")
        return data


class UnitForm(CongressForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "contact_person", "contact_phone", "is_active"]


class SubdistrictForm(CongressForm):
    class Meta:
        model = Subdistrict
        fields = ["name", "kind"]


class CommunityForm(CongressForm):
    class Meta:
        model = Community
        fields = ["subdistrict", "name"]


class StationForm(CongressForm):
    class Meta:
        model = Station
        fields = [
            "name",
            "level",
            "subdistrict",
            "community",
            "address",
            "opening_hours",
            "phone",
            "is_active",
        ]

    def __init__(self, *args, congress: Congress, **kwargs):
        super().__init__(*args, congress=congress, **kwargs)
        community = self.fields["community"]
        community.queryset = community.queryset.select_related("subdistrict")
        community.label_from_instance = lambda c: f"{c.subdistrict.name} / {c.name}"
        community.help_text = "社区（村）站必填，须属于所在街道"

    def clean(self):
        data = super().clean()
        level, subdistrict, community = data.get("level"), data.get("subdistrict"), data.get("community")
        if community and subdistrict and community.subdistrict_id != subdistrict.pk:
            self.add_error("community", f"“{community.name}”不属于“{subdistrict.name}”。")
        if level == Station.Level.COMMUNITY and not community and "community" not in self.errors:
            self.add_error("community", "社区（村）站须选择所在社区。")
        return data


class DelegationForm(CongressForm):
    class Meta:
        model = Delegation
        fields = ["name", "kind"]


class ConstituencyForm(CongressForm):
    class Meta:
        model = Constituency
        fields = ["name", "subdistrict"]


class StatusChangeForm(forms.Form):
    """Date and reason for a change of a deputy's seat; the verb comes from the button.

    A termination gives its legal ground; a resignation accepted and a recall give their vote.
    """

    REASON_EXAMPLES = {
        "suspend": "例如 因刑事案件被羁押正在受侦查、起诉、审判",
        "reinstate": "例如 暂停执行代表职务的情形已消失",
        "terminate": "例如 调离本行政区域",
        "accept_resignation": "例如 本人书面提出辞去代表职务",
        "recall": "例如 原选区选民提出罢免要求",
    }

    on = forms.DateField(label="日期", widget=DATE_WIDGET)
    reason = forms.CharField(label="原因", max_length=200)
    ground = forms.ChoiceField(label="法定事由", required=False)
    decision = forms.CharField(label="决定或公告", max_length=200, required=False)
    yes = forms.IntegerField(label="赞成票数", min_value=0, required=False)
    electorate = forms.IntegerField(
        label="全体人数",
        min_value=1,
        required=False,
        help_text="原选区选民总数，或选举单位全体代表（组成人员）人数",
    )

    VERB_FIELDS = {
        "terminate": ("ground", "decision"),
        "accept_resignation": ("yes", "decision"),
        "recall": ("yes", "electorate", "decision"),
    }

    def __init__(self, *args, verb: str, **kwargs):
        from registry.workflow import TERMINATE_GROUNDS

        kwargs.setdefault("auto_id", f"id_{verb}_%s")
        super().__init__(*args, **kwargs)
        self.verb = verb
        keep = {"on", "reason", *self.VERB_FIELDS.get(verb, ())}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "ground" in self.fields:
            self.fields["ground"].choices = [("", "请选择")] + TERMINATE_GROUNDS
            self.fields["ground"].required = True
        if "yes" in self.fields:
            self.fields["yes"].required = True
            if verb == "accept_resignation":
                self.fields[
                    "yes"
                ].help_text = "常委会表决赞成票数；须超过常委会全体组成人员的半数（系统按当日实有数计算）"
        if "electorate" in self.fields:
            self.fields["electorate"].required = True
        self.fields["reason"].widget.attrs["placeholder"] = self.REASON_EXAMPLES.get(verb, "")
        for field in self.fields.values():
            cls = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", cls)

    def clean_on(self):
        value = self.cleaned_data["on"]
        if value > today():
            raise forms.ValidationError("日期不能晚于今天。")
        return value

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError("请填写原因。")
        return value

    def workflow_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {"on": data["on"], "reason": data["reason"]}
        for name in self.VERB_FIELDS.get(self.verb, ()):
            kwargs[name] = data.get(name) if data.get(name) is not None else ""
        return kwargs


class PostForm(CongressForm):
    class Meta:
        model = Post
        fields = ["name", "kind", "is_single", "order"]

    unique_messages = {"post_name_unique": "已有同名职务“{existing}”。"}


class TakeOfficeForm(forms.Form):
    """Entering a holder by hand: a holder in office before the register was kept, or a decision
    recorded outside renda. Election results and the committee's 任免 enter themselves."""

    post = forms.ModelChoiceField(label="职务", queryset=Post.objects.none())
    person_name = forms.CharField(label="姓名", max_length=30, required=False, help_text="选择代表时可不填")
    deputy = forms.ModelChoiceField(
        label="代表",
        queryset=Deputy.objects.none(),
        required=False,
        help_text="常委会组成人员须选择本级人大代表",
    )
    starts_on = forms.DateField(label="任职日期", widget=DATE_WIDGET)
    basis = forms.ChoiceField(label="任职依据", choices=OfficeHolding.Basis.choices)
    decision = forms.CharField(label="任职决定", max_length=200, help_text="例如 区十七届人大一次会议选举")

    def __init__(self, *args, congress: Congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = Post.objects.filter(congress=congress)
        self.fields["deputy"].queryset = (
            Deputy.objects.filter(congress=congress)
            .select_related("term")
            .order_by("-term__number", "number")
        )
        self.fields["deputy"].label_from_instance = lambda d: f"{d.name}（{d.term}，{d.number}）"
        _style(self)

    def clean(self):
        data = super().clean()
        if not data.get("person_name") and not data.get("deputy"):
            raise forms.ValidationError("请填写姓名或选择代表。")
        return data


class LeaveOfficeForm(forms.Form):
    ends_on = forms.DateField(label="离任日期", widget=DATE_WIDGET)
    end_basis = forms.ChoiceField(label="离任依据", choices=OfficeHolding.EndBasis.choices)
    end_decision = forms.CharField(label="离任决定", max_length=200)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_leave_%s")
        super().__init__(*args, **kwargs)
        _style(self)


class OathForm(forms.Form):
    on = forms.DateField(label="宪法宣誓日期", widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_oath_%s")
        super().__init__(*args, **kwargs)
        _style(self)


class MapChangeForm(CongressForm):
    class Meta:
        model = MapChange
        fields = [
            "kind",
            "decision",
            "decided_on",
            "effective_on",
            "subdistrict",
            "station",
            "new_value",
            "note",
        ]
        widgets = {"decided_on": DATE_WIDGET, "effective_on": DATE_WIDGET}
        labels = {"new_value": "调整后名称（更名时填写）"}

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        station_kinds = (MapChange.Kind.STATION_OPENED, MapChange.Kind.STATION_CLOSED)
        if kind in station_kinds and not data.get("station"):
            self.add_error("station", "联络站建站、撤站须选择联络站。")
        if kind and kind not in station_kinds and not data.get("subdistrict"):
            self.add_error("subdistrict", "区划调整须选择街道（乡镇）。")
        return data


class ByElectionForm(DeputyForm):
    """补选: the new deputy's particulars; the term and the seat come from the vacancy."""

    on = forms.DateField(label="补选日期", widget=DATE_WIDGET)

    class Meta(DeputyForm.Meta):
        fields = [
            "number",
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "party",
            "occupation",
            "workplace",
            "id_number",
            "phone",
            "delegation",
            "constituency",
            "station",
        ]

    def __init__(self, *args, congress: Congress, vacated: Deputy, **kwargs):
        kwargs.setdefault("instance", Deputy(congress=congress, term=vacated.term, elected_on=today()))
        super().__init__(*args, congress=congress, **kwargs)
        self.fields["on"].widget.attrs.setdefault("class", "form-control")


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        cls = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", cls)


class StationEnterForm(forms.Form):
    """A deputy of this body or of a body above or below it enters a station (DOMAIN §5, §11)."""

    deputy = forms.ModelChoiceField(
        label="代表",
        queryset=Deputy.objects.none(),
        error_messages={"required": "请选择代表。", "invalid_choice": "请选择本级或上下级人大的在任代表。"},
    )
    starts_on = forms.DateField(
        label="进站日期",
        widget=DATE_WIDGET,
        initial=today,
        error_messages={"required": "请填写进站日期。", "invalid": "日期格式应为 2026-03-01。"},
    )

    def __init__(self, *args, body, **kwargs):
        from registry import bodies

        kwargs.setdefault("auto_id", "id_enter_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["deputy"]
        field.queryset = bodies.deputies_of_line(body)
        field.label_from_instance = lambda d: bodies.deputy_label(d, body)
        _style(self)


# --- The tree of bodies (DOMAIN §11): the system administrator's set-up ----------------------------


def _body_label(body: Congress) -> str:
    return f"{body.name}（{body.get_kind_display()}）"


class BodyForm(forms.Form):
    """A body of the tree: its names, kind, level and parent (checked by registry.rules in workflow.py)."""

    name = forms.CharField(
        label="名称",
        max_length=100,
        help_text="例如 东湖镇人民代表大会、东湖街道人大工作委员会",
        error_messages={"required": "请填写机构名称。"},
    )
    short_name = forms.CharField(label="简称", max_length=40, required=False, help_text="例如 东湖镇人大")
    region = forms.CharField(
        label="行政区划",
        max_length=100,
        help_text="例如 东湖镇",
        error_messages={"required": "请填写行政区划。"},
    )
    code = forms.SlugField(
        label="代码",
        max_length=40,
        help_text="英文字母、数字或连字符，例如 donghu-town；设立后不能更改",
        error_messages={
            "required": "请填写代码。",
            "invalid": "代码只能由英文字母、数字、连字符或下划线组成。",
        },
    )
    kind = forms.ChoiceField(
        label="机构类型",
        choices=Congress.Kind.choices,
        error_messages={"required": "请选择机构类型。", "invalid_choice": "请选择机构类型。"},
    )
    level = forms.ChoiceField(
        label="层级",
        choices=Congress.Level.choices,
        error_messages={"required": "请选择层级。", "invalid_choice": "请选择层级。"},
    )
    parent = forms.ModelChoiceField(
        label="上级机构",
        queryset=Congress.objects.none(),
        error_messages={
            "required": "请选择上级机构。",
            "invalid_choice": "请选择本机构或其下级机构作为上级。",
        },
    )

    def __init__(self, *args, parents, body: Congress | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = _body_label
        if body is not None:  # editing: the code stays; the parent may be the current one or none
            del self.fields["code"]
            self.fields["parent"].required = body.parent_id is not None
            self.fields["parent"].empty_label = "（无上级）"
        for name in ("name", "short_name", "region"):
            self.fields[name].strip = True
        _style(self)

    def clean(self):
        data = super().clean()
        for name in ("name", "short_name", "region"):
            value = data.get(name) or ""
            if any(ord(ch) < 32 for ch in value):
                self.add_error(name, "不能包含控制字符。")
        return data
