"""Meeting materials (会议材料) with versions, reading records and private annotations, and the
office's consultations of deputies on drafts (向代表征求意见). DOMAIN §6 (release before meetings)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from registry.models import CongressOwned, Deputy


class Material(CongressOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", "未发布"
        RELEASED = "released", "已发布"
        WITHDRAWN = "withdrawn", "已收回"

    class Audience(models.TextChoices):
        MEMBERS = "members", "会议组成人员（代表或常委会组成人员）"
        MEMBERS_AND_NONVOTING = "members_and_nonvoting", "组成人员及列席人员"
        STAFF = "staff", "仅工作人员"

    class Confidentiality(models.TextChoices):
        PUBLIC = "public", "公开"
        INTERNAL = "internal", "内部"

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="materials", verbose_name="会议"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name="议题",
    )
    title = models.CharField("材料名称", max_length=200)
    audience = models.CharField("发送范围", max_length=30, choices=Audience.choices, default=Audience.MEMBERS)
    confidentiality = models.CharField(
        "密级", max_length=10, choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    distributed_in_writing = models.BooleanField(
        "书面印发", default=False, help_text="不在会上口头报告，书面印发"
    )
    release_at = models.DateTimeField("发布时间", help_text="代表在此时间后可以阅读")
    withdraw_on_close = models.BooleanField(
        "散会后收回", default=True, help_text="内部材料在会议结束后不再向代表提供"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "会议材料"
        verbose_name_plural = "会议材料"
        ordering = ["meeting", "agenda_item__order", "id"]

    def __str__(self) -> str:
        return self.title


class MaterialVersion(models.Model):
    class Stage(models.TextChoices):
        DRAFT = "draft", "草案"
        REVISED = "revised", "修改稿"
        FINAL = "final", "表决稿"
        REPORT = "report", "报告"

    material = models.ForeignKey(
        Material, on_delete=models.CASCADE, related_name="versions", verbose_name="材料"
    )
    number = models.PositiveSmallIntegerField("版本")
    stage = models.CharField("稿次", max_length=20, choices=Stage.choices, default=Stage.DRAFT)
    note = models.CharField("修改说明", max_length=500, blank=True)
    original = models.FileField("原文件", upload_to="materials/%Y/%m/")
    pdf = models.FileField("阅读文件（PDF）", upload_to="materials/%Y/%m/", blank=True)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    text = models.TextField("文字内容", blank=True, help_text="用于比较各版本的改动")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )

    class Meta:
        verbose_name = "材料版本"
        verbose_name_plural = "材料版本"
        ordering = ["material", "number"]
        constraints = [models.UniqueConstraint(fields=["material", "number"], name="material_version_unique")]

    def __str__(self) -> str:
        return f"{self.material}（第{self.number}版·{self.get_stage_display()}）"


class ReadRecord(models.Model):
    """Who opened which version when: for the office only, never shown to other deputies."""

    version = models.ForeignKey(
        MaterialVersion, on_delete=models.CASCADE, related_name="reads", verbose_name="版本"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="阅读人"
    )
    opened_at = models.DateTimeField("打开时间", auto_now_add=True)

    class Meta:
        verbose_name = "阅读记录"
        verbose_name_plural = "阅读记录"
        indexes = [models.Index(fields=["version", "user"], name="material_read_idx")]


class Annotation(models.Model):
    """A deputy's private note on a page of a version; nobody else sees it."""

    version = models.ForeignKey(
        MaterialVersion, on_delete=models.CASCADE, related_name="annotations", verbose_name="版本"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="批注人"
    )
    page = models.PositiveIntegerField("页码", default=1)
    quote = models.CharField("摘录", max_length=500, blank=True)
    note = models.TextField("批注", max_length=2000)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "批注"
        verbose_name_plural = "批注"
        ordering = ["version", "page", "created_at"]


class Consultation(CongressOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", "未发出"
        OPEN = "open", "征求中"
        CLOSED = "closed", "已截止"

    class Subject(models.TextChoices):
        REPORT = "report", "工作报告"
        PLAN = "plan", "计划、规划"
        REGULATION = "regulation", "法规草案"
        SUPERVISION_PLAN = "supervision_plan", "年度监督工作计划"
        PROJECTS = "projects", "民生实事候选项目"
        OTHER = "other", "其他"

    title = models.CharField("名称", max_length=200)
    subject = models.CharField("类别", max_length=30, choices=Subject.choices, default=Subject.REPORT)
    paragraphs = models.JSONField("征求意见稿（分段）", default=list)
    deadline = models.DateTimeField("截止时间")
    all_deputies = models.BooleanField("向全体代表征求", default=True)
    deputies = models.ManyToManyField(
        Deputy, blank=True, related_name="consultations", verbose_name="征求对象"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField("意见汇总", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发起人"
    )
    opened_at = models.DateTimeField("发出时间", null=True, blank=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    class Handling(models.TextChoices):
        ADOPTED = "adopted", "采纳"
        PARTLY_ADOPTED = "partly_adopted", "部分采纳"
        NOT_ADOPTED = "not_adopted", "未采纳"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="answers", verbose_name="征求意见"
    )
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="consultation_answers", verbose_name="代表"
    )
    paragraph = models.PositiveIntegerField("段落", null=True, blank=True, help_text="空白表示总体意见")
    text = models.TextField("意见", max_length=3000)
    submitted_at = models.DateTimeField("提出时间", auto_now_add=True)
    handling = models.CharField("处理情况", max_length=20, choices=Handling.choices, blank=True)
    handling_reason = models.TextField("处理说明", blank=True, max_length=1000)
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "代表意见"
        verbose_name_plural = "代表意见"
        ordering = ["consultation", "paragraph", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "deputy", "paragraph"], name="answer_unique_per_paragraph"
            ),
        ]
