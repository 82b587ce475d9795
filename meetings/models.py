"""Congress sessions and meetings: who belongs to the body, who is present, what is on the agenda."""

from __future__ import annotations

from django.db import models

from core import cn
from registry.models import CongressOwned, Deputy, Term


class CongressSession(CongressOwned):
    """人代会的一次会议, e.g. 第十七届人民代表大会第五次会议."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sessions", verbose_name="届次")
    number = models.PositiveSmallIntegerField("会议次数", help_text="第几次会议")
    starts_on = models.DateField("开幕日期")
    ends_on = models.DateField("闭幕日期", null=True, blank=True)
    presidium = models.ManyToManyField(
        Deputy, blank=True, related_name="presidium_sessions", verbose_name="主席团成员"
    )
    # A township 主席团 convenes the next session between sessions (组织法; DOMAIN §11).
    convened_by = models.ForeignKey(
        "Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="convened_sessions",
        verbose_name="决定召集的主席团会议",
    )

    class Meta:
        verbose_name = "人代会会议"
        verbose_name_plural = "人代会会议"
        ordering = ["-starts_on"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="session_number_unique")]

    def __str__(self) -> str:
        return f"{self.congress.region}{self.term}人民代表大会{cn.ordinal(self.number, '次会议')}"


class Meeting(CongressOwned):
    """One sitting of a body. Its members and their number are frozen when it opens."""

    class Kind(models.TextChoices):
        PREPARATORY_MEETING = "preparatory_meeting", "预备会议"
        PLENARY = "plenary", "全体会议"
        COMMITTEE_MEETING = "committee_meeting", "常委会会议"
        CHAIRS_MEETING = "chairs_meeting", "主任会议"
        PRESIDIUM_MEETING = "presidium_meeting", "主席团会议"
        # A working body's (人大工委) annual meeting of the deputies stationed in its area.
        DEPUTIES_MEETING = "deputies_meeting", "代表会议"

    class Body(models.TextChoices):
        CONGRESS = "congress", "全体代表"
        COMMITTEE = "committee", "常委会全体组成人员"
        PRESIDIUM = "presidium", "主席团全体成员"
        CHAIRS = "chairs", "主任会议成员"
        STATIONED = "stationed", "驻区各级人大代表"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "未开始"
        OPEN = "open", "进行中"
        CLOSED = "closed", "已结束"

    class ScreenDisplay(models.TextChoices):
        LIVE = "live", "正在进行的表决和选举"
        AGENDA = "agenda", "议程"
        ATTENDANCE = "attendance", "出席情况"
        ITEM = "item", "指定的表决或选举"
        SUMMARY = "summary", "本次会议表决和选举结果汇总"

    BODY_OF_KIND = {
        Kind.PREPARATORY_MEETING: Body.CONGRESS,
        Kind.PLENARY: Body.CONGRESS,
        Kind.COMMITTEE_MEETING: Body.COMMITTEE,
        Kind.CHAIRS_MEETING: Body.CHAIRS,
        Kind.PRESIDIUM_MEETING: Body.PRESIDIUM,
        Kind.DEPUTIES_MEETING: Body.STATIONED,
    }

    kind = models.CharField("会议类型", max_length=30, choices=Kind.choices)
    session = models.ForeignKey(
        CongressSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name="所属人代会会议",
        help_text="预备会议、全体会议和主席团会议属于某次人代会",
    )
    number = models.PositiveSmallIntegerField("次数", help_text="例如 常委会第28次会议、第二次全体会议")
    title = models.CharField("名称", max_length=200)
    starts_at = models.DateTimeField("开始时间")
    location = models.CharField("地点", max_length=100, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    body_size = models.PositiveIntegerField(
        "应到人数（实有数）", null=True, blank=True, help_text="开会时按实有数冻结，不手工填写"
    )
    opened_at = models.DateTimeField("开会时间", null=True, blank=True)
    closed_at = models.DateTimeField("散会时间", null=True, blank=True)
    # What the chair's console (会中控制台) has chosen: the item under deliberation and what the
    # hall's big screen shows (workflow.take_up_agenda_item, workflow.show_on_screen; audited).
    current_agenda_item = models.ForeignKey(
        "AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="当前议题",
    )
    screen_display = models.CharField(
        "大屏显示", max_length=20, choices=ScreenDisplay.choices, default=ScreenDisplay.LIVE
    )
    screen_target = models.CharField(
        "大屏显示的事项",
        max_length=40,
        blank=True,
        help_text="显示指定事项时：表决、某一职位的投票或某项选举的结果",
    )

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["congress", "kind", "starts_at"], name="meeting_kind_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def body(self) -> str:
        return self.BODY_OF_KIND[self.kind]


class Attendance(models.Model):
    """One member of the body at one meeting. Rows are created for every member when it opens."""

    class Status(models.TextChoices):
        ABSENT = "absent", "缺席"
        PRESENT = "present", "出席"
        ON_LEAVE = "on_leave", "请假"
        ATTENDING_NONVOTING = "attending_nonvoting", "列席"

    class Method(models.TextChoices):
        DEVICE = "device", "本人设备签到"
        DESK = "desk", "报到处签到"
        QR = "qr", "扫码签到"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name="会议"
    )
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="attendances", verbose_name="代表"
    )
    status = models.CharField("出席情况", max_length=30, choices=Status.choices, default=Status.ABSENT)
    leave_reason = models.CharField("请假事由", max_length=200, blank=True)
    signed_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    method = models.CharField("签到方式", max_length=10, choices=Method.choices, blank=True)

    class Meta:
        verbose_name = "出席记录"
        verbose_name_plural = "出席记录"
        constraints = [models.UniqueConstraint(fields=["meeting", "deputy"], name="attendance_unique")]
        indexes = [models.Index(fields=["meeting", "status"], name="attendance_status_idx")]

    def __str__(self) -> str:
        return f"{self.deputy} {self.get_status_display()}"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", "审议报告"
        RESOLUTION = "resolution", "决议、决定"
        APPOINTMENT = "appointment", "人事任免"
        ELECTION = "election", "选举"
        PROJECT_BALLOT = "project_ballot", "民生实事项目票决"
        OTHER = "other", "其他"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name="会议"
    )
    order = models.PositiveSmallIntegerField("序号")
    title = models.CharField("议题", max_length=300)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.REPORT)
    in_writing = models.BooleanField(
        "书面印发", default=False, help_text="书面印发的报告不作口头报告、不付表决，会上分组讨论"
    )

    class Meta:
        verbose_name = "议题"
        verbose_name_plural = "议程"
        ordering = ["meeting", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class PresidiumRole(models.Model):
    """主席 or 副主席 among a session's 主席团 members (a township congress: 组织法, DOMAIN §11)."""

    class Role(models.TextChoices):
        CHAIR = "chair", "主席"
        VICE_CHAIR = "vice_chair", "副主席"

    session = models.ForeignKey(
        CongressSession, on_delete=models.CASCADE, related_name="presidium_roles", verbose_name="人代会会议"
    )
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+", verbose_name="代表")
    role = models.CharField("职务", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "主席团职务"
        verbose_name_plural = "主席团职务"
        ordering = ["session", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "deputy"], name="presidium_role_one_per_deputy"),
            models.UniqueConstraint(
                fields=["session"], condition=models.Q(role="chair"), name="presidium_one_chair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.deputy.name}"


class Guest(models.Model):
    """特邀嘉宾 at a meeting: not a member, never in the body size, the quorum or a vote."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests", verbose_name="会议")
    name = models.CharField("姓名", max_length=50)
    unit = models.CharField("单位及职务", max_length=100)

    class Meta:
        verbose_name = "特邀嘉宾"
        verbose_name_plural = "特邀嘉宾"
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class Vote(CongressOwned):
    """表决 on one item. The body size and the number present are frozen when it opens.

    For a secret electronic vote, who has voted is a Participation and what was voted an
    encrypted ballot in the vote's ballot box (core.ballot_box, docs/secret-ballot.md), which
    only the tellers' key shares can total; no single ballot is ever decrypted.
    """

    class Method(models.TextChoices):
        ELECTRONIC = "electronic", "电子表决"
        PAPER = "paper", "举手或书面表决（人工计数）"

    class Status(models.TextChoices):
        DRAFT = "draft", "未开始"
        OPEN = "open", "表决中"
        COUNTING = "counting", "待计票人解密"
        CLOSED = "closed", "已结束"

    class Choice(models.TextChoices):
        YES = "yes", "赞成"
        NO = "no", "反对"
        ABSTAIN = "abstain", "弃权"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="votes", verbose_name="会议")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name="议题",
    )
    title = models.CharField("表决事项", max_length=300)
    secret = models.BooleanField(
        "无记名表决",
        default=True,
        help_text="无记名：只记录谁已投票，不记录谁投了什么；记名：公开每人的表决意见",
    )
    method = models.CharField("表决方式", max_length=20, choices=Method.choices, default=Method.ELECTRONIC)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    body_size = models.PositiveIntegerField("应到人数（实有数）", null=True, blank=True)
    present = models.PositiveIntegerField("出席人数", null=True, blank=True, help_text="开始表决时冻结")
    opened_at = models.DateTimeField("开始表决时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束表决时间", null=True, blank=True)
    yes = models.PositiveIntegerField("赞成", null=True, blank=True)
    no = models.PositiveIntegerField("反对", null=True, blank=True)
    abstain = models.PositiveIntegerField("弃权", null=True, blank=True)
    not_voted = models.PositiveIntegerField("未按", null=True, blank=True)
    passed = models.BooleanField("通过", null=True, blank=True)
    # A secret electronic vote may hand paper ballots to some members (issue_paper_ballot): each is
    # that member's participation; staff enter the paper ballots' totals, added to the box's totals.
    paper_issued = models.PositiveIntegerField("领取纸质表决票", default=0)
    # A secret electronic vote's encrypted ballots (core.ballot_box): set when the vote opens.
    ballot_box = models.OneToOneField(
        "core.BallotBox",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="票箱",
    )

    class Meta:
        verbose_name = "表决"
        verbose_name_plural = "表决"
        ordering = ["meeting", "id"]
        constraints = [
            # The big screen and the devices show one vote at a time.
            models.UniqueConstraint(
                fields=["meeting"], condition=models.Q(status="open"), name="vote_one_open_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def eligible(self) -> int | None:
        """Who may vote: the voting members present when the vote opened."""
        return self.present


class Participation(models.Model):
    """Who has voted. One row per deputy and vote: the database refuses a second one.

    For a secret vote this row carries no choice (and no time);
    for a roll-call (记名) vote it carries the choice, which is public.
    """

    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, related_name="participations", verbose_name="表决"
    )
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="participations", verbose_name="代表"
    )
    choice = models.CharField(
        "表决意见（仅记名表决）", max_length=10, choices=Vote.Choice.choices, blank=True
    )

    class Meta:
        verbose_name = "已投票记录"
        verbose_name_plural = "已投票记录"
        constraints = [models.UniqueConstraint(fields=["vote", "deputy"], name="vote_participation_once")]

    def __str__(self) -> str:
        return f"{self.deputy} 已投票"
