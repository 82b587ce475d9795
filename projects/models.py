"""Livelihood projects (民生实事项目, DOMAIN §3): call → proposals → candidates → ballot →
plan and progress → supervision → evaluation.

Secrecy of the project ballot and of the evaluation follows meetings and elections: who has
voted is a Participation / EvaluationParticipation; what was voted on a device is a sealed
(encrypted) ballot in the one ballot box (core.ballot_box), of which only totals are decrypted
by the tellers; paper sheets are the two tellers' TellerEntry readings (docs/secret-ballot.md).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from core.ballot_box.polls import TwoTellerBallot
from meetings.models import CongressSession, Meeting
from projects import rules
from registry.models import CongressOwned, Deputy, Station, Subdistrict, Unit


class Call(CongressOwned):
    """征集: the call for proposals of one year, and the candidate list that comes out of it."""

    class Status(models.TextChoices):
        OPEN = "open", "征集中"
        SCREENING = "screening", "筛选中"
        LOCKED = "locked", "候选项目已确定"
        SUBMITTED = "submitted", "已提请大会票决"
        ANNOUNCED = "announced", "票决结果已公布"

    year = models.PositiveSmallIntegerField("项目年度", help_text="例如 2026：票决产生 2026 年度民生实事项目")
    title = models.CharField("名称", max_length=120)
    opens_on = models.DateField("征集开始")
    closes_on = models.DateField("征集截止")
    description = models.TextField("征集说明", blank=True, max_length=2000)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OPEN)
    session = models.ForeignKey(
        CongressSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_calls",
        verbose_name="提请的人代会会议",
    )
    locked_at = models.DateTimeField("候选项目确定时间", null=True, blank=True)
    submitted_at = models.DateTimeField("提请时间", null=True, blank=True)
    announced_at = models.DateTimeField("公布时间", null=True, blank=True)

    class Meta:
        verbose_name = "项目征集"
        verbose_name_plural = "项目征集"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["congress", "year"], name="project_call_year_unique")]

    def __str__(self) -> str:
        return self.title


class Proposal(CongressOwned):
    """群众建议 (项目建议) sent in during the call."""

    class Channel(models.TextChoices):
        ONLINE = "online", "网上征集"
        DEPUTY = "deputy", "代表代为提交"
        STATION = "station", "联络站代为提交"
        PAPER = "paper", "书面来信（工作人员录入）"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已收到"
        TAKEN = "taken", "已纳入候选项目"
        NOT_TAKEN = "not_taken", "未采纳"
        MERGED = "merged", "已合并"

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="proposals", verbose_name="征集")
    tracking_code = models.CharField("查询码", max_length=20, unique=True)
    title = models.CharField("标题", max_length=rules.TITLE_MAX)
    description = models.TextField("内容", max_length=rules.DESCRIPTION_MAX)
    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, related_name="+", verbose_name="所在街道（乡镇）"
    )
    location = models.CharField("具体位置", max_length=100, blank=True)
    category = models.CharField("类别", max_length=20, choices=list(rules.CATEGORIES.items()))
    name = models.CharField("姓名", max_length=30, blank=True)
    mobile = models.CharField("手机号码", max_length=11, help_text="仅工作人员可见，不公开")
    sms_opt_in = models.BooleanField("短信通知办理进展", default=False)
    channel = models.CharField("来源", max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="录入人",
    )
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="代为提交的代表",
    )
    station = models.ForeignKey(
        Station,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="代为提交的联络站",
    )
    fingerprint = models.CharField("内容指纹", max_length=40, editable=False)
    supporters = models.PositiveIntegerField(
        "相同建议次数", default=0, help_text="内容相同的建议再次提交时只计数并关联，不重复保存"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged", verbose_name="合并到"
    )
    in_reserve_pool = models.BooleanField("入储备库", default=False)
    decline_reason = models.CharField(
        "未采纳原因", max_length=30, blank=True, choices=list(rules.DECLINE_REASONS.items())
    )
    decline_note = models.CharField("未采纳说明", max_length=300, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "群众建议"
        verbose_name_plural = "群众建议"
        ordering = ["-created_at", "-id"]
        constraints = [
            # The database, not a prior SELECT, decides that a near-identical proposal is a duplicate:
            # two identical submissions racing each other cannot both be stored.
            models.UniqueConstraint(fields=["call", "fingerprint"], name="proposal_fingerprint_unique"),
        ]
        indexes = [models.Index(fields=["call", "status"], name="proposal_status_idx")]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"


class Supporter(models.Model):
    """A repeated submission of a proposal already received: linked, not stored twice."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supporter_rows")
    name = models.CharField("姓名", max_length=30, blank=True)
    mobile = models.CharField("手机号码", max_length=11)
    channel = models.CharField("来源", max_length=20, choices=Proposal.Channel.choices)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "相同建议"
        verbose_name_plural = "相同建议"


class Project(CongressOwned):
    """民生实事项目: a candidate (候选项目) drawn up in screening; adopted or not by the ballot."""

    class Status(models.TextChoices):
        DRAFT = "draft", "拟定中"
        CANDIDATE = "candidate", "候选项目"
        ADOPTED = "adopted", "已票决通过"
        NOT_ADOPTED = "not_adopted", "未入选"
        EVALUATED = "evaluated", "已测评"

    class Grade(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
        DISSATISFIED = "dissatisfied", "不满意"

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="projects", verbose_name="年度征集")
    number = models.PositiveSmallIntegerField("序号", default=0, help_text="候选项目名单和选票上的序号")
    title = models.CharField("项目名称", max_length=60)
    content = models.TextField("建设内容", max_length=3000)
    budget = models.DecimalField("投资估算（万元）", max_digits=12, decimal_places=2)
    lead_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="livelihood_projects", verbose_name="牵头单位"
    )
    target = models.CharField("目标任务", max_length=500)
    deadline = models.DateField("完成时限")
    proposals = models.ManyToManyField(Proposal, blank=True, related_name="projects", verbose_name="来源建议")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    votes = models.PositiveIntegerField("票决得票", null=True, blank=True)
    adopted_at = models.DateTimeField("票决通过时间", null=True, blank=True)
    grade = models.CharField("测评结果", max_length=30, choices=Grade.choices, blank=True)
    satisfaction_rate = models.FloatField("满意率（含基本满意）", null=True, blank=True)
    evaluation_counts = models.JSONField("测评票数", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="拟定人"
    )

    class Meta:
        verbose_name = "民生实事项目"
        verbose_name_plural = "民生实事项目"
        ordering = ["call", "number", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "title"], name="project_title_unique")]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    """实施方案的节点."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name="项目"
    )
    title = models.CharField("节点", max_length=100)
    due_on = models.DateField("计划完成日期")
    done_on = models.DateField("实际完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "节点"
        verbose_name_plural = "节点"
        ordering = ["project", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    """进度报告 by the lead unit: internal (the public sees the percentage only)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="reports", verbose_name="项目"
    )
    reported_on = models.DateField("报告日期")
    percent = models.PositiveSmallIntegerField("完成进度（%）")
    text = models.TextField("进展情况", max_length=3000)
    spent = models.DecimalField("累计完成投资（万元）", max_digits=12, decimal_places=2, default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="报告人"
    )
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "进度报告"
        verbose_name_plural = "进度报告"
        ordering = ["project", "-reported_on", "-id"]


class Attachment(models.Model):
    """A checked JPEG, PNG or PDF of a proposal or a photo of a progress report; served only
    through a view that checks permissions (never from MEDIA_URL)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    file = models.FileField("文件", upload_to="projects/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=150)
    content_type = models.CharField("类型", max_length=40)
    size = models.PositiveIntegerField("大小（字节）")

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"


class SupervisionGroup(models.Model):
    """代表监督小组: one per adopted project; members suggested, staff confirm."""

    class Status(models.TextChoices):
        FORMING = "forming", "组建中"
        CONFIRMED = "confirmed", "已确定"

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="supervision_group", verbose_name="项目"
    )
    members = models.ManyToManyField(Deputy, blank=True, related_name="project_groups", verbose_name="成员")
    head = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="组长"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.FORMING)
    confirmed_at = models.DateTimeField("确定时间", null=True, blank=True)

    class Meta:
        verbose_name = "代表监督小组"
        verbose_name_plural = "代表监督小组"


class SupervisionActivity(models.Model):
    """A group activity (视察、调研、推进会); its findings may be sent to the unit, which replies."""

    class Kind(models.TextChoices):
        INSPECTION_VISIT = "inspection_visit", "视察"
        RESEARCH = "research", "调研"
        HEARING = "hearing", "进展情况听取会"

    class Status(models.TextChoices):
        RECORDED = "recorded", "已记录"
        SENT = "sent", "已送承办单位"
        REPLIED = "replied", "单位已答复"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="activities", verbose_name="项目"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.INSPECTION_VISIT)
    held_on = models.DateField("日期")
    participants = models.ManyToManyField(Deputy, blank=True, related_name="+", verbose_name="参加代表")
    findings = models.TextField("发现的问题和意见", max_length=3000)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.RECORDED)
    sent_at = models.DateTimeField("送达时间", null=True, blank=True)
    reply = models.TextField("单位答复", blank=True, max_length=3000)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人"
    )

    class Meta:
        verbose_name = "监督活动"
        verbose_name_plural = "监督活动"
        ordering = ["project", "-held_on", "-id"]


class ProjectBallot(CongressOwned, TwoTellerBallot):
    """票决 at a plenary: candidates and settings frozen when it is created."""

    class Method(models.TextChoices):
        ELECTRONIC = "electronic", "电子票决"
        PAPER = "paper", "纸质选票"

    class Status(models.TextChoices):
        DRAFT = "draft", "未开始"
        OPEN = "open", "投票中"
        COUNTING = "counting", "计票中"
        CLOSED = "closed", "已计票"

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="ballots", verbose_name="年度征集")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="project_ballots", verbose_name="全体会议"
    )
    follows = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="上一轮",
        help_text="票数相等时的再次投票",
    )
    title = models.CharField("名称", max_length=200)
    method = models.CharField("投票方式", max_length=20, choices=Method.choices, default=Method.ELECTRONIC)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    candidates = models.JSONField("候选项目（冻结）", default=list, help_text="选票上的项目名称，按序号")
    settings = models.JSONField("票决规则（冻结）", default=dict)
    body_size = models.PositiveIntegerField("全体代表（实有数）", null=True, blank=True)
    present = models.PositiveIntegerField("出席代表", null=True, blank=True)
    issued_to = models.JSONField("发给选票的代表", default=list, blank=True)
    # An electronic ballot may hand paper ballots to some deputies (issue_paper_ballot): entered by
    # the two tellers and counted with the device ballots' decrypted totals, as in elections.
    paper_returned = models.PositiveIntegerField("收回纸质选票", null=True, blank=True)
    presidium_decision = models.JSONField("主席团决定入选的项目", default=list, blank=True)

    class Meta:
        verbose_name = "项目票决"
        verbose_name_plural = "项目票决"
        ordering = ["call", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def paper_issued(self) -> int:
        """Paper ballots handed out during an electronic ballot (issue_paper_ballot)."""
        return self.participations.filter(paper=True).count()


class Participation(models.Model):
    """A deputy has voted in a project ballot: who, never when or what. ``paper``: the deputy took
    a paper ballot instead of the device (as public as who voted; what they mark the tellers read)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(ProjectBallot, on_delete=models.CASCADE, related_name="participations")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+")
    paper = models.BooleanField("领取纸质选票", default=False)

    class Meta:
        verbose_name = "已投票记录"
        verbose_name_plural = "已投票记录"
        constraints = [
            models.UniqueConstraint(fields=["ballot", "deputy"], name="project_participation_once")
        ]


class TellerEntry(models.Model):
    """One paper sheet of a project ballot as one teller (计票人) read it; two tellers enter every
    sheet and the ballot is counted only when they agree on all of them (as elections.TellerEntry)."""

    ballot = models.ForeignKey(ProjectBallot, on_delete=models.CASCADE, related_name="teller_entries")
    teller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="计票人"
    )
    sheet = models.PositiveIntegerField("选票编号", help_text="计票时给收回的选票依次编的号")
    content = models.JSONField(
        "录入内容", help_text="与选票同一格式：所选项目名称（逐项表决为 {项目: [记号]}）"
    )

    class Meta:
        verbose_name = "计票录入"
        verbose_name_plural = "计票录入"
        ordering = ["ballot", "sheet", "teller"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "teller", "sheet"], name="project_teller_sheet_unique")
        ]


class Evaluation(CongressOwned):
    """测评 of a year's adopted projects by the deputies at the next session (secret ballot)."""

    class Method(models.TextChoices):
        ELECTRONIC = "electronic", "电子测评"
        PAPER = "paper", "纸质测评票（录入汇总数）"

    class Status(models.TextChoices):
        DRAFT = "draft", "未开始"
        OPEN = "open", "测评中"
        COUNTING = "counting", "计票中"
        CLOSED = "closed", "已公布"

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="evaluations", verbose_name="年度")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="project_evaluations", verbose_name="全体会议"
    )
    title = models.CharField("名称", max_length=200)
    method = models.CharField("方式", max_length=20, choices=Method.choices, default=Method.ELECTRONIC)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    items = models.JSONField("测评项目（冻结）", default=list)
    settings = models.JSONField("测评规则（冻结）", default=dict)
    body_size = models.PositiveIntegerField("全体代表（实有数）", null=True, blank=True)
    present = models.PositiveIntegerField("出席代表", null=True, blank=True)
    issued_to = models.JSONField("发给测评票的代表", default=list, blank=True)
    ballots_issued = models.PositiveIntegerField("发出测评票", null=True, blank=True)
    ballots_returned = models.PositiveIntegerField("收回测评票", null=True, blank=True)
    # An electronic evaluation may hand paper forms to some deputies (issue_paper_ballot); staff
    # enter their totals, which are added to the device ballots' decrypted totals.
    paper_returned = models.PositiveIntegerField("收回纸质测评票", null=True, blank=True)
    counts = models.JSONField("票数", null=True, blank=True)
    result = models.JSONField("测评结果", null=True, blank=True)
    opened_at = models.DateTimeField("开始测评", null=True, blank=True)
    closed_at = models.DateTimeField("公布时间", null=True, blank=True)
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
        ordering = ["call", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def evaluation_base_label(self) -> str:
        """The frozen 测评基数 in Chinese (the stored value is a slug)."""
        setting = rules.SETTINGS["evaluation_base"]
        return setting.display(self.settings.get("evaluation_base", setting.default))

    @property
    def paper_issued(self) -> int:
        """Paper forms handed out during an electronic evaluation (issue_paper_ballot)."""
        return self.participations.filter(paper=True).count()


class EvaluationParticipation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="participations")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+")
    paper = models.BooleanField("领取纸质测评票", default=False)

    class Meta:
        verbose_name = "已测评记录"
        verbose_name_plural = "已测评记录"
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "deputy"], name="evaluation_participation_once")
        ]
