"""Discussion groups at a meeting (分组审议), what their members said, and the 审议意见 drafts.

DOMAIN §11: at a session deputies deliberate reports in groups (by 代表团), and what they say is
summarised into the deliberation opinions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from meetings.models import AgendaItem, Meeting
from registry.models import CongressOwned, Deputy


class DiscussionGroup(CongressOwned):
    class Status(models.TextChoices):
        OPEN = "open", "审议中"
        SUMMARISED = "summarised", "已汇总"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="discussion_groups", verbose_name="会议"
    )
    name = models.CharField("组名", max_length=60, help_text="例如 第一代表团")
    convenor = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="convened_groups",
        verbose_name="召集人",
    )
    room = models.CharField("审议地点", max_length=100, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OPEN)
    members = models.ManyToManyField(
        Deputy, through="GroupMembership", related_name="discussion_groups", verbose_name="成员"
    )

    class Meta:
        verbose_name = "审议小组"
        verbose_name_plural = "审议小组"
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name"], name="discussion_group_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    # meeting is repeated here so the database itself keeps one deputy in one group per meeting.
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+", verbose_name="会议")
    group = models.ForeignKey(
        DiscussionGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name="小组"
    )
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+", verbose_name="代表")

    class Meta:
        verbose_name = "小组成员"
        verbose_name_plural = "小组成员"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "deputy"], name="group_membership_one_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.deputy}"


class Speech(CongressOwned):
    group = models.ForeignKey(
        DiscussionGroup, on_delete=models.CASCADE, related_name="speeches", verbose_name="小组"
    )
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="speeches", verbose_name="发言代表"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="speeches", verbose_name="审议议题"
    )
    summary = models.TextField("发言摘要", max_length=4000)
    # A remark the deputy made from a private annotation on the meeting's material: the text it
    # is about (the version, the page and the passage quoted) stays linked to it.
    annotation = models.OneToOneField(
        "materials.Annotation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speech",
        verbose_name="所依据的批注",
    )
    material_version = models.ForeignKey(
        "materials.MaterialVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speeches",
        verbose_name="所涉材料版本",
    )
    page = models.PositiveIntegerField("所涉页码", null=True, blank=True)
    quote = models.CharField("所涉段落", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "审议发言"
        verbose_name_plural = "审议发言"
        ordering = ["agenda_item__order", "group_id", "pk"]

    def __str__(self) -> str:
        return f"{self.deputy}：{self.summary[:20]}"


class DeliberationOpinion(CongressOwned):
    """The office's 审议意见 draft for one agenda item; its first text comes from the speeches."""

    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="deliberation_opinion", verbose_name="议题"
    )
    text = models.TextField("审议意见", max_length=50000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="修改人"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "审议意见"
        verbose_name_plural = "审议意见"

    def __str__(self) -> str:
        return f"{self.agenda_item.title}审议意见"
