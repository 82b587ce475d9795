"""Forms for suggestions: every choice list is limited to the congress being worked in."""

from __future__ import annotations

import os

from django import forms

from accounts.models import Role, User
from core import congress_settings
from core.pickers import ManyRecordsField, make_picker
from registry.models import Deputy, Unit
from suggestions import documents, rules
from suggestions.models import (
    Contact,
    Feedback,
    FollowUpReview,
    LetterTemplate,
    Suggestion,
    SupervisionNote,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_UPLOAD = 10 * 1024 * 1024
ALLOWED_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".doc", ".docx"}
# The first bytes of each allowed type, so a renamed .exe is refused.
MAGIC = {
    ".pdf": [b"%PDF"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".png": [b"\x89PNG"],
    ".gif": [b"GIF8"],
    ".webp": [b"RIFF"],
    ".doc": [b"\xd0\xcf\x11\xe0"],
    ".docx": [b"PK\x03\x04"],
}


def check_upload(f) -> None:
    """PDF, images or Word, at most 10 MB, contents matching the extension."""
    ext = os.path.splitext(f.name or "")[1].lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise forms.ValidationError("只能上传 PDF、图片（JPG/PNG/GIF/WEBP）或 Word 文件。")
    if f.size > MAX_UPLOAD:
        raise forms.ValidationError("文件不能超过10MB。")
    head = f.read(8)
    f.seek(0)
    if not any(head.startswith(m) for m in MAGIC[ext]):
        raise forms.ValidationError("文件内容与扩展名不符，请检查后重新上传。")


def _with_bootstrap(form):
    for field in form.fields.values():
        w = field.widget
        if isinstance(w, forms.CheckboxInput):
            w.attrs.setdefault("class", "form-check-input")
        elif isinstance(w, (forms.Select, forms.SelectMultiple)):
            w.attrs.setdefault("class", "form-select")
        else:
            w.attrs.setdefault("class", "form-control")


class BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _with_bootstrap(self)


class CongressForm(forms.Form):
    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.congress = congress
        self.setup()
        _with_bootstrap(self)

    def setup(self):
        pass


def category_field(congress, required=False):
    cats = rules.SETTINGS.value(congress, "categories")
    return forms.ChoiceField(label="类别", required=required, choices=[("", "—")] + [(c, c) for c in cats])


class NewForm(CongressForm):
    kind = forms.ChoiceField(label="类型", choices=Suggestion.Kind.choices)
    lead_deputy = forms.ModelChoiceField(
        label="领衔代表", queryset=Deputy.objects.none(), required=False, help_text="工作人员代代表录入时选择"
    )
    title = forms.CharField(label="标题", max_length=200)
    content = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 8}))

    def setup(self):
        self.fields["lead_deputy"].queryset = Deputy.objects.filter(congress=self.congress, status="serving")
        self.fields["category"] = category_field(self.congress)


class DraftForm(CongressForm):
    title = forms.CharField(label="标题", max_length=200)
    content = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 10}))
    session = forms.ModelChoiceField(
        label="会议", required=False, queryset=None, help_text="大会期间提出的选择会议；闭会期间提出的留空"
    )
    co_signers = ManyRecordsField(
        label="附议代表",
        required=False,
        queryset=Deputy.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    motion_reason = forms.CharField(label="案由", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    motion_basis = forms.CharField(label="案据", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    motion_plan = forms.CharField(label="方案", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def setup(self):
        from meetings.models import CongressSession

        self.fields["session"].queryset = CongressSession.objects.filter(congress=self.congress)
        self.fields["co_signers"].queryset = Deputy.objects.filter(congress=self.congress, status="serving")
        make_picker(self.fields["co_signers"], kind="deputy")
        self.fields["category"] = category_field(self.congress)


class AttachmentForm(BootstrapForm):
    file = forms.FileField(label="附件")

    def clean_file(self):
        f = self.cleaned_data["file"]
        check_upload(f)
        return f


class ReasonForm(BootstrapForm):
    reason = forms.CharField(label="理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class RegisterForm(BootstrapForm):
    number = forms.IntegerField(
        label="编号", min_value=1, max_value=99999, required=False, help_text="留空则自动取本年度下一个编号"
    )


class DecideForm(BootstrapForm):
    decision = forms.ChoiceField(label="主席团决定", choices=Suggestion.PresidiumDecision.choices)
    decided_on = forms.DateField(label="决定日期", required=False, widget=DATE)


class MergeForm(BootstrapForm):
    into = forms.IntegerField(label="并入的建议（内部编号）")


class AssignForm(CongressForm):
    mode = forms.ChoiceField(label="办理方式", choices=Suggestion.Mode.choices)
    units = ManyRecordsField(
        label="承办单位（独办/分办/主办）",
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    assisting_units = ManyRecordsField(
        label="协办单位",
        required=False,
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    assigned_on = forms.DateField(label="交办日期", widget=DATE)
    assignment_meeting = forms.CharField(label="交办会", max_length=100, required=False)

    def setup(self):
        qs = Unit.objects.filter(congress=self.congress, is_active=True)
        self.fields["units"].queryset = qs
        self.fields["assisting_units"].queryset = qs
        make_picker(self.fields["units"], kind="unit")
        make_picker(self.fields["assisting_units"], kind="unit")


class ContactForm(BootstrapForm):
    contacted_on = forms.DateField(label="沟通日期", widget=DATE)
    form = forms.ChoiceField(label="方式", choices=Contact.Form.choices)
    content = forms.CharField(label="内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class OpinionForm(BootstrapForm):
    opinion = forms.CharField(label="协办意见", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class ReplyForm(BootstrapForm):
    category = forms.ChoiceField(label="答复分类")
    content = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 8}))
    signed_by = forms.CharField(label="签发人（单位负责人）", max_length=30)
    letter = forms.FileField(label="答复函（盖章扫描件或 Word）", required=False)
    is_public = forms.BooleanField(label="可公开", required=False, initial=True)

    def __init__(self, *args, scheme="ABCD", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = rules.category_choices(scheme)
        self.fields["category"].widget.attrs["class"] = "form-select"

    def clean_letter(self):
        f = self.cleaned_data.get("letter")
        if f:
            check_upload(f)
        return f


class FeedbackForm(BootstrapForm):
    rating = forms.ChoiceField(label="评价", choices=Feedback.Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("rating") == Feedback.Rating.DISSATISFIED and not (data.get("comment") or "").strip():
            self.add_error("comment", "选择不满意时，请写明理由。")
        return data


class RehandleForm(BootstrapForm):
    assigned_on = forms.DateField(label="重新交办日期", widget=DATE)


class PriorityForm(CongressForm):
    supervising_leader = forms.ModelChoiceField(
        label="督办领导", queryset=User.objects.none(), required=False
    )
    is_priority = forms.BooleanField(label="列为重点督办", required=False, initial=True)

    def setup(self):
        self.fields["supervising_leader"].queryset = User.objects.filter(
            role_assignments__congress=self.congress,
            role_assignments__role=Role.LEADER,
            role_assignments__is_active=True,
        ).distinct()


class CorrectForm(CongressForm):
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "请填写年度。", "invalid": "年度应为四位数字。"},
    )
    session = forms.ModelChoiceField(
        label="提出建议的会议",
        queryset=None,
        required=False,
        empty_label="闭会期间",
        error_messages={"invalid_choice": "请选择本级人民代表大会的会议。"},
    )
    reason = forms.CharField(
        label="更正理由",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写更正理由。"},
    )

    def setup(self):
        from meetings.models import CongressSession

        self.fields["session"].queryset = CongressSession.objects.filter(
            congress=self.congress
        ).select_related("congress", "term")


class SuperviseForm(BootstrapForm):
    kind = forms.ChoiceField(label="形式", choices=SupervisionNote.Kind.choices)
    held_on = forms.DateField(label="日期", widget=DATE)
    content = forms.CharField(label="内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpForm(BootstrapForm):
    outcome = forms.ChoiceField(label="落实情况", choices=FollowUpReview.Outcome.choices)
    reviewed_on = forms.DateField(label="检查日期", widget=DATE)
    note = forms.CharField(
        label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(BootstrapForm):
    note = forms.CharField(label="说明", required=False, max_length=500)


class SettingsForm(
    congress_settings.settings_form(rules.SETTINGS, congress_settings.CALENDAR, base=BootstrapForm)
):
    """The 本地设置 page: this app's local rules, the holiday calendar and the reply-letter template."""

    letter_template = forms.CharField(
        label="答复函模板",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="可用占位符：{{区人大}} {{年度}} {{编号}} {{领衔代表}} {{标题}} {{答复内容}} {{答复分类}} {{承办单位}} {{日期}}",
    )

    def __init__(self, *args, congress, **kwargs):
        template = LetterTemplate.objects.filter(congress=congress).first()
        body = template.body if template else documents.DEFAULT_LETTER_TEMPLATE
        kwargs["initial"] = {"letter_template": body, **kwargs.get("initial", {})}
        super().__init__(*args, congress=congress, **kwargs)

    def save(self, *, actor, request=None) -> None:
        """Settings, calendar and letter template in one transaction and one audit entry."""
        body = self.cleaned_data["letter_template"].strip()

        def save_letter_template(locked) -> dict:
            current = LetterTemplate.objects.select_for_update().filter(congress=locked).first()
            old = current.body if current else ""
            if not body or body == old:
                return {}
            LetterTemplate.objects.update_or_create(congress=locked, defaults={"body": body})
            return {"letter_template": [old, body]}

        congress_settings.save_sections(
            self.congress,
            self.stored,
            actor=actor,
            request=request,
            note="代表建议本地设置",
            also=save_letter_template,
        )
