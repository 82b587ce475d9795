"""Forms: every field checked with a Chinese message; nothing malformed reaches the workflow."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.cache import cache

from accounts.models import Role, User
from core.captcha import CaptchaFormMixin
from core.pickers import ManyRecordsField
from meetings.models import CongressSession, Meeting
from projects import rules
from projects.models import Evaluation, Project, ProjectBallot, Proposal, SupervisionActivity
from registry.models import Deputy, Subdistrict, Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Up to MAX_FILES JPEG/PNG/PDF files of at most 5 MB each, checked by content."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > rules.MAX_FILES:
            raise forms.ValidationError(f"最多上传 {rules.MAX_FILES} 个附件（本次选择了 {len(files)} 个）。")
        errors = []
        for upload in files:
            head = upload.read(16)
            upload.seek(0)
            problem = rules.file_problem(upload.name or "附件", upload.size or 0, head)
            if problem:
                errors.append(problem)
        if errors:
            raise forms.ValidationError(errors)
        return files


def subdistrict_choices(congress_id: int) -> list[tuple[int, str]]:
    """The congress's subdistricts, cached for a minute: the public form is the busiest page of a
    call and subdistricts change a few times a decade."""
    key = f"projects:subdistricts:{congress_id}"
    choices = cache.get(key)
    if choices is None:
        choices = list(
            Subdistrict.objects.filter(congress_id=congress_id).order_by("id").values_list("id", "name")
        )
        cache.set(key, choices, 60)
    return choices


def _text(label, max_length, *, required=True, widget=None, help_text=""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        help_text=help_text,
        error_messages={
            "required": f"请填写{label}。",
            "max_length": f"{label}不能超过 {max_length} 字（现为 %(show_value)d 字）。",
        },
    )


class ProposalForm(forms.Form):
    title = _text("标题", rules.TITLE_MAX, help_text="一句话概括您的建议，不超过 100 字")
    description = _text(
        "内容",
        rules.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="存在什么问题、建议怎么办，不超过 2000 字",
    )
    subdistrict = forms.TypedChoiceField(
        label="所在街道（乡镇）",
        coerce=int,
        error_messages={
            "required": "请选择所在街道（乡镇）。",
            "invalid_choice": "所选街道（乡镇）不存在，请重新选择。",
        },
    )
    location = _text("具体位置", 100, required=False, help_text="例如 某某路与某某路交叉口")
    category = forms.ChoiceField(
        label="类别",
        choices=[("", "请选择"), *rules.CATEGORIES.items()],
        error_messages={"required": "请选择类别。", "invalid_choice": "所选类别不存在，请重新选择。"},
    )
    name = _text("姓名", 30, required=False, help_text="可不填")
    mobile = forms.CharField(
        label="手机号码",
        max_length=20,
        help_text="必填，仅用于工作人员联系您，不会公开",
        error_messages={
            "required": "请填写手机号码。",
            "max_length": "手机号码格式不正确：请输入11位手机号码，例如 13800138000。",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    files = FilesField(label="附件", help_text="可选，最多 3 个 JPG/PNG 图片或 PDF 文件，每个不超过 5 MB")

    # The public form refuses active markup outright; staff entering a paper letter keep the text
    # as written. Either way every page escapes it.
    refuse_markup = True

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subdistrict"].choices = [("", "请选择"), *subdistrict_choices(congress.pk)]

    def _no_markup(self, name):
        value = self.cleaned_data[name]
        if "\x00" in value:
            raise forms.ValidationError("内容中含有无法识别的字符。")
        if self.refuse_markup and (problem := rules.markup_problem(value)):
            raise forms.ValidationError(problem)
        return value

    def clean_title(self):
        value = self._no_markup("title").strip()
        if not value:
            raise forms.ValidationError("请填写标题。")
        return value

    def clean_description(self):
        return self._no_markup("description")

    def clean_location(self):
        return self._no_markup("location")

    def clean_name(self):
        return self._no_markup("name").strip()

    def clean_mobile(self):
        value = self.cleaned_data["mobile"].strip().replace(" ", "").replace("-", "")
        if problem := rules.mobile_problem(value):
            raise forms.ValidationError(problem)
        return value


class PublicProposalForm(CaptchaFormMixin, ProposalForm):
    """The public form: the captcha is checked unless the guards are switched off (bench only)."""

    sms_opt_in = forms.BooleanField(
        label="短信通知我办理进展",
        required=False,
        help_text="勾选后，查询码和每次办理情况的变化将以短信发送到上面的手机号码。",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    field_order = [
        "title",
        "description",
        "subdistrict",
        "location",
        "category",
        "name",
        "mobile",
        "sms_opt_in",
        "files",
    ]

    def __init__(self, *args, guards: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not guards:
            del self.fields["captcha"]


class OnBehalfProposalForm(ProposalForm):
    refuse_markup = False
    station = forms.ModelChoiceField(label="代为提交的联络站", queryset=None, required=False)

    def __init__(self, *args, congress, stations, **kwargs):
        super().__init__(*args, congress=congress, **kwargs)
        self.fields["station"].queryset = stations
        if not stations.exists():
            del self.fields["station"]


class CallForm(forms.Form):
    year = forms.IntegerField(
        label="项目年度",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "请填写项目年度。",
            "invalid": "请填写四位年份。",
            "min_value": "年份不正确。",
            "max_value": "年份不正确。",
        },
    )
    title = _text("名称", 120)
    opens_on = forms.DateField(
        label="征集开始",
        widget=DATE,
        error_messages={"required": "请填写征集开始日期。", "invalid": "日期格式不正确。"},
    )
    closes_on = forms.DateField(
        label="征集截止",
        widget=DATE,
        error_messages={"required": "请填写征集截止日期。", "invalid": "日期格式不正确。"},
    )
    description = _text("征集说明", 2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=50)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *Proposal.Status.choices]
    )
    category = forms.ChoiceField(
        label="类别", required=False, choices=[("", "全部类别"), *rules.CATEGORIES.items()]
    )
    channel = forms.ChoiceField(
        label="来源", required=False, choices=[("", "全部来源"), *Proposal.Channel.choices]
    )
    subdistrict = forms.ModelChoiceField(
        label="街道", required=False, queryset=Subdistrict.objects.none(), empty_label="全部街道"
    )
    reserve_pool = forms.BooleanField(label="仅储备库", required=False)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subdistrict"].queryset = Subdistrict.objects.filter(congress=congress)


class MergeForm(forms.Form):
    into = forms.CharField(
        label="合并到（查询码）", max_length=20, error_messages={"required": "请填写要合并到的建议的查询码。"}
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label="未采纳原因",
        choices=[("", "请选择"), *rules.DECLINE_REASONS.items()],
        error_messages={"required": "请选择未采纳的原因。", "invalid_choice": "请选择列表中的原因。"},
    )
    note = _text("说明", 300, required=False)


class ProjectForm(forms.ModelForm):
    proposals = ManyRecordsField(
        label="来源建议",
        queryset=Proposal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Project
        fields = ["title", "content", "budget", "lead_unit", "target", "deadline"]
        widgets = {"deadline": DATE, "content": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "title": {"required": "请填写项目名称。", "max_length": "项目名称不能超过 60 字。"},
            "content": {"required": "请填写建设内容。"},
            "budget": {"required": "请填写投资估算。", "invalid": "投资估算应为数字（万元）。"},
            "lead_unit": {"required": "请选择牵头单位。"},
            "target": {"required": "请填写目标任务。"},
            "deadline": {"required": "请填写完成时限。", "invalid": "日期格式不正确。"},
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = Unit.objects.filter(congress=call.congress, is_active=True)
        self.fields["proposals"].queryset = call.proposals.filter(
            status__in=[Proposal.Status.SUBMITTED, Proposal.Status.TAKEN]
        ).order_by("created_at")
        self.fields["proposals"].label_from_instance = lambda p: f"{p.tracking_code} {p.title}"

    def clean_budget(self):
        value = self.cleaned_data["budget"]
        if value is not None and value < 0:
            raise forms.ValidationError("投资估算不能为负数。")
        return value


class SubmitCandidatesForm(forms.Form):
    session = forms.ModelChoiceField(
        label="提请的人代会会议",
        queryset=CongressSession.objects.none(),
        error_messages={"required": "请选择人代会会议。"},
    )

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = CongressSession.objects.filter(congress=congress)


def staff_users(congress):
    return (
        User.objects.filter(
            role_assignments__congress=congress,
            role_assignments__role=Role.STAFF,
            role_assignments__is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


class TellersForm(forms.Form):
    tellers = ManyRecordsField(
        label="计票人",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="纸质选票（含电子票决中另发的纸质选票）须指定两名工作人员，分别独立录入每一张选票",
        error_messages={
            "invalid_choice": "计票人须为本级人大的工作人员。",
            "invalid_pk_value": "计票人须为本级人大的工作人员。",
        },
    )

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        if "tellers" in self.fields:  # EvaluationForm drops it
            self.fields["tellers"].queryset = staff_users(congress)


class BallotForm(TellersForm):
    meeting = forms.ModelChoiceField(
        label="全体会议", queryset=Meeting.objects.none(), error_messages={"required": "请选择全体会议。"}
    )
    method = forms.ChoiceField(label="投票方式", choices=ProjectBallot.Method.choices)
    field_order = ["meeting", "method", "tellers"]

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, congress=congress, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            congress=congress, kind=Meeting.Kind.PLENARY
        ).exclude(status=Meeting.Status.CLOSED)


class EvaluationForm(BallotForm):
    method = forms.ChoiceField(label="测评方式", choices=Evaluation.Method.choices)
    tellers = None  # paper evaluation forms are entered as totals, not sheet by sheet


class CloseForm(forms.Form):
    ballots_issued = forms.IntegerField(label="发出票数", min_value=0, max_value=100000, required=False)
    ballots_returned = forms.IntegerField(label="收回票数", min_value=0, max_value=100000, required=False)
    # An electronic ballot or evaluation that handed out paper ones (issue_paper_ballot).
    paper_returned = forms.IntegerField(label="收回纸质票数", min_value=0, max_value=100000, required=False)


class SheetsForm(forms.Form):
    first = forms.IntegerField(
        label="从第几张开始",
        min_value=1,
        max_value=100000,
        error_messages={
            "required": "请填写起始选票编号。",
            "invalid": "选票编号应为整数。",
            "min_value": "选票编号从 1 开始。",
            "max_value": "选票编号过大。",
        },
    )
    sheets = forms.CharField(
        label="逐张录入选票",
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=200000,
        strip=False,  # line k is sheet first+k-1: leading lines must not shift
        error_messages={
            "required": "请录入选票，每行一张。",
            "max_length": "一次录入的内容过长，请分批录入。",
        },
    )


class MilestoneForm(forms.Form):
    title = _text("节点", 100)
    due_on = forms.DateField(
        label="计划完成日期",
        widget=DATE,
        error_messages={"required": "请填写计划完成日期。", "invalid": "日期格式不正确。"},
    )


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(
        label="实际完成日期",
        widget=DATE,
        error_messages={"required": "请填写实际完成日期。", "invalid": "日期格式不正确。"},
    )


class ReportForm(forms.Form):
    reported_on = forms.DateField(
        label="报告日期",
        widget=DATE,
        initial=dt.date.today,
        error_messages={"required": "请填写报告日期。", "invalid": "日期格式不正确。"},
    )
    percent = forms.IntegerField(
        label="完成进度（%）",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "请填写完成进度。",
            "invalid": "完成进度应为整数。",
            "min_value": "完成进度应为 0 至 100。",
            "max_value": "完成进度应为 0 至 100。",
        },
    )
    text = _text("进展情况", 3000, widget=forms.Textarea(attrs={"rows": 4}))
    spent = forms.DecimalField(
        label="累计完成投资（万元）",
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={
            "required": "请填写累计完成投资。",
            "invalid": "请填写数字。",
            "min_value": "不能为负数。",
        },
    )
    photos = FilesField(label="照片", help_text="可选，最多 3 个 JPG/PNG/PDF，每个不超过 5 MB")


class GroupForm(forms.Form):
    members = ManyRecordsField(
        label="成员",
        queryset=Deputy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择监督小组成员。"},
    )
    head = forms.ModelChoiceField(label="组长", queryset=Deputy.objects.none(), required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = choices
        self.fields["head"].queryset = choices
        self.fields["members"].label_from_instance = lambda d: f"{d.name}（{d.occupation or d.workplace}）"


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=SupervisionActivity.Kind.choices)
    held_on = forms.DateField(
        label="日期", widget=DATE, error_messages={"required": "请填写日期。", "invalid": "日期格式不正确。"}
    )
    participants = ManyRecordsField(
        label="参加代表", queryset=Deputy.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    findings = _text("发现的问题和意见", 3000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = choices


class ReplyForm(forms.Form):
    text = _text("答复内容", 3000, widget=forms.Textarea(attrs={"rows": 4}))


class TrackForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=20, error_messages={"required": "请输入查询码。"})
