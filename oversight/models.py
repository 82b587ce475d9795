"""Standing-committee supervision (监督) and appointments (任免).

The annual plan, supervision activities with their participants, documents and the meeting that
deliberated them; deliberation opinions (审议意见) sent to an organ and its handling reports;
satisfaction votes (满意度测评) on those reports; appointment and removal requests voted at a
committee meeting. Status values change only in oversight/workflow.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from meetings.models import Meeting, Vote
from registry.models import Congress, CongressOwned, Deputy, Unit


class SupervisionPlan(CongressOwned):
    """年度监督工作计划: adopted by the 主任会议 and published (监督法第六十三条 in DOMAIN §6)."""

    congress = models.ForeignKey(
        Congress, on_delete=models.PROTECT, related_name="oversight_plans", verbose_name="人大"
    )

    class Status(models.TextChoices):
        DRAFT = "draft", "草案"
        PUBLISHED = "published", "已公布"

    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    content = models.TextField("计划内容", blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField("主任会议通过日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)

    class Meta:
        verbose_name = "年度监督工作计划"
        verbose_name_plural = "年度监督工作计划"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "year"], name="oversight_plan_year_unique")
        ]

    def __str__(self) -> str:
        return self.title


class Activity(CongressOwned):
    """One supervision activity of the standing committee."""

    congress = models.ForeignKey(
        Congress, on_delete=models.PROTECT, related_name="oversight_activities", verbose_name="人大"
    )

    class Kind(models.TextChoices):
        ENFORCEMENT_INSPECTION = "enforcement_inspection", "执法检查"
        WORK_REPORT = "work_report", "专项工作报告"
        INSPECTION_VISIT = "inspection_visit", "视察"
        RESEARCH = "research", "专题调研"
        SUPERVISORY_VISIT = "supervisory_visit", "督导"
        INQUIRY = "inquiry", "专题询问"
        APPRAISAL = "appraisal", "工作评议"
        SATISFACTION_VOTE = "satisfaction_vote", "满意度测评"
        FOLLOW_UP = "follow_up", "跟踪监督"
        RECORD_REVIEW = "record_review", "备案审查"
        BUDGET_REVIEW = "budget_review", "预算审查监督"
        AUDIT_REVIEW = "audit_review", "审计工作报告及整改审议"

    class Status(models.TextChoices):
        PLANNED = "planned", "计划中"
        IN_PROGRESS = "in_progress", "进行中"
        DELIBERATED = "deliberated", "已审议"
        CONCLUDED = "concluded", "已完成"

    plan = models.ForeignKey(
        SupervisionPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name="年度计划",
    )
    kind = models.CharField("类型", max_length=30, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="oversight_activities",
        verbose_name="被监督机关",
        help_text="报告工作或接受检查的机关",
    )
    lead = models.CharField("牵头工作机构", max_length=100, blank=True, help_text="例如 教科文卫工委")
    is_key_matter = models.BooleanField(
        "重点监督事项", default=False, help_text="列入年度监督工作计划的重点监督事项"
    )
    description = models.TextField("内容与方式", blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="oversight_activities",
        verbose_name="审议会议",
        limit_choices_to={"kind": Meeting.Kind.COMMITTEE_MEETING},
    )
    report_received_on = models.DateField(
        "报告送交日期",
        null=True,
        blank=True,
        help_text="机关将报告送有关工作机构征求意见的日期（应在会议二十日前）",
    )
    revised_received_on = models.DateField(
        "修改稿送交日期", null=True, blank=True, help_text="修改后的报告送交常委会的日期（应在会议十日前）"
    )
    sent_to_members_on = models.DateField(
        "印发组成人员日期", null=True, blank=True, help_text="报告发给常委会组成人员的日期（应在会议七日前）"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PLANNED)
    concluded_on = models.DateField("完成日期", null=True, blank=True)
    participants = models.ManyToManyField(
        Deputy,
        through="Participant",
        related_name="oversight_activities",
        blank=True,
        verbose_name="参加人员",
    )

    class Meta:
        verbose_name = "监督活动"
        verbose_name_plural = "监督活动"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["congress", "kind", "starts_on"], name="oversight_activity_kind_idx")]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """A committee member or an invited deputy taking part in an activity."""

    class Role(models.TextChoices):
        MEMBER = "member", "常委会组成人员"
        INVITED_DEPUTY = "invited_deputy", "邀请代表"

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="participant_rows", verbose_name="监督活动"
    )
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="oversight_participations", verbose_name="代表"
    )
    role = models.CharField("身份", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "参加人员"
        verbose_name_plural = "参加人员"
        ordering = ["role", "deputy__number"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "deputy"], name="oversight_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.deputy}（{self.get_role_display()}）"


class ActivityDocument(models.Model):
    class Kind(models.TextChoices):
        ORGAN_REPORT = "organ_report", "机关报告"
        REVISED_REPORT = "revised_report", "报告修改稿"
        INSPECTION_REPORT = "inspection_report", "执法检查报告"
        RESEARCH_REPORT = "research_report", "视察调研报告"
        INQUIRY_RECORD = "inquiry_record", "专题询问记录"
        APPRAISAL_REPORT = "appraisal_report", "评议意见"
        BUDGET_DOCUMENT = "budget_document", "预算决算及审计材料"
        OTHER = "other", "其他材料"

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="documents", verbose_name="监督活动"
    )
    kind = models.CharField("类型", max_length=30, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField("标题", max_length=200)
    file = models.FileField("文件", upload_to="oversight/documents/%Y/", blank=True)
    received_on = models.DateField("日期", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="上传人",
    )

    class Meta:
        verbose_name = "监督活动材料"
        verbose_name_plural = "监督活动材料"
        ordering = ["activity", "received_on", "id"]

    def __str__(self) -> str:
        return self.title


class DeliberationOpinions(CongressOwned):
    """审议意见 sent to an organ, which reports in writing how it handled them (监督法第十七条 in DOMAIN §6)."""

    congress = models.ForeignKey(
        Congress, on_delete=models.PROTECT, related_name="deliberation_opinions", verbose_name="人大"
    )

    class Status(models.TextChoices):
        DRAFT = "draft", "起草中"
        APPROVED = "approved", "已审定"
        SENT = "sent", "已送交"
        REPORTED = "reported", "已报送处理情况"
        REVIEWED = "reviewed", "已审查"
        CLOSED = "closed", "已办结"

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="opinions", verbose_name="监督活动"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="deliberation_opinions", verbose_name="送交机关"
    )
    title = models.CharField("标题", max_length=200)
    content = models.TextField("审议意见")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_on = models.DateField("审定日期", null=True, blank=True)
    sent_on = models.DateField("送交日期", null=True, blank=True)
    due_on = models.DateField("报送处理情况期限", null=True, blank=True)
    due_by_resolution = models.BooleanField("期限由决议规定", default=False)
    resolution_ref = models.CharField("决议名称", max_length=200, blank=True)
    reported_on = models.DateField("处理情况报送日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)

    class Meta:
        verbose_name = "审议意见"
        verbose_name_plural = "审议意见"
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["congress", "status", "due_on"], name="oversight_opinions_due_idx")]

    def __str__(self) -> str:
        return self.title


class HandlingReport(models.Model):
    """研究处理情况 (rectification) submitted by the organ; a report sent back is followed by another."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "待审查"
        ACCEPTED = "accepted", "审查通过"
        SENT_BACK = "sent_back", "退回重报"

    opinions = models.ForeignKey(
        DeliberationOpinions,
        on_delete=models.CASCADE,
        related_name="handling_reports",
        verbose_name="审议意见",
    )
    number = models.PositiveSmallIntegerField("第几次报送")
    content = models.TextField("研究处理情况")
    file = models.FileField("报告文件", upload_to="oversight/handling_reports/%Y/", blank=True)
    submitted_on = models.DateField("报送日期")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="报送人",
    )
    outcome = models.CharField("审查结果", max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    review_note = models.TextField("审查意见", blank=True)

    class Meta:
        verbose_name = "研究处理情况报告"
        verbose_name_plural = "研究处理情况报告"
        ordering = ["opinions", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["opinions", "number"], name="oversight_handling_report_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.opinions}（第{self.number}次报送）"


class Evaluation(CongressOwned):
    """满意度测评 of a handling report at a committee meeting, by secret ballot (DOMAIN §6, local).

    Like meetings.Vote: who voted (EvaluationParticipation) and, for an electronic evaluation, the
    encrypted ballots in its ballot box (core.ballot_box)
    share nothing but the evaluation; the grade is taken against the frozen body size M.
    """

    congress = models.ForeignKey(
        Congress, on_delete=models.PROTECT, related_name="oversight_evaluations", verbose_name="人大"
    )

    class Method(models.TextChoices):
        ELECTRONIC = "electronic", "电子表决"
        PAPER = "paper", "书面测评（人工计数）"

    class Status(models.TextChoices):
        DRAFT = "draft", "未开始"
        OPEN = "open", "测评中"
        COUNTING = "counting", "待计票人解密"
        CLOSED = "closed", "已结束"

    class Grade(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
        DISSATISFIED = "dissatisfied", "不满意"

    opinions = models.ForeignKey(
        DeliberationOpinions, on_delete=models.PROTECT, related_name="evaluations", verbose_name="审议意见"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="oversight_evaluations", verbose_name="会议"
    )
    method = models.CharField("测评方式", max_length=20, choices=Method.choices, default=Method.ELECTRONIC)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    body_size = models.PositiveIntegerField("应到人数（实有数）", null=True, blank=True)
    present = models.PositiveIntegerField("出席人数", null=True, blank=True)
    opened_at = models.DateTimeField("开始时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    satisfied = models.PositiveIntegerField("满意", null=True, blank=True)
    basically_satisfied = models.PositiveIntegerField("基本满意", null=True, blank=True)
    dissatisfied = models.PositiveIntegerField("不满意", null=True, blank=True)
    not_voted = models.PositiveIntegerField("未投", null=True, blank=True)
    grade = models.CharField("测评结果", max_length=30, choices=Grade.choices, blank=True)
    # An electronic evaluation may hand paper forms to some members (issue_paper_ballot): each is
    # that member's participation; staff enter their totals, added to the box's decrypted totals.
    paper_issued = models.PositiveIntegerField("领取纸质测评票", default=0)

    # An electronic evaluation's encrypted ballots (core.ballot_box): set when it opens.
    ballot_box = models.OneToOneField(
        "core.BallotBox",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="票箱",
    )

    class Meta:
        verbose_name = "满意度测评"
        verbose_name_plural = "满意度测评"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opinions"], condition=~Q(status="closed"), name="oversight_evaluation_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"满意度测评：{self.opinions}"


class EvaluationParticipation(models.Model):
    """Who has voted in an evaluation; no choice and no time (see Evaluation)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="participations", verbose_name="满意度测评"
    )
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="evaluation_participations", verbose_name="组成人员"
    )

    class Meta:
        verbose_name = "已测评记录"
        verbose_name_plural = "已测评记录"
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "deputy"], name="oversight_evaluation_participation_once"
            )
        ]


class Appointment(CongressOwned):
    """One 任免 request to the standing committee and its outcome (DOMAIN §7)."""

    congress = models.ForeignKey(
        Congress, on_delete=models.PROTECT, related_name="appointments", verbose_name="人大"
    )

    class Kind(models.TextChoices):
        APPOINT = "appoint", "任命"
        REMOVE = "remove", "免职"
        ACTING = "acting", "决定代理"
        ACCEPT_RESIGNATION = "accept_resignation", "接受辞职"

    class Status(models.TextChoices):
        RECEIVED = "received", "已收到提请"
        REVIEWED = "reviewed", "已初审"
        SCHEDULED = "scheduled", "已列入会议"
        VOTING = "voting", "表决中"
        PASSED = "passed", "表决通过"
        REJECTED = "rejected", "未通过"
        SWORN = "sworn", "已宪法宣誓"
        WITHDRAWN = "withdrawn", "已撤回"

    class Gender(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    kind = models.CharField("任免类别", max_length=30, choices=Kind.choices)
    requesting_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="appointment_requests", verbose_name="提请机关"
    )
    requested_by = models.CharField("提请人", max_length=60, help_text="例如 示范区人民政府区长 某某")
    person_name = models.CharField("姓名", max_length=30)
    gender = models.CharField("性别", max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField("出生年月", null=True, blank=True)
    post = models.CharField("职务", max_length=120, help_text="拟任或拟免的职务，例如 示范区教育局局长")
    cv = models.TextField("简历", blank=True)
    reasons = models.TextField("提请理由")
    received_on = models.DateField("收到日期")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.RECEIVED)
    review_note = models.TextField("初审意见", blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name="提请会议",
        limit_choices_to={"kind": Meeting.Kind.COMMITTEE_MEETING},
    )
    late_reason = models.CharField("逾期提请说明", max_length=300, blank=True)
    vote = models.OneToOneField(
        Vote, on_delete=models.PROTECT, null=True, blank=True, related_name="appointment", verbose_name="表决"
    )
    decided_on = models.DateField("决定日期", null=True, blank=True)
    oath_on = models.DateField("宪法宣誓日期", null=True, blank=True)

    class Meta:
        verbose_name = "任免事项"
        verbose_name_plural = "任免事项"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["congress", "status"], name="oversight_appointment_idx")]

    def __str__(self) -> str:
        return {
            self.Kind.APPOINT: f"任命{self.person_name}为{self.post}",
            self.Kind.REMOVE: f"免去{self.person_name}的{self.post}职务",
            self.Kind.ACTING: f"决定{self.person_name}代理{self.post}",
            self.Kind.ACCEPT_RESIGNATION: f"接受{self.person_name}辞去{self.post}职务",
        }.get(self.kind, self.person_name)

    @property
    def takes_oath(self) -> bool:
        """宪法宣誓 follows an appointment or a decision on an acting head, not a removal."""
        return self.kind in (self.Kind.APPOINT, self.Kind.ACTING)
