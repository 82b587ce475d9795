from __future__ import annotations

from django import forms

from core.pickers import ManyRecordsField
from materials.models import Answer, Consultation, Material, MaterialVersion
from registry.models import Deputy


class _Styled:
    def style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class UploadForm(_Styled, forms.Form):
    title = forms.CharField(label="材料名称", max_length=200)
    agenda_item = forms.ModelChoiceField(
        label="议题", queryset=None, required=False, empty_label="（整个会议）"
    )
    stage = forms.ChoiceField(label="稿次", choices=MaterialVersion.Stage.choices)
    audience = forms.ChoiceField(label="发送范围", choices=Material.Audience.choices)
    confidentiality = forms.ChoiceField(
        label="密级", choices=Material.Confidentiality.choices, initial=Material.Confidentiality.INTERNAL
    )
    distributed_in_writing = forms.BooleanField(label="书面印发", required=False)
    withdraw_on_close = forms.BooleanField(label="散会后收回（内部材料）", required=False, initial=True)
    release_at = forms.DateTimeField(
        label="发布时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    file = forms.FileField(label="文件（PDF 或 .docx）")

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.style()


class VersionForm(_Styled, forms.Form):
    stage = forms.ChoiceField(label="稿次", choices=MaterialVersion.Stage.choices)
    note = forms.CharField(label="修改说明", max_length=500, required=False)
    file = forms.FileField(label="文件（PDF 或 .docx）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class AnnotationForm(_Styled, forms.Form):
    page = forms.IntegerField(label="页码", min_value=1, max_value=100000, initial=1)
    quote = forms.CharField(
        label="所涉段落（摘录原文，可不填）",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(label="批注", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class ConsultationForm(_Styled, forms.Form):
    title = forms.CharField(label="名称", max_length=200)
    subject = forms.ChoiceField(label="类别", choices=Consultation.Subject.choices)
    text = forms.CharField(
        label="征求意见稿正文",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="每段一行，代表可逐段提出意见",
        max_length=100000,
    )
    deadline = forms.DateTimeField(
        label="截止时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    all_deputies = forms.BooleanField(label="向全体代表征求", required=False, initial=True)
    deputies = ManyRecordsField(
        label="征求对象（不向全体代表征求时选择）",
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["deputies"]
        field.queryset = Deputy.objects.filter(congress=congress, status=Deputy.Status.SERVING).order_by(
            "number"
        )
        field.label_from_instance = lambda d: f"{d.name}（{d.number}）"
        self.style()


class AnswerForm(_Styled, forms.Form):
    paragraph = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    text = forms.CharField(label="意见", max_length=3000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class HandlingForm(_Styled, forms.Form):
    handling = forms.ChoiceField(label="处理情况", choices=Answer.Handling.choices)
    reason = forms.CharField(label="说明", max_length=1000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()
