"""What the ballot box stores: public keys, boxes and sealed (encrypted) ballots — never a choice.

A SealedBallot has a random id, its box, its ciphertexts with their proofs and its fingerprint:
no deputy, no time, no sequence. Who took part is the owner's participation table (e.g.
meetings.Participation), written in a separate transaction (see box.cast).
"""

from __future__ import annotations

import uuid

from django.db import models


class TellerKey(models.Model):
    """The public result of the tellers' key ceremony (计票人密钥): commitments only, no key share."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    congress_id = models.BigIntegerField("人大", db_index=True)
    owner = models.CharField("用于", max_length=100, unique=True)  # e.g. "meetings.meeting:12"
    context = models.CharField("密钥标识", max_length=200, unique=True)
    threshold = models.PositiveSmallIntegerField("解密所需计票人数")
    tellers = models.JSONField("计票人", default=list)  # names, teller j is tellers[j-1]
    dealings = models.JSONField("密钥承诺", default=list)
    public_key = models.CharField("公钥", max_length=64)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "计票人密钥"
        verbose_name_plural = "计票人密钥"

    def __str__(self) -> str:
        return f"计票人密钥（{self.threshold}/{len(self.tellers)}）"

    @property
    def fingerprint(self) -> str:
        from .crypto import key_fingerprint

        return key_fingerprint(self.public_key)


class BallotBox(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "投票中"
        CLOSED = "closed", "待计票人解密"
        COUNTED = "counted", "已解密计票"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    congress_id = models.BigIntegerField("人大", db_index=True)
    owner = models.CharField("用于", max_length=100, unique=True)  # e.g. "meetings.vote:5"
    key = models.ForeignKey(
        TellerKey, on_delete=models.PROTECT, related_name="boxes", verbose_name="计票人密钥"
    )
    spec = models.JSONField("选票规则")
    labels = models.JSONField("各项名称", default=list)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OPEN)
    ballots_count = models.PositiveIntegerField("选票数", null=True, blank=True)
    aggregate = models.JSONField("密文之和", null=True, blank=True)
    decryption_shares = models.JSONField("解密份额", default=list, blank=True)
    totals = models.JSONField("解密结果", null=True, blank=True)

    class Meta:
        verbose_name = "票箱"
        verbose_name_plural = "票箱"

    def __str__(self) -> str:
        return f"票箱 {self.owner}"

    @property
    def context(self) -> str:
        """What every proof of this box is bound to: a ballot or a share for another box fails."""
        return f"renda|box|{self.pk}|{self.key.public_key}"


class SealedBallot(models.Model):
    """One encrypted ballot: random id, box, content (ciphertexts and proofs), fingerprint."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    box = models.ForeignKey(BallotBox, on_delete=models.CASCADE, related_name="ballots", verbose_name="票箱")
    fingerprint = models.CharField("选票指纹", max_length=64)
    content = models.JSONField("密文与证明")

    class Meta:
        verbose_name = "加密选票"
        verbose_name_plural = "加密选票"
        # A ballot replayed (by anyone) is refused by the database, also under concurrency.
        constraints = [models.UniqueConstraint(fields=["box", "fingerprint"], name="sealed_ballot_once")]

    def __str__(self) -> str:
        return "加密选票"
