"""Liaison stations and the public: citizen messages, reception days, station activities.

The stations themselves, their subdistricts and communities and their deputies (Deputy.station,
the 进站代表) live in registry; this app records what happens at and through them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from registry.models import Community, CongressOwned, Deputy, Station, Subdistrict, Unit


class Topic(models.TextChoices):
    URBAN = "urban", "城市建设与管理"
    TRAFFIC = "traffic", "交通出行"
    ENVIRONMENT = "environment", "生态环境"
    EDUCATION = "education", "教育"
    HEALTH = "health", "医疗卫生"
    ELDERLY = "elderly", "养老与社会保障"
    EMPLOYMENT = "employment", "就业创业"
    HOUSING = "housing", "住房与物业"
    SAFETY = "safety", "公共安全"
    COMMUNITY = "community", "社区治理"
    ECONOMY = "economy", "经济发展"
    OTHER = "other", "其他"


class Message(CongressOwned):
    """群众意见（留言）: a citizen's message to a station, or to one of its deputies."""

    class Status(models.TextChoices):
        RECEIVED = "received", "已收到"
        ASSIGNED = "assigned", "办理中"
        AWAITING_REFERRAL = "awaiting_referral", "待转办"
        REFERRED = "referred", "已转办"
        CLOSED = "closed", "已办结"

    class Outcome(models.TextChoices):
        ANSWERED_ON_SPOT = "answered_on_spot", "当场答复"
        SUBDISTRICT = "subdistrict", "交街道办理"
        REFERRED = "referred", "转办承办单位"
        REFERRED_TO_BODY = "referred_to_body", "转交其他人大办理"
        SUGGESTION = "suggestion", "转为代表建议"
        DECLINED = "declined", "不予受理"

    class DeclineReason(models.TextChoices):
        """DOMAIN §5: matters already in other legal channels, and private disputes."""

        LITIGATION = "litigation", "已进入诉讼程序"
        ARBITRATION = "arbitration", "已进入仲裁程序"
        PETITION = "petition", "已进入信访程序"
        PRIVATE_DISPUTE = "private_dispute", "属于个人之间的民事纠纷"

    class Source(models.TextChoices):
        ONLINE = "online", "网上联络站"
        RECEPTION = "reception", "接待日"

    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="messages", verbose_name="联络站"
    )
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="station_messages",
        verbose_name="留言代表",
    )
    tracking_code = models.CharField("查询码", max_length=16, unique=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.ONLINE)
    reception = models.ForeignKey(
        "Reception",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name="接待日",
    )
    topic = models.CharField("主题", max_length=20, choices=Topic.choices)
    content = models.TextField("内容")
    content_digest = models.CharField("内容摘要值", max_length=64, db_index=True, editable=False)
    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, null=True, blank=True, verbose_name="所在街道"
    )
    community = models.ForeignKey(
        Community, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="所在社区"
    )
    name = models.CharField("姓名", max_length=30, blank=True)
    phone = models.CharField("手机号码", max_length=11, blank=True)
    photo = models.FileField("照片", upload_to="stations/photos/%Y/%m/", blank=True)
    publish_consent = models.BooleanField("同意公开", default=False)
    sms_opt_in = models.BooleanField("短信通知办理进展", default=False)
    repeat_count = models.PositiveSmallIntegerField("重复提交次数", default=0)

    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.RECEIVED)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="station_messages",
        verbose_name="经办人",
    )
    outcome = models.CharField("办理结果", max_length=20, choices=Outcome.choices, blank=True)
    decline_reason = models.CharField(
        "不予受理理由", max_length=20, choices=DeclineReason.choices, blank=True
    )
    reply = models.TextField("答复", blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="station_messages",
        verbose_name="承办单位",
    )
    refer_due = models.DateField("转办期限", null=True, blank=True)
    reply_due = models.DateField("答复期限", null=True, blank=True)
    referred_at = models.DateTimeField("转办时间", null=True, blank=True)
    # convert_to_suggestion links both ways: message.suggestion and suggestion.source_messages.
    suggestion = models.ForeignKey(
        "suggestions.Suggestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_messages",
        verbose_name="代表建议",
    )

    rating = models.PositiveSmallIntegerField("评价星级", null=True, blank=True)
    rating_comment = models.CharField("评价意见", max_length=500, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)

    created_at = models.DateTimeField("留言时间", db_index=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "群众留言"
        verbose_name_plural = "群众留言"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["congress", "station", "status"], name="message_station_status_idx"),
            models.Index(fields=["phone", "content_digest"], name="message_repeat_idx"),
            models.Index(fields=["congress", "unit", "status"], name="message_unit_status_idx"),
            # The year's figures of a body (and of its children, rolled up) count its messages by
            # arrival, status and source: an index-only scan on PostgreSQL (docs/performance.md).
            models.Index(
                fields=["congress", "created_at"],
                include=["status", "source"],
                name="message_congress_created_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="message_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="declined") | ~Q(decline_reason=""), name="message_declined_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()}（{self.display_code}）"

    @property
    def display_code(self) -> str:
        from stations.rules import format_tracking_code

        return format_tracking_code(self.tracking_code)


class Reception(CongressOwned):
    """接待日: announced ahead with time, place and deputies on duty; afterwards its record."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "已安排"
        HELD = "held", "已接待"
        CANCELLED = "cancelled", "已取消"

    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="receptions", verbose_name="联络站"
    )
    date = models.DateField("日期")
    starts_at = models.TimeField("开始时间")
    ends_at = models.TimeField("结束时间")
    place = models.CharField("地点", max_length=200, blank=True)
    deputies = models.ManyToManyField(Deputy, related_name="receptions", blank=True, verbose_name="接待代表")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    visitors = models.PositiveIntegerField("接待群众人次", null=True, blank=True)
    summary = models.TextField("接待情况", blank=True)
    created_at = models.DateTimeField("安排时间", auto_now_add=True)

    class Meta:
        verbose_name = "接待日"
        verbose_name_plural = "接待日"
        ordering = ["-date", "-starts_at", "-id"]
        indexes = [models.Index(fields=["congress", "station", "date"], name="reception_station_date_idx")]

    def __str__(self) -> str:
        return f"{self.station.name} {self.date:%Y-%m-%d} 接待日"


class ReceptionIssue(models.Model):
    """One issue raised at a reception: answered on the spot, to be referred, or just recorded."""

    class Result(models.TextChoices):
        ANSWERED_ON_SPOT = "answered_on_spot", "当场答复"
        REFERRED = "referred", "需转办"
        RECORDED = "recorded", "记录在案"

    reception = models.ForeignKey(
        Reception, on_delete=models.CASCADE, related_name="issues", verbose_name="接待日"
    )
    topic = models.CharField("主题", max_length=20, choices=Topic.choices)
    content = models.TextField("问题")
    visitor_name = models.CharField("群众姓名", max_length=30, blank=True)
    result = models.CharField("处理情况", max_length=20, choices=Result.choices)
    answer = models.TextField("答复", blank=True)
    message = models.OneToOneField(
        Message,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reception_issue",
        verbose_name="转入的留言",
    )

    class Meta:
        verbose_name = "接待日问题"
        verbose_name_plural = "接待日问题"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.content[:30]


class Activity(CongressOwned):
    """Themed activities (主题活动) and research visits (调研) of a station; feed performance records."""

    class Kind(models.TextChoices):
        THEMED = "themed", "主题活动"
        RESEARCH = "research", "调研"

    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="activities", verbose_name="联络站"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    title = models.CharField("主题", max_length=120)
    date = models.DateField("日期")
    deputies = models.ManyToManyField(
        Deputy, related_name="station_activities", blank=True, verbose_name="参加代表"
    )
    other_participants = models.CharField("其他参加人员", max_length=300, blank=True)
    results = models.TextField("活动成果", blank=True)
    # Opinions gathered at the activity are counted where they were raised (a report's "提出意见建议700余条"),
    # not typed in one by one as citizen messages; the list, if kept, goes in ``opinions``.
    opinions_raised = models.PositiveIntegerField("收集意见建议（条）", default=0)
    opinions = models.TextField("意见建议摘要", blank=True, help_text="每行一条，可不填")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "联络站活动"
        verbose_name_plural = "联络站活动"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title
