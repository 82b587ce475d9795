from __future__ import annotations

import re

from django import forms

from accounts.models import Role, User
from core.pickers import ManyRecordsField, make_picker
from elections import rules as election_rules
from elections.models import Nomination, OfficeGroup, Round
from meetings.models import AgendaItem, Meeting
from registry.models import Deputy

SPLIT = re.compile(r"[\s,，、;；]+")


def split_names(text: str) -> list[str]:
    return [n for n in SPLIT.split(text or "") if n]


class ElectionForm(forms.Form):
    title = forms.CharField(label="名称", max_length=200)
    meeting = forms.ModelChoiceField(label="全体会议", queryset=Meeting.objects.none())
    agenda_item = forms.ModelChoiceField(label="议题", queryset=AgendaItem.objects.none(), required=False)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(congress=congress, kind=Meeting.Kind.PLENARY)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(
            meeting__congress=congress, kind=AgendaItem.Kind.ELECTION
        )

    def clean(self):
        data = super().clean()
        item = data.get("agenda_item")
        if item and data.get("meeting") and item.meeting_id != data["meeting"].pk:
            self.add_error("agenda_item", "议题不属于所选会议。")
        return data


class OfficeGroupForm(forms.Form):
    """One office on the ballot; only the categories the congress's kind elects are offered
    (elections.rules.office_choices: a township has 主席、副主席, no 常委会 posts)."""

    office = forms.ChoiceField(label="职位类别", choices=[])
    post = forms.CharField(label="职位名称", max_length=60, help_text="例如 常委会副主任")
    seats = forms.IntegerField(label="应选名额", min_value=1)
    extra = forms.IntegerField(
        label="差额数",
        min_value=0,
        required=False,
        help_text="选举办法规定的具体差额数；留空则只按法定范围检查",
    )
    write_in_rule = forms.ChoiceField(label="另选他人资格", choices=OfficeGroup.WriteInRule.choices)

    def __init__(self, *args, body_kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        office = self.fields["office"]
        office.choices = election_rules.office_choices(body_kind)
        office.error_messages["invalid_choice"] = election_rules.office_refusal(body_kind)
        self.fields["post"].help_text = election_rules.POST_EXAMPLES.get(body_kind, "")


class NominationForm(forms.Form):
    kind = forms.ChoiceField(label="提名方式", choices=Nomination.Kind.choices)
    names = forms.CharField(
        label="被提名人", widget=forms.Textarea(attrs={"rows": 2}), help_text="多个姓名用顿号、逗号或换行分隔"
    )
    nominators = forms.CharField(
        label="联名代表",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="代表联名提名时填写：代表证号或姓名，用顿号、逗号或换行分隔",
    )

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.congress = congress

    def clean_names(self):
        return split_names(self.cleaned_data["names"])

    def clean_nominators(self):
        found, unknown = [], []
        for token in split_names(self.cleaned_data.get("nominators", "")):
            matches = list(Deputy.objects.filter(congress=self.congress, number=token)) or list(
                Deputy.objects.filter(congress=self.congress, name=token)
            )
            if len(matches) != 1:
                unknown.append(token)
            elif matches[0] not in found:
                found.append(matches[0])
        if unknown:
            raise forms.ValidationError(f"找不到（或有重名，请填代表证号）：{'、'.join(unknown)}")
        return found

    def clean(self):
        data = super().clean()
        if data.get("kind") == Nomination.Kind.DEPUTIES and not data.get("nominators"):
            self.add_error("nominators", "代表联名提名须填写联名代表。")
        if data.get("kind") == Nomination.Kind.PRESIDIUM:
            data["nominators"] = []
        return data


class NominationEditForm(NominationForm):
    """Correct a nomination: its kind stays, names and co-signers are entered again, with a reason."""

    reason = forms.CharField(label="修改原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, nomination, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "kind": nomination.kind,
                "names": "、".join(nomination.names),
                "nominators": "、".join(d.number or d.name for d in nomination.nominators.all()),
            },
        )
        super().__init__(*args, congress=nomination.office_group.election.congress, **kwargs)
        self.fields["kind"].widget = forms.HiddenInput()
        self.fields["kind"].required = False
        self.kind = nomination.kind
        if nomination.kind == Nomination.Kind.PRESIDIUM:
            del self.fields["nominators"]

    def clean(self):
        self.cleaned_data["kind"] = self.kind
        return super().clean()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写原因。"},
    )


class RoundSetupForm(forms.Form):
    method = forms.ChoiceField(label="投票方式", choices=Round.Method.choices)
    scrutineers = ManyRecordsField(
        label="监票人",
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    tellers = ManyRecordsField(
        label="计票人",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="纸质选票须指定两名计票人",
    )

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scrutineers"].queryset = Deputy.objects.filter(congress=congress)
        make_picker(self.fields["scrutineers"], kind="deputy")
        self.fields["tellers"].queryset = User.objects.filter(
            role_assignments__congress=congress,
            role_assignments__role=Role.STAFF,
            role_assignments__is_active=True,
        ).distinct()


class SupplementaryCandidatesForm(forms.Form):
    candidates = ManyRecordsField(
        label="本轮候选人", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    new_names = forms.CharField(
        label="重新提名的候选人", required=False, help_text="多个姓名用顿号、逗号分隔"
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = group.candidates.all()

    def clean_new_names(self):
        return split_names(self.cleaned_data.get("new_names", ""))


class CloseRoundForm(forms.Form):
    ballots_issued = forms.IntegerField(label="发出选票", min_value=0)
    ballots_returned = forms.IntegerField(label="收回选票", min_value=0)


def marks_from(post, names: list[str]) -> tuple[dict[str, str], list[str]]:
    """Marks per candidate (fields mark_1, mark_2 … in ballot order) and the write-in fields."""
    marks = {name: post.get(f"mark_{i}", "abstain") for i, name in enumerate(names, start=1)}
    return marks, post.getlist("write_in")
