"""Forms: every message in Chinese; malformed input is a form error, never a 500."""

from __future__ import annotations

import os

from django import forms

from performance import rules
from performance.models import PerformanceEntry

ALLOWED_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx"}
MAX_UPLOAD = 10 * 1024 * 1024
GRADE_CHOICES = [("", "全部等次")] + list(rules.GRADE_LABELS.items())


class RankingFilterForm(forms.Form):
    year = forms.IntegerField(
        label="年度",
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    delegation = forms.TypedChoiceField(
        label="代表团（组）",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    grade = forms.ChoiceField(
        label="等次",
        required=False,
        choices=GRADE_CHOICES,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[
            (k, f"按{v}")
            for k, v in {
                "score": "积分",
                "number": "代表证号",
                **{k: v[0] for k, v in rules.ITEMS.items()},
            }.items()
        ],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, delegations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].choices = [("", "全部代表团（组）")] + [(d.pk, d.name) for d in delegations]


class EntryForm(forms.ModelForm):
    class Meta:
        model = PerformanceEntry
        fields = ["kind", "date", "title", "note", "evidence"]
        widgets = {
            "kind": forms.Select(attrs={"class": "form-select"}),
            "date": forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
            "title": forms.TextInput(attrs={"class": "form-control"}),
            "note": forms.Textarea(attrs={"class": "form-control", "rows": 3}),
            "evidence": forms.ClearableFileInput(attrs={"class": "form-control"}),
        }
        error_messages = {
            "kind": {"required": "请选择类型。", "invalid_choice": "请选择列表中的类型。"},
            "date": {"required": "请填写日期。", "invalid": "日期格式不正确，例如 2026-11-22。"},
            "title": {"required": "请填写事项。", "max_length": "事项不能超过200字。"},
            "note": {"max_length": "备注不能超过2000字。"},
        }

    def __init__(self, *args, year_range=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.year_range = year_range

    def clean_title(self):
        title = (self.cleaned_data.get("title") or "").strip()
        if not title:
            raise forms.ValidationError("请填写事项。")
        return title

    def clean_date(self):
        date = self.cleaned_data.get("date")
        if (
            date is not None
            and self.year_range is not None
            and not self.year_range[0] <= date <= self.year_range[1]
        ):
            raise forms.ValidationError("日期应在代表任期内，且不晚于今天。")
        return date

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload and hasattr(upload, "size"):
            if os.path.splitext(upload.name)[1].lower() not in ALLOWED_EXTENSIONS:
                raise forms.ValidationError("佐证材料只能是 PDF、图片（JPG、PNG）或 Word 文件。")
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError("佐证材料不能超过 10MB。")
        return upload


class ScoringForm(forms.Form):
    """The scoring table: base, grade bands, and points and cap per item (points may have one decimal)."""

    base = forms.IntegerField(
        label="基础分",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "请填写基础分。",
            "invalid": "基础分应为整数。",
            "min_value": "基础分不能小于0。",
            "max_value": "基础分不能大于100。",
        },
    )
    good_min = forms.IntegerField(
        label="“好”的分数线（含）",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "请填写分数线。",
            "invalid": "分数线应为整数。",
            "min_value": "分数线不能小于0。",
            "max_value": "分数线不能大于100。",
        },
    )
    fair_min = forms.IntegerField(
        label="“较好”的分数线（含）",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "请填写分数线。",
            "invalid": "分数线应为整数。",
            "min_value": "分数线不能小于0。",
            "max_value": "分数线不能大于100。",
        },
    )

    def __init__(self, *args, table: rules.Table, **kwargs):
        initial = {"base": table.base, "good_min": table.good_min, "fair_min": table.fair_min}
        for item in table.items:
            initial[f"points_{item.key}"] = rules.format_tenths(item.points)
            initial[f"cap_{item.key}"] = rules.format_tenths(item.cap)
        super().__init__(*args, initial=initial, **kwargs)
        self.table = table
        for key, (label, unit, _source) in rules.ITEMS.items():
            self.fields[f"points_{key}"] = forms.CharField(
                label=f"{label}（每{unit}）",
                max_length=10,
                error_messages={"required": f"请填写“{label}”的分值。"},
            )
            self.fields[f"cap_{key}"] = forms.CharField(label=f"{label}上限", max_length=10, required=False)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def rows(self):
        return [
            (key, label, unit, source, self[f"points_{key}"], self[f"cap_{key}"])
            for key, (label, unit, source) in rules.ITEMS.items()
        ]

    def clean(self):
        data = super().clean()
        items = []
        for key, (label, _unit, _source) in rules.ITEMS.items():
            points = cap = None
            try:
                points = rules.parse_tenths(data.get(f"points_{key}", ""))
            except ValueError as error:
                self.add_error(f"points_{key}", f"“{label}”分值：{error}")
            raw_cap = (data.get(f"cap_{key}") or "").strip()
            if raw_cap:
                try:
                    cap = rules.parse_tenths(raw_cap)
                except ValueError as error:
                    self.add_error(f"cap_{key}", f"“{label}”上限：{error}")
            items.append(rules.Item(key, points or 0, cap))
        if self.errors:
            return data
        table = rules.Table(
            base=data["base"],
            good_min=data["good_min"],
            fair_min=data["fair_min"],
            items=tuple(items),
            version=self.table.version,
        )
        for problem in rules.table_problems(table):
            self.add_error(None, problem)
        data["table"] = table
        return data


class PublishForm(forms.Form):
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "请填写年度。",
            "invalid": "年度应为四位数字。",
            "min_value": "年度不正确。",
            "max_value": "年度不正确。",
        },
    )
    quarter = forms.TypedChoiceField(
        label="截至",
        coerce=int,
        choices=[(1, "第一季度末"), (2, "第二季度末"), (3, "第三季度末"), (4, "全年")],
        error_messages={"required": "请选择季度。", "invalid_choice": "请选择季度。"},
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        data = super().clean()
        if self.today is not None and data.get("year") and data.get("quarter"):
            from performance.queries import quarter_end

            if quarter_end(data["year"], data["quarter"]) >= self.today:
                self.add_error(None, "只能公开已经结束的季度。")
        return data
