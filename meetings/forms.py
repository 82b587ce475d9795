from __future__ import annotations

from django import forms

from core.pickers import ManyRecordsField
from meetings.models import AgendaItem, CongressSession, Meeting, Vote
from registry import queries as registry_queries
from registry import rules as registry_rules
from registry.models import Deputy


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "session", "number", "title", "starts_at", "location"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        }

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.congress = congress
        self.fields["session"].queryset = CongressSession.objects.filter(congress=congress)
        # A township congress has no standing committee (its 主席团 meets between sessions); a working
        # body holds none of these meetings (DOMAIN §11).
        allowed = registry_rules.meeting_kinds(getattr(congress, "kind", registry_rules.CONGRESS))
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if not c[0] or c[0] in allowed]
        if not registry_rules.holds_sessions(getattr(congress, "kind", registry_rules.CONGRESS)):
            del self.fields["session"]  # a working body holds no session of its own

    def clean(self):
        data = super().clean()
        kind, session = data.get("kind"), data.get("session")
        if (
            kind
            and Meeting.BODY_OF_KIND[kind] in (Meeting.Body.CONGRESS, Meeting.Body.PRESIDIUM)
            and not session
        ):
            self.add_error("session", "预备会议、全体会议和主席团会议须选择所属人代会会议。")
        if kind == Meeting.Kind.PRESIDIUM_MEETING and session and not session.presidium.exists():
            self.add_error("session", "该次人代会会议尚未登记主席团成员。")
        return data


class MeetingEditForm(forms.ModelForm):
    """Title, time and place, corrected before the meeting opens; the reason goes to the audit log."""

    reason = forms.CharField(label="修改原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "location"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="原因",
        max_length=500,
        error_messages={"required": "请填写原因。", "max_length": "原因不能超过500字。"},
    )


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "kind", "in_writing"]


class VoteForm(forms.ModelForm):
    class Meta:
        model = Vote
        fields = ["title", "agenda_item", "secret", "method"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        # A report distributed in writing (书面印发) is not voted on.
        self.fields["agenda_item"].queryset = meeting.agenda_items.filter(in_writing=False)


class LeaveForm(forms.Form):
    reason = forms.CharField(label="请假事由", max_length=200)


class PaperCountsForm(forms.Form):
    yes = forms.IntegerField(label="赞成", min_value=0, max_value=100000)
    no = forms.IntegerField(label="反对", min_value=0, max_value=100000)
    abstain = forms.IntegerField(label="弃权", min_value=0, max_value=100000)

    def __init__(self, *args, vote, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote = vote

    def clean(self):
        data = super().clean()
        if (
            all(isinstance(data.get(k), int) for k in ("yes", "no", "abstain"))
            and self.vote.present is not None
        ):
            total = data["yes"] + data["no"] + data["abstain"]
            if total > self.vote.present:
                raise forms.ValidationError(
                    f"赞成、反对、弃权之和（{total}）不能大于出席人数（{self.vote.present}）。"
                )
        return data


class CastForm(forms.Form):
    choice = forms.ChoiceField(
        choices=Vote.Choice.choices,
        error_messages={"required": "请选择赞成、反对或弃权。", "invalid_choice": "请选择赞成、反对或弃权。"},
    )


class ScanForm(forms.Form):
    token = forms.CharField(label="扫描代表二维码", max_length=500)


class VotesFromAgendaForm(forms.Form):
    """按议程创建表决: several votes in one step, one per chosen agenda item, titled as the item."""

    agenda_items = ManyRecordsField(
        label="议题",
        queryset=AgendaItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一项议题。", "invalid_choice": "所选议题不属于本次会议。"},
    )
    secret = forms.BooleanField(label="无记名表决", required=False, initial=True)
    method = forms.ChoiceField(
        label="表决方式",
        choices=Vote.Method.choices,
        initial=Vote.Method.ELECTRONIC,
        error_messages={"required": "请选择表决方式。", "invalid_choice": "表决方式无效。"},
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        # Items that have no vote yet (a second vote on an item is made one by one); elections and
        # project ballots have their own ballots.
        self.fields["agenda_items"].queryset = (
            meeting.agenda_items.filter(votes__isnull=True, in_writing=False)
            .exclude(kind__in=[AgendaItem.Kind.ELECTION, AgendaItem.Kind.PROJECT_BALLOT])
            .order_by("order")
        )
        self.fields["agenda_items"].label_from_instance = lambda item: f"{item.order}. {item.title}"


class PresidiumForm(forms.Form):
    """选举主席团: the members of a session's 主席团 and, at a township, its 主席 and 副主席."""

    members = ManyRecordsField(
        label="主席团成员",
        queryset=Deputy.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10, "class": "form-control"}),
        error_messages={"required": "请选择主席团成员。", "invalid_choice": "所选代表不是本级人大代表。"},
    )
    chair = forms.ModelChoiceField(
        label="主席",
        queryset=Deputy.objects.none(),
        required=False,
        error_messages={"invalid_choice": "所选代表不是本级人大代表。"},
    )
    vice_chairs = ManyRecordsField(
        label="副主席",
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4, "class": "form-control"}),
        error_messages={"invalid_choice": "所选代表不是本级人大代表。"},
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        deputies = registry_queries.deputies_holding_seat(session.congress, session.starts_on).order_by(
            "number"
        )
        for name in ("members", "chair", "vice_chairs"):
            self.fields[name].queryset = deputies
            self.fields[name].label_from_instance = lambda d: f"{d.number} {d.name}"
        self.fields["chair"].widget.attrs["class"] = "form-control"


class ConveneForm(forms.Form):
    """召集下一次会议: the 主席团's decision (a vote it passed), the date and the agenda."""

    vote = forms.ModelChoiceField(
        label="主席团表决",
        queryset=Vote.objects.none(),
        error_messages={
            "required": "请选择主席团通过的表决事项。",
            "invalid_choice": "所选表决不属于本次会议或尚未通过。",
        },
    )
    starts_on = forms.DateField(
        label="开幕日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写下一次会议的开幕日期。", "invalid": "日期格式应为 年-月-日。"},
    )
    agenda = forms.CharField(
        label="建议议程（每行一项）",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请至少列出一项建议议程。", "max_length": "议程不能超过 5000 字。"},
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vote"].queryset = meeting.votes.filter(status=Vote.Status.CLOSED, passed=True)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def agenda_lines(self) -> list[str]:
        return [line.strip()[:300] for line in self.cleaned_data["agenda"].splitlines() if line.strip()]


class GuestForm(forms.Form):
    name = forms.CharField(
        label="姓名",
        max_length=50,
        error_messages={"required": "请填写嘉宾姓名。", "max_length": "姓名不能超过 50 字。"},
    )
    unit = forms.CharField(
        label="单位及职务",
        max_length=100,
        error_messages={"required": "请填写嘉宾的单位。", "max_length": "单位及职务不能超过 100 字。"},
    )


class GuestEditForm(GuestForm):
    """Correct a guest before the meeting opens; the reason goes into the audit log."""

    reason = forms.CharField(
        label="修改原因",
        max_length=500,
        error_messages={"required": "请填写修改嘉宾信息的原因。", "max_length": "原因不能超过500字。"},
    )


class GuestRemoveForm(forms.Form):
    reason = forms.CharField(
        label="删除原因",
        max_length=500,
        error_messages={"required": "请填写删除嘉宾的原因。", "max_length": "原因不能超过500字。"},
    )
