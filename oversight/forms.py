"""Forms: every POST is validated here with Chinese messages; malformed input never reaches the workflow."""

from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator

from meetings.models import Meeting, Vote
from oversight import queries
from oversight.models import (
    Activity,
    ActivityDocument,
    Appointment,
    Evaluation,
    Participant,
    SupervisionPlan,
)
from registry import bodies
from registry.models import Unit

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
FILE_TYPES = ["pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "jpg", "jpeg", "png"]
MAX_FILE = 20 * 1024 * 1024


def _file_field(label: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        validators=[FileExtensionValidator(FILE_TYPES)],
        help_text="PDF、OFD、Word、Excel 或图片，不超过 20MB",
    )


def _check_size(upload):
    if upload and upload.size > MAX_FILE:
        raise forms.ValidationError("文件不能超过 20MB。")
    return upload


class StyledMixin:
    """Bootstrap classes on every widget."""

    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput,)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class PlanForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = SupervisionPlan
        fields = ["year", "title", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("请填写正确的年度。")
        return year


class DateForm(StyledMixin, forms.Form):
    on = forms.DateField(label="日期", widget=DATE)

    def __init__(self, *args, label: str = "日期", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label
        self._style()


class ActivityForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "plan",
            "kind",
            "title",
            "unit",
            "lead",
            "description",
            "starts_on",
            "ends_on",
            "report_received_on",
            "revised_received_on",
            "sent_to_members_on",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "report_received_on": DATE,
            "revised_received_on": DATE,
            "sent_to_members_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = SupervisionPlan.objects.filter(congress=congress)
        self.fields["unit"].queryset = Unit.objects.filter(congress=congress, is_active=True)
        self._style()

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "结束日期不能早于开始日期。")
        report, revised, members = (
            data.get("report_received_on"),
            data.get("revised_received_on"),
            data.get("sent_to_members_on"),
        )
        if report and revised and revised < report:
            self.add_error("revised_received_on", "修改稿送交日期不能早于报告送交日期。")
        if revised and members and members < revised:
            self.add_error("sent_to_members_on", "印发组成人员日期不能早于修改稿送交日期。")
        return data


class MeetingChoiceForm(StyledMixin, forms.Form):
    meeting = forms.ModelChoiceField(
        label="常委会会议",
        queryset=Meeting.objects.none(),
        error_messages={"invalid_choice": "请选择列表中的常委会会议。"},
    )

    def __init__(self, *args, congress, open_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = queries.committee_meetings(congress, open_only=open_only)
        self._style()


class ParticipantForm(StyledMixin, forms.Form):
    deputy = forms.ModelChoiceField(
        label="代表", queryset=None, error_messages={"invalid_choice": "请选择本级或上下级人大的在任代表。"}
    )
    role = forms.ChoiceField(label="身份", choices=Participant.Role.choices)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = bodies.deputies_of_line(congress)
        self.fields["deputy"].label_from_instance = lambda d: bodies.deputy_label(d, congress)
        self._style()


class DocumentForm(StyledMixin, forms.ModelForm):
    file = _file_field("文件")

    class Meta:
        model = ActivityDocument
        fields = ["kind", "title", "file", "received_on"]
        widgets = {"received_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_file(self):
        return _check_size(self.cleaned_data.get("file"))


class OpinionsForm(StyledMixin, forms.Form):
    unit = forms.ModelChoiceField(
        label="送交机关", queryset=None, error_messages={"invalid_choice": "请选择列表中的机关。"}
    )
    title = forms.CharField(label="标题", max_length=200)
    content = forms.CharField(label="审议意见", widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(congress=congress, is_active=True)
        self._style()


class SendForm(StyledMixin, forms.Form):
    on = forms.DateField(label="送交日期", widget=DATE)
    resolution_due = forms.DateField(
        label="决议规定的期限（如有）",
        required=False,
        widget=DATE,
        help_text="常委会决议自行规定报送期限时填写；否则按本地设置的月数计算",
    )
    resolution_ref = forms.CharField(label="决议名称", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class HandlingReportForm(StyledMixin, forms.Form):
    content = forms.CharField(label="研究处理情况", widget=forms.Textarea(attrs={"rows": 10}))
    file = _file_field("报告文件")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_file(self):
        return _check_size(self.cleaned_data.get("file"))


class ReasonForm(StyledMixin, forms.Form):
    reason = forms.CharField(label="理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class NoteForm(StyledMixin, forms.Form):
    note = forms.CharField(
        label="意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class EvaluationForm(MeetingChoiceForm):
    method = forms.ChoiceField(label="测评方式", choices=Evaluation.Method.choices)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, congress=congress, open_only=True, **kwargs)
        self._style()


class EvaluationCountsForm(StyledMixin, forms.Form):
    satisfied = forms.IntegerField(label="满意", min_value=0, max_value=10000)
    basically_satisfied = forms.IntegerField(label="基本满意", min_value=0, max_value=10000)
    dissatisfied = forms.IntegerField(label="不满意", min_value=0, max_value=10000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CastEvaluationForm(forms.Form):
    choice = forms.ChoiceField(
        label="测评意见",
        choices=Evaluation.Grade.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择满意、基本满意或不满意。",
            "invalid_choice": "请选择满意、基本满意或不满意。",
        },
    )


class AppointmentForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Appointment
        fields = [
            "kind",
            "requesting_unit",
            "requested_by",
            "person_name",
            "gender",
            "birth_date",
            "post",
            "cv",
            "reasons",
            "received_on",
        ]
        widgets = {
            "birth_date": DATE,
            "received_on": DATE,
            "cv": forms.Textarea(attrs={"rows": 5}),
            "reasons": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requesting_unit"].queryset = Unit.objects.filter(congress=congress, is_active=True)
        self._style()


class ScheduleForm(MeetingChoiceForm):
    late_reason = forms.CharField(
        label="逾期提请说明", max_length=300, required=False, help_text="提请材料未按本地规定提前送达时填写"
    )

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, congress=congress, open_only=True, **kwargs)
        self._style()


class PutToVoteForm(StyledMixin, forms.Form):
    method = forms.ChoiceField(label="表决方式", choices=Vote.Method.choices)
    secret = forms.BooleanField(label="无记名表决", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class PaperCountsForm(StyledMixin, forms.Form):
    yes = forms.IntegerField(label="赞成", min_value=0, max_value=10000)
    no = forms.IntegerField(label="反对", min_value=0, max_value=10000)
    abstain = forms.IntegerField(label="弃权", min_value=0, max_value=10000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class RegisterFilterForm(StyledMixin, forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label="提请机关", queryset=None, required=False)
    kind = forms.ChoiceField(label="类别", choices=[("", "全部")] + Appointment.Kind.choices, required=False)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(congress=congress)
        self._style()


class ActivityFilterForm(StyledMixin, forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="类型", choices=[("", "全部")] + Activity.Kind.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
