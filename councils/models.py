"""A residents' council's vote on its subdistrict's livelihood matters (居民议事会票选, DOMAIN §11).

The council is a body of the tree (Congress, kind ``residents_council``); its members are
registry.CouncilMember. A ballot is the projects' ballot (DOMAIN §3) held by the council: the same
ballot modes, the same one ballot box for a phone (encrypted on the device, only totals decrypted
by the tellers), the same two-teller reading of paper sheets. Who voted is a CouncilParticipation;
what was voted is never stored in clear. Its fields and properties in common with
projects.ProjectBallot live once in core.ballot_box.polls.TwoTellerBallot, so that
projects.workflow_ballot's reading and counting functions serve both.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from core.ballot_box.polls import TwoTellerBallot
from councils import rules
from registry.models import CongressOwned, CouncilMember


class CouncilBallot(CongressOwned, TwoTellerBallot):
    """One 票选 of the council: candidate matters and rules frozen when it is arranged."""

    class Method(models.TextChoices):
        ELECTRONIC = "electronic", "手机票选（电子选票）"
        PAPER = "paper", "纸质选票"

    class Status(models.TextChoices):
        DRAFT = "draft", "未开始"
        OPEN = "open", "投票中"
        COUNTING = "counting", "计票中"
        CLOSED = "closed", "已计票"
        PUBLISHED = "published", "已公布"

    title = models.CharField("名称", max_length=120)
    held_on = models.DateField("票选日期")
    method = models.CharField("投票方式", max_length=20, choices=Method.choices, default=Method.ELECTRONIC)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="拟定人"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    candidates = models.JSONField("候选事项（冻结）", default=list, help_text="选票上的事项名称，按序号")
    settings = models.JSONField("票选规则（冻结）", default=dict)
    body_size = models.PositiveIntegerField("全体成员（实有数）", null=True, blank=True)
    present = models.PositiveIntegerField("出席成员", null=True, blank=True)
    issued_to = models.JSONField("发给选票的成员", default=list, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    follows = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name="上一轮",
        help_text="票数相等或票选无效时的再次票选",
    )

    # Without a frozen n a 票选 fills one place; a phone 票选 hands out no paper ballots in between
    # (TwoTellerBallot: paper_issued 0, paper_returned None).
    ADOPT_DEFAULT = 1

    class Meta:
        verbose_name = "议事会票选"
        verbose_name_plural = "议事会票选"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["congress", "status"], name="council_ballot_status_idx")]

    def __str__(self) -> str:
        return self.title

    def settings_rows(self) -> list[tuple[str, str]]:
        """The frozen rules as staff and the public read them (Chinese labels, never slugs)."""
        return [
            (rules.SETTINGS[key].label, rules.SETTINGS[key].display(self.settings[key]))
            for key in rules.FROZEN
            if key in self.settings
        ]


class Matter(CongressOwned):
    """A candidate livelihood matter (民生事项) on a council's ballot."""

    ballot = models.ForeignKey(
        CouncilBallot, on_delete=models.CASCADE, related_name="matters", verbose_name="票选"
    )
    number = models.PositiveSmallIntegerField("序号")
    title = models.CharField("事项名称", max_length=rules.TITLE_MAX)
    content = models.TextField("说明", blank=True, max_length=rules.CONTENT_MAX)

    class Meta:
        verbose_name = "候选事项"
        verbose_name_plural = "候选事项"
        ordering = ["ballot", "number"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "title"], name="council_matter_title_unique")
        ]

    def __str__(self) -> str:
        return self.title


class CouncilParticipation(models.Model):
    """A member has voted on a phone: who, never when or what."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(CouncilBallot, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "已投票记录"
        verbose_name_plural = "已投票记录"
        constraints = [
            models.UniqueConstraint(fields=["ballot", "member"], name="council_participation_once")
        ]


class CouncilTellerEntry(models.Model):
    """One paper sheet as one teller read it (as projects.TellerEntry): counted when both agree."""

    ballot = models.ForeignKey(CouncilBallot, on_delete=models.CASCADE, related_name="teller_entries")
    teller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="计票人"
    )
    sheet = models.PositiveIntegerField("选票编号")
    content = models.JSONField("录入内容")

    class Meta:
        verbose_name = "计票录入"
        verbose_name_plural = "计票录入"
        ordering = ["ballot", "sheet", "teller"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "teller", "sheet"], name="council_teller_sheet_unique")
        ]
