"""The audit log: append-only, each entry chained to the previous one by a SHA-256 hash."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models


class AuditChainHead(models.Model):
    """The last entry of one chain (one chain per congress, 0 for deployment-wide actions).

    Appending locks this row, so concurrent writers take turns and never fork the chain.
    """

    chain = models.BigIntegerField(unique=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")


class AuditEntry(models.Model):
    # Plain ids, not foreign keys: an entry must outlive and never change with what it describes.
    chain = models.BigIntegerField("链", db_index=True)
    seq = models.BigIntegerField("序号")
    congress_id = models.BigIntegerField("人大", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("时间", db_index=True)
    actor_id = models.BigIntegerField("操作人编号", null=True, blank=True, db_index=True)
    actor_label = models.CharField("操作人", max_length=150, blank=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    changes = models.JSONField("变更", default=dict, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-created_at", "-seq"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_entry_chain_seq_unique")]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志只能追加，不能删除。")


class Notification(models.Model):
    """An in-app message to one user (reminders, assignments, replies…). Other channels are backends."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="接收人",
    )
    congress_id = models.BigIntegerField("人大", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    kind = models.CharField("类别", max_length=50, blank=True, db_index=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title


class ReminderSent(models.Model):
    """One deadline reminder sent (core.reminders): the unique key makes reminders idempotent."""

    key = models.CharField("期限", max_length=120)
    kind = models.CharField("提醒类别", max_length=20)
    due_on = models.DateField("到期日")
    sent_on = models.DateField("发送日")

    class Meta:
        verbose_name = "期限提醒"
        verbose_name_plural = "期限提醒"
        constraints = [
            models.UniqueConstraint(fields=["key", "kind", "due_on"], name="reminder_sent_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.kind}"


from core.ballot_box.models import BallotBox, SealedBallot, TellerKey  # noqa: E402,F401  (the app's models)


class Job(models.Model):
    """A long import, export or document run in the job queue (core.progress), with its progress.

    The page that started it polls this row; the result file is kept here (not on one server's
    disk), so any app server can show the progress and hand over the file.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "未完成"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", verbose_name="发起人"
    )
    congress_id = models.BigIntegerField("人大", null=True, blank=True)
    kind = models.CharField("类别", max_length=50)
    title = models.CharField("名称", max_length=200)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField("总数", default=0)
    done = models.PositiveIntegerField("已完成", default=0)
    message = models.CharField("结果", max_length=500, blank=True)
    errors = models.JSONField("问题清单", default=list, blank=True)
    result_name = models.CharField("结果文件名", max_length=200, blank=True)
    result = models.BinaryField("结果文件", null=True, blank=True)
    next_url = models.CharField("完成后前往", max_length=300, blank=True)
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    objects: ClassVar[models.Manager[Job]] = models.Manager()

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "created_at"], name="job_owner_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0
