"""Elections at a session (DOMAIN §2): office groups, nominations, candidates, rounds, ballots.

Secrecy: who has voted is a Participation; what was voted on a deputy's device is a sealed
(encrypted) ballot in the round's ballot box (core.ballot_box), of which only the totals are ever
decrypted, by the tellers' key shares. Paper sheets are TellerEntry rows, numbered as the tellers
count them. See docs/secret-ballot.md.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from elections import rules as election_rules
from meetings import rules
from meetings.models import AgendaItem, Meeting
from registry.models import CongressOwned, Deputy


class Election(CongressOwned):
    class Status(models.TextChoices):
        PREPARING = "preparing", "筹备中"
        ANNOUNCED = "announced", "已宣布结果"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="elections", verbose_name="全体会议"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="elections",
        verbose_name="议题",
    )
    title = models.CharField(
        "名称", max_length=200, help_text="例如 选举示范区第十七届人民代表大会常务委员会副主任"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PREPARING)
    announced_at = models.DateTimeField("宣布时间", null=True, blank=True)

    class Meta:
        verbose_name = "选举"
        verbose_name_plural = "选举"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class OfficeGroup(models.Model):
    """One office on the ballot (one column of a multi-office ballot), with S seats."""

    class Status(models.TextChoices):
        NOMINATING = "nominating", "提名中"
        CANDIDATES_FIXED = "candidates_fixed", "候选人已确定"

    class WriteInRule(models.TextChoices):
        DEPUTY = "deputy", "须为本级人大代表"
        ANY = "any", "不限（工作人员核实资格）"

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="office_groups", verbose_name="选举"
    )
    order = models.PositiveSmallIntegerField("序号", default=1)
    office = models.CharField(
        "职位类别",
        max_length=30,
        choices=list(rules.OFFICES.items()),
        help_text="决定差额规定（组织法第二十七条、选举法第三十一条）",
    )
    post = models.CharField("职位名称", max_length=60, help_text="例如 常委会副主任")
    seats = models.PositiveSmallIntegerField("应选名额")
    extra = models.PositiveSmallIntegerField(
        "差额数", null=True, blank=True, help_text="选举办法规定的具体差额数；留空则只按法定范围检查"
    )
    write_in_rule = models.CharField(
        "另选他人资格",
        max_length=20,
        choices=WriteInRule.choices,
        default=WriteInRule.DEPUTY,
        help_text="常委会组成人员须为本级人大代表",
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.NOMINATING)
    preliminary_votes = models.JSONField(
        "预选得票", default=dict, blank=True, help_text="被提名人 → 预选得票数；不需要预选时为空"
    )

    class Meta:
        verbose_name = "职位组"
        verbose_name_plural = "职位组"
        ordering = ["election", "order", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(seats__gte=1), name="office_group_seats")]

    def __str__(self) -> str:
        return f"{self.post}（应选 {self.seats} 名）"

    @property
    def office_label(self) -> str:
        """The category in the words of the electing body (a township's 正职 names no 常委会 post)."""
        return election_rules.office_label(self.election.congress.kind, self.office)


class Nomination(models.Model):
    """主席团提名 or 代表联名提名 (组织法第二十六条)."""

    class Kind(models.TextChoices):
        PRESIDIUM = "presidium", "主席团提名"
        DEPUTIES = "deputies", "代表联名提名"

    office_group = models.ForeignKey(
        OfficeGroup, on_delete=models.CASCADE, related_name="nominations", verbose_name="职位组"
    )
    kind = models.CharField("提名方式", max_length=20, choices=Kind.choices)
    nominators = models.ManyToManyField(Deputy, blank=True, related_name="+", verbose_name="联名代表")
    names = models.JSONField("被提名人", default=list)

    class Meta:
        verbose_name = "提名"
        verbose_name_plural = "提名"
        ordering = ["office_group", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{'、'.join(self.names)}"


class Candidate(models.Model):
    """A formal candidate (正式候选人) of an office group; ``name`` is what the ballot prints."""

    office_group = models.ForeignKey(
        OfficeGroup, on_delete=models.CASCADE, related_name="candidates", verbose_name="职位组"
    )
    name = models.CharField("姓名", max_length=30, help_text="选票上印的姓名；重名时加注以区分")
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="代表"
    )
    order = models.PositiveSmallIntegerField("选票顺序")
    from_preliminary_vote = models.BooleanField("经预选产生", default=False)

    class Meta:
        verbose_name = "候选人"
        verbose_name_plural = "候选人"
        ordering = ["office_group", "order"]
        constraints = [models.UniqueConstraint(fields=["office_group", "name"], name="candidate_name_unique")]

    def __str__(self) -> str:
        return self.name


class Round(models.Model):
    """One vote of one office group. Every round is kept: 重选, 再次投票 and 另行选举 are new rounds."""

    class Kind(models.TextChoices):
        REGULAR = "regular", "选举"
        REVOTE = "revote", "再次投票"
        SUPPLEMENTARY = "supplementary", "另行选举"
        RERUN = "rerun", "重选"

    class Status(models.TextChoices):
        DRAFT = "draft", "未开始"
        OPEN = "open", "投票中"
        COUNTING = "counting", "计票中"
        CLOSED = "closed", "已计票"
        CANCELLED = "cancelled", "不再进行"

    class Method(models.TextChoices):
        ELECTRONIC = "electronic", "电子选票"
        PAPER = "paper", "纸质选票"

    office_group = models.ForeignKey(
        OfficeGroup, on_delete=models.CASCADE, related_name="rounds", verbose_name="职位组"
    )
    number = models.PositiveSmallIntegerField("轮次")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    follows = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="上一轮"
    )
    seats = models.PositiveSmallIntegerField("本轮应选名额")
    candidates = models.ManyToManyField(
        Candidate, through="RoundCandidate", related_name="rounds", verbose_name="本轮候选人"
    )
    method = models.CharField("投票方式", max_length=20, choices=Method.choices, default=Method.ELECTRONIC)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    scrutineers = models.ManyToManyField(Deputy, blank=True, related_name="+", verbose_name="监票人")
    tellers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="计票人"
    )
    body_size = models.PositiveIntegerField("全体代表（实有数）", null=True, blank=True)
    present = models.PositiveIntegerField("出席代表", null=True, blank=True)
    # Electronic ballots are issued to the deputies present when the round opens; who was issued a
    # ballot is public (it is the sign-in list), what they marked is not.
    issued_to = models.JSONField("发给选票的代表", default=list, blank=True)
    ballots_issued = models.PositiveIntegerField("发出选票", null=True, blank=True)
    ballots_returned = models.PositiveIntegerField("收回选票", null=True, blank=True)
    result = models.JSONField("计票结果", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    opened_at = models.DateTimeField("开始投票", null=True, blank=True)
    closed_at = models.DateTimeField("计票完成", null=True, blank=True)
    # An electronic round also takes paper ballots (e.g. a deputy who writes a name in, 另选他人):
    # each one issued is recorded as that deputy's participation; the tellers enter the sheets.
    paper_issued = models.PositiveIntegerField("领取纸质选票", default=0)
    paper_returned = models.PositiveIntegerField("收回纸质选票", null=True, blank=True)
    # An electronic round's encrypted ballots (core.ballot_box): set when the round opens.
    ballot_box = models.OneToOneField(
        "core.BallotBox",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="票箱",
    )

    class Meta:
        verbose_name = "投票轮次"
        verbose_name_plural = "投票轮次"
        ordering = ["office_group", "number"]
        constraints = [models.UniqueConstraint(fields=["office_group", "number"], name="round_number_unique")]

    def __str__(self) -> str:
        return f"{self.office_group.post} 第{self.number}轮（{self.get_kind_display()}）"

    @property
    def candidate_names(self) -> list[str]:
        return [
            rc.candidate.name for rc in self.round_candidates.select_related("candidate").order_by("order")
        ]

    @property
    def sheets(self) -> int:
        """How many paper sheets the two tellers enter: all returned ballots of a paper round, the
        paper ballots returned in an electronic one."""
        if self.method == Round.Method.PAPER:
            return self.ballots_returned or 0
        return self.paper_returned or 0

    @property
    def counting_kind(self) -> str:
        """A 重选 is counted like the round it repeats."""
        current = self
        while current.kind == Round.Kind.RERUN and current.follows_id:
            current = current.follows
        return current.kind if current.kind != Round.Kind.RERUN else Round.Kind.REGULAR


class RoundCandidate(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_candidates")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["round", "order"]
        constraints = [models.UniqueConstraint(fields=["round", "candidate"], name="round_candidate_unique")]


class Participation(models.Model):
    """A deputy has voted in a round. No timestamp, random id: it says who, never when or what."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "已投票记录"
        verbose_name_plural = "已投票记录"
        # The one thing that stops a double vote, also under concurrent requests.
        constraints = [models.UniqueConstraint(fields=["round", "deputy"], name="participation_once")]


class TellerEntry(models.Model):
    """One paper ballot sheet as one teller (计票人) read it; two tellers enter every sheet."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="teller_entries")
    teller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="计票人"
    )
    sheet = models.PositiveIntegerField("选票编号", help_text="计票时给收回的选票依次编的号")
    content = models.JSONField("录入内容")

    class Meta:
        verbose_name = "计票录入"
        verbose_name_plural = "计票录入"
        ordering = ["round", "sheet", "teller"]
        constraints = [
            models.UniqueConstraint(fields=["round", "teller", "sheet"], name="teller_sheet_unique")
        ]
