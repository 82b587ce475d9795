from __future__ import annotations

from django import forms

from core.pickers import ManyRecordsField
from meetings.models import AgendaItem, CongressSession, Meeting, Vote
from registry import rules as registry_rules


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
    reason = forms.CharField(label="原因", max_length=500)


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "kind"]


class VoteForm(forms.ModelForm):
    class Meta:
        model = Vote
        fields = ["title", "agenda_item", "secret", "method"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


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
            meeting.agenda_items.filter(votes__isnull=True)
            .exclude(kind__in=[AgendaItem.Kind.ELECTION, AgendaItem.Kind.PROJECT_BALLOT])
            .order_by("order")
        )
        self.fields["agenda_items"].label_from_instance = lambda item: f"{item.order}. {item.title}"
