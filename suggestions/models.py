"""Deputy suggestions (建议、批评和意见) and motions (议案): DOMAIN §4.

A Suggestion's overall status moves only through suggestions.workflow. Each handling unit
gets its own Assignment row (lead / assisting / split / sole), so a unit sees only its items.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core import cn
from registry.models import CongressOwned, Deputy, Term, Unit


class Suggestion(CongressOwned):
    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", "代表建议"
        MOTION = "motion", "议案"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待立案"
        RETURNED = "returned", "已退回代表"
        REGISTERED = "registered", "已立案待交办"
        ASSIGNED = "assigned", "办理中"
        REPLIED = "replied", "已答复待评价"
        DISSATISFIED = "dissatisfied", "不满意待重新交办"
        REHANDLING = "rehandling", "重新办理中"
        CLOSED = "closed", "已办结"
        MERGED = "merged", "已并案"
        DECIDED = "decided", "主席团已处理"
        TRANSFERRED = "transferred", "已转其他人大办理"

    class Mode(models.TextChoices):
        SOLE = "sole", "独办"
        SPLIT = "split", "分办"
        LEAD = "lead", "主办＋协办"

    class PresidiumDecision(models.TextChoices):
        AGENDA = "agenda", "列入会议议程"
        COMMITTEE = "committee", "交有关专门委员会审议"
        NOT_ON_AGENDA = "not_on_agenda", "不列入议程，作为建议处理"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.SUGGESTION)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="suggestions", verbose_name="届次")
    session = models.ForeignKey(
        "meetings.CongressSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name="会议",
        help_text="大会期间提出的填写会议；闭会期间提出的留空",
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    number = models.PositiveIntegerField("编号", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    content = models.TextField("内容")
    category = models.CharField("类别", max_length=30, blank=True)
    # 议案 only: 案由、案据、方案 (DOMAIN §4)
    motion_reason = models.TextField("案由", blank=True)
    motion_basis = models.TextField("案据", blank=True)
    motion_plan = models.TextField("方案", blank=True)
    presidium_decision = models.CharField(
        "主席团决定", max_length=20, choices=PresidiumDecision.choices, blank=True
    )
    presidium_decided_on = models.DateField("主席团决定日期", null=True, blank=True)
    converted_from_motion = models.BooleanField("由议案转为建议", default=False)

    lead_deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="led_suggestions", verbose_name="领衔代表"
    )
    co_signers = models.ManyToManyField(
        Deputy,
        through="CoSignature",
        related_name="co_signed_suggestions",
        verbose_name="附议代表",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    registered_on = models.DateField("立案日期", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)

    mode = models.CharField("办理方式", max_length=10, choices=Mode.choices, blank=True)
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    assignment_meeting = models.CharField("交办会", max_length=100, blank=True)
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    # Kept by the workflow for lists and statistics (DOMAIN §4 rates):
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    replied_on = models.DateField("首次答复日期", null=True, blank=True)
    replied_on_time = models.BooleanField("按期答复", null=True, blank=True)
    reply_category = models.CharField("答复分类", max_length=2, blank=True, db_index=True)
    first_rating = models.CharField("首次评价", max_length=30, blank=True)
    final_rating = models.CharField("最终评价", max_length=30, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_items",
        verbose_name="并入",
    )
    related = models.ManyToManyField("self", blank=True, verbose_name="关联建议")
    # A suggestion referred here from another body and accepted as this body's own (DOMAIN §11): the
    # original there is TRANSFERRED, so each body counts it once.
    transferred_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transferred_to",
        verbose_name="转自",
    )

    is_priority = models.BooleanField("重点督办", default=False)
    supervising_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_suggestions",
        verbose_name="督办领导",
    )
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    follow_up_done = models.BooleanField("跟踪办理已落实", default=False)

    # jieba tokens, space-joined; kept current by workflow (search.tokens_for) — see search.py
    search_tokens = models.TextField("分词", blank=True, editable=False)

    class Meta:
        verbose_name = "代表建议"
        verbose_name_plural = "代表建议"
        ordering = ["-year", "number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "year", "kind", "number"],
                name="suggestion_number_unique",
                condition=Q(number__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["congress", "year", "status"], name="suggestion_year_status_idx"),
            # The list page's order within a body: its first page without sorting the body's suggestions.
            models.Index(
                fields=["congress", "-year", "kind", "number", "-id"], name="suggestion_list_order_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number_label} {self.title}".strip()

    @property
    def number_label(self) -> str:
        return cn.serial(self.number) if self.number else ""

    @property
    def is_motion(self) -> bool:
        return self.kind == self.Kind.MOTION


class CoSignature(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        CONFIRMED = "confirmed", "已确认"
        DECLINED = "declined", "已谢绝"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="co_signatures")
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="co_signatures", verbose_name="附议代表"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    answered_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "附议"
        verbose_name_plural = "附议"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "deputy"], name="cosignature_unique")]


class Assignment(models.Model):
    """One unit's part in handling one suggestion (per handling round)."""

    class Role(models.TextChoices):
        SOLE = "sole", "独办"
        SPLIT = "split", "分办"
        LEAD = "lead", "主办"
        ASSISTING = "assisting", "协办"

    class Status(models.TextChoices):
        ASSIGNED = "assigned", "待签收"
        ACCEPTED = "accepted", "办理中"
        SENT_BACK = "sent_back", "已退回"
        OPINION_SUBMITTED = "opinion_submitted", "已提交协办意见"
        REPLIED = "replied", "已答复"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="suggestion_assignments", verbose_name="承办单位"
    )
    role = models.CharField("承办类型", max_length=20, choices=Role.choices)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.ASSIGNED, db_index=True
    )
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    is_current = models.BooleanField("当前有效", default=True)
    assigned_on = models.DateField("交办日期")
    due_on = models.DateField("办理期限")
    opinion_due_on = models.DateField("协办意见期限", null=True, blank=True)
    accepted_at = models.DateTimeField("签收时间", null=True, blank=True)
    send_back_reason = models.TextField("退回理由", blank=True)
    opinion = models.TextField("协办意见", blank=True)
    opinion_submitted_at = models.DateTimeField("协办意见提交时间", null=True, blank=True)
    extension_requested_reason = models.TextField("延期申请理由", blank=True)
    extension_reason = models.TextField("延期说明", blank=True)
    extended_on = models.DateField("延期批准日期", null=True, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)

    class Meta:
        verbose_name = "交办"
        verbose_name_plural = "交办"
        ordering = ["suggestion_id", "round", "role", "id"]
        indexes = [
            models.Index(fields=["unit", "is_current", "status"], name="assignment_unit_idx"),
            models.Index(fields=["due_on"], name="assignment_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion} → {self.unit}（{self.get_role_display()}）"

    @property
    def replies(self) -> bool:
        """Only the lead replies in 主办+协办; every unit replies in 分办 (DOMAIN §4)."""
        return self.role != self.Role.ASSISTING


class Contact(models.Model):
    class Form(models.TextChoices):
        MEETING = "meeting", "当面沟通"
        PHONE = "phone", "电话沟通"
        VISIT = "visit", "实地察看"
        FORUM = "forum", "座谈会"
        OTHER = "other", "其他"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField("沟通日期")
    form = models.CharField("沟通方式", max_length=20, choices=Form.choices)
    content = models.TextField("沟通内容")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "沟通记录"
        verbose_name_plural = "沟通记录"
        ordering = ["contacted_on", "id"]


class Reply(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="replies")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    category = models.CharField("答复分类", max_length=2)
    content = models.TextField("答复内容")
    signed_by = models.CharField("签发人", max_length=30)
    letter = models.FileField("答复函", upload_to="suggestions/replies/%Y/", blank=True)
    is_public = models.BooleanField("可公开", default=True, help_text="答复一般应公开，确不宜公开的取消勾选")
    replied_on = models.DateField("答复日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "答复"
        verbose_name_plural = "答复"
        ordering = ["round", "id"]


class Feedback(models.Model):
    class Rating(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
        DISSATISFIED = "dissatisfied", "不满意"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="feedbacks")
    round = models.PositiveSmallIntegerField("办理轮次")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+", verbose_name="代表")
    is_lead = models.BooleanField("领衔代表", default=True)
    rating = models.CharField("评价", max_length=30, choices=Rating.choices)
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("评价时间", auto_now_add=True)

    class Meta:
        verbose_name = "满意度反馈"
        verbose_name_plural = "满意度反馈"
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "round", "deputy"], name="feedback_unique")
        ]


class Attachment(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to="suggestions/attachments/%Y/")
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["id"]


class SupervisionNote(models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", "督办意见"
        MEETING = "meeting", "督办会议"
        VISIT = "visit", "实地督办"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="supervision_notes")
    kind = models.CharField("形式", max_length=20, choices=Kind.choices, default=Kind.NOTE)
    held_on = models.DateField("日期")
    content = models.TextField("内容")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "督办记录"
        verbose_name_plural = "督办记录"
        ordering = ["held_on", "id"]


class FollowUpReview(models.Model):
    """回头看: were the promises of a B/C reply kept?"""

    class Outcome(models.TextChoices):
        KEPT = "kept", "已落实"
        PARTLY = "partly", "部分落实"
        NOT_KEPT = "not_kept", "未落实"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="follow_up_reviews")
    reviewed_on = models.DateField("检查日期")
    outcome = models.CharField("落实情况", max_length=20, choices=Outcome.choices)
    note = models.TextField("说明", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "回头看"
        verbose_name_plural = "回头看"
        ordering = ["reviewed_on", "id"]


class Reminder(models.Model):
    """One deadline reminder sent, so the daily job never sends the same one twice."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("提醒", max_length=20)  # "30", "7", "1", "overdue"
    due_on = models.DateField("针对的期限")
    sent_on = models.DateField("发送日期")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "kind", "due_on"], name="reminder_unique")
        ]


class LetterTemplate(CongressOwned):
    """The office's editable reply-letter template (one per congress); {{placeholders}} in the body."""

    body = models.TextField("答复函模板")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "答复函模板"
        verbose_name_plural = "答复函模板"
        constraints = [models.UniqueConstraint(fields=["congress"], name="letter_template_unique")]
