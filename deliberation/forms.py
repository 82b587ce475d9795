from __future__ import annotations

from django import forms
from django.db.models import Q

from core.pickers import ManyRecordsField
from deliberation.models import DiscussionGroup, Speech
from registry.models import Deputy


def _deputy_label(deputy: Deputy) -> str:
    return f"{deputy.name}（{deputy.number}）"


def _deputies(congress, meeting):
    """Serving deputies of the congress and, at a working body's deputies' meeting, the deputies
    of every level listed there (meetings.workflow.stationed_deputies)."""
    where = Q(congress=congress, status=Deputy.Status.SERVING)
    if meeting is not None:
        where |= Q(pk__in=meeting.attendances.values("deputy_id"))
    return Deputy.objects.filter(where).order_by("number")


class GroupForm(forms.ModelForm):
    members = ManyRecordsField(
        label="成员",
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = DiscussionGroup
        fields = ["name", "convenor", "room"]

    def __init__(self, *args, congress, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        deputies = _deputies(congress, meeting)
        for name in ("convenor", "members"):
            self.fields[name].queryset = deputies
            self.fields[name].label_from_instance = _deputy_label
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class MembersForm(forms.Form):
    members = ManyRecordsField(label="增加成员", queryset=Deputy.objects.none())

    def __init__(self, *args, congress, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        field.queryset = _deputies(congress, meeting)
        field.label_from_instance = _deputy_label
        field.widget.attrs.update({"class": "form-control", "size": 6})


class SpeechForm(forms.ModelForm):
    class Meta:
        model = Speech
        fields = ["deputy", "agenda_item", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = group.members.order_by("number")
        self.fields["deputy"].label_from_instance = _deputy_label
        self.fields["agenda_item"].queryset = group.meeting.agenda_items.all()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class OpinionForm(forms.Form):
    text = forms.CharField(
        label="审议意见", max_length=50000, widget=forms.Textarea(attrs={"rows": 20, "class": "form-control"})
    )


class RemarkForm(forms.Form):
    summary = forms.CharField(
        label="发言内容",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
        error_messages={"required": "请填写发言内容。", "max_length": "发言内容不能超过 4000 字。"},
    )
