"""A station message or a deputy suggestion referred to another body's office, up or down (DOMAIN §11).

The referral belongs to the referring body (its ``congress``); the receiving body (``target``)
sees it, and the item referred with it, through the referral only. The citizen keeps the
message's one tracking code: the public tracking page shows the referral and its handling.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from registry.models import Congress, CongressOwned


class Referral(CongressOwned):
    class Status(models.TextChoices):
        REFERRED = "referred", "已转交"
        ACCEPTED = "accepted", "已签收"
        REPLIED = "replied", "已答复"
        SENT_BACK = "sent_back", "已退回"
        ADOPTED = "adopted", "已接收立案"

    target = models.ForeignKey(
        Congress, on_delete=models.PROTECT, related_name="incoming_referrals", verbose_name="转交至"
    )
    message = models.ForeignKey(
        "stations.Message",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name="群众留言",
    )
    suggestion = models.ForeignKey(
        "suggestions.Suggestion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name="代表建议",
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.REFERRED)
    note = models.TextField("转交说明", help_text="为什么由对方办理，例如 属市级事权")
    referred_on = models.DateField("转交日期")
    accept_due = models.DateField("签收期限")
    reply_due = models.DateField("答复期限")
    accepted_on = models.DateField("签收日期", null=True, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    reply = models.TextField("办理答复", blank=True)
    send_back_reason = models.TextField("退回理由", blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="转交人"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="对方经办人",
    )

    class Meta:
        verbose_name = "跨级转交"
        verbose_name_plural = "跨级转交"
        ordering = ["-referred_on", "-id"]
        indexes = [
            models.Index(fields=["congress", "status"], name="referral_from_status_idx"),
            models.Index(fields=["target", "status"], name="referral_target_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(message__isnull=False) & Q(suggestion__isnull=True))
                | (Q(message__isnull=True) & Q(suggestion__isnull=False)),
                name="referral_one_item",
            ),
            models.CheckConstraint(
                condition=~Q(target=models.F("congress")), name="referral_to_another_body"
            ),
        ]

    def __str__(self) -> str:
        return f"转交{self.target.display_short_name}：{self.item_label}"

    @property
    def item(self):
        return self.message if self.message_id else self.suggestion

    @property
    def item_label(self) -> str:
        if self.message_id:
            return f"群众留言 {self.message.display_code}"
        return f"代表建议《{self.suggestion.title}》"
