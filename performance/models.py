"""Deputy performance records (履职档案, DOMAIN §8; 代表法第五十八条).

Most of a record is counted from other apps' records (attendance, suggestions, oversight,
stations, projects) when it is read; see performance.queries. Only what no other app records
lives here: speeches in deliberation, training, reports to voters, voter contacts, awards
(PerformanceEntry), and the figures published each quarter (Publication).

The scoring table is per congress in Congress.settings["performance"] (see rules.DEFAULT_TABLE).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from registry.models import CongressOwned, Deputy


class PerformanceEntry(CongressOwned):
    """One thing a deputy did that only the office records, entered by staff."""

    class Kind(models.TextChoices):
        SPEECH = "speech", "审议发言"
        TRAINING = "training", "学习培训"
        DUTY_REPORT = "duty_report", "向选民述职"
        VOTER_CONTACT = "voter_contact", "联系选民"
        AWARD = "award", "表彰奖励"

    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="performance_entries", verbose_name="代表"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    date = models.DateField("日期")
    title = models.CharField(
        "事项", max_length=200, help_text="例如 在常委会第28次会议上审议预算执行情况报告时发言"
    )
    note = models.TextField(
        "备注（不公开）", blank=True, max_length=2000, help_text="仅代表本人、工作人员和领导可见"
    )
    evidence = models.FileField("佐证材料", upload_to="performance/evidence/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="登记人",
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "履职记录"
        verbose_name_plural = "履职记录"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["congress", "date"], name="perf_entry_date_idx"),
            models.Index(fields=["deputy", "date"], name="perf_entry_deputy_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} {self.get_kind_display()}：{self.title}"


class Publication(CongressOwned):
    """The figures made public for one period (1 January to the end of a quarter), frozen when published.

    Quarterly publication (DOMAIN §8): the public profile shows the latest published period;
    publishing again replaces that period's figures.
    """

    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField(
        "季度", choices=[(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度（全年）")]
    )
    figures = models.JSONField(
        "公开数据", default=dict, editable=False, help_text="代表 id → 各项数量；公布时冻结"
    )
    published_at = models.DateTimeField("公布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="公布人",
    )

    class Meta:
        verbose_name = "履职情况公开"
        verbose_name_plural = "履职情况公开"
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "year", "quarter"], name="perf_publication_unique"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="perf_publication_quarter_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_quarter_display()}"

    @property
    def period_label(self) -> str:
        return f"{self.year}年全年" if self.quarter == 4 else f"{self.year}年1—{self.quarter * 3}月"
