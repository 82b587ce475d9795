"""Who and what a congress is made of: terms, deputies, committee members, units, stations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from core import cn

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", "请输入11位手机号码，例如 13800138000。")


class Congress(models.Model):
    """A local people's congress: the tenant. Every record belongs to exactly one."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "设区的市级"
        COUNTY = "county", "县级（区、县）"
        TOWNSHIP = "township", "乡镇级"

    code = models.SlugField("代码", max_length=40, unique=True, help_text="英文字母、数字或连字符，例如 demo")
    name = models.CharField("名称", max_length=100, unique=True, help_text="例如 示范区人民代表大会")
    short_name = models.CharField("简称", max_length=40, blank=True, help_text="例如 示范区人大")
    region = models.CharField("行政区划", max_length=100, help_text="例如 示范区")
    level = models.CharField("层级", max_length=20, choices=Level.choices, default=Level.COUNTY)
    settings = models.JSONField("本地设置", default=dict, blank=True)

    class Meta:
        verbose_name = "人民代表大会"
        verbose_name_plural = "人民代表大会"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name


class CongressOwned(models.Model):
    """Every tenant record carries its congress; queries always filter on it."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, verbose_name="人大")

    class Meta:
        abstract = True


class Term(CongressOwned):
    number = models.PositiveSmallIntegerField("届次", help_text="第几届，例如 17")
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("届满日期", null=True, blank=True)

    class Meta:
        verbose_name = "届"
        verbose_name_plural = "届"
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["congress", "number"], name="term_number_unique")]

    def __str__(self) -> str:
        return cn.ordinal(self.number, "届")


class Subdistrict(CongressOwned):
    class Kind(models.TextChoices):
        SUBDISTRICT = "subdistrict", "街道"
        TOWNSHIP = "township", "乡镇"

    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.SUBDISTRICT)

    class Meta:
        verbose_name = "街道（乡镇）"
        verbose_name_plural = "街道（乡镇）"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="subdistrict_name_unique")]

    def __str__(self) -> str:
        return self.name


class Community(CongressOwned):
    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, related_name="communities", verbose_name="所属街道"
    )
    name = models.CharField("名称", max_length=60)

    class Meta:
        verbose_name = "社区（村）"
        verbose_name_plural = "社区（村）"
        ordering = ["subdistrict_id", "id"]
        constraints = [models.UniqueConstraint(fields=["subdistrict", "name"], name="community_name_unique")]

    def __str__(self) -> str:
        return self.name


class Station(CongressOwned):
    """人大代表联络站."""

    class Level(models.TextChoices):
        SUBDISTRICT = "subdistrict", "街道（乡镇）站"
        COMMUNITY = "community", "社区（村）站"

    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=20, choices=Level.choices)
    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, related_name="stations", verbose_name="所在街道"
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stations",
        verbose_name="所在社区",
    )
    address = models.CharField("地址", max_length=200)
    opening_hours = models.CharField("开放时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "代表联络站"
        verbose_name_plural = "代表联络站"
        ordering = ["subdistrict_id", "level", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="station_name_unique")]

    def __str__(self) -> str:
        return self.name


class Delegation(CongressOwned):
    """代表团 at a session, or a standing 代表小组."""

    class Kind(models.TextChoices):
        DELEGATION = "delegation", "代表团"
        DEPUTY_GROUP = "deputy_group", "代表小组"

    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.DELEGATION)

    class Meta:
        verbose_name = "代表团（组）"
        verbose_name_plural = "代表团（组）"
        ordering = ["kind", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="delegation_name_unique")]

    def __str__(self) -> str:
        return self.name


class Constituency(CongressOwned):
    name = models.CharField("名称", max_length=60)
    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, null=True, blank=True, verbose_name="所在街道"
    )

    class Meta:
        verbose_name = "选区"
        verbose_name_plural = "选区"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="constituency_name_unique")]

    def __str__(self) -> str:
        return self.name


class Deputy(CongressOwned):
    class Gender(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    class Status(models.TextChoices):
        SERVING = "serving", "在任"
        SUSPENDED = "suspended", "暂停执行代表职务"
        TERMINATED = "terminated", "代表资格终止"

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="deputies", verbose_name="届次")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy",
        verbose_name="登录账户",
    )
    number = models.CharField("代表证号", max_length=20, help_text="签到、检索用的代表编号")
    name = models.CharField("姓名", max_length=30)
    gender = models.CharField("性别", max_length=10, choices=Gender.choices)
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    birth_date = models.DateField("出生日期")
    party = models.CharField("政治面貌", max_length=30, default="中共党员")
    occupation = models.CharField("职业", max_length=60, blank=True)
    workplace = models.CharField("工作单位及职务", max_length=150, blank=True)
    id_number = models.CharField("身份证号", max_length=18)
    phone = models.CharField("手机号码", max_length=11, validators=[mobile_validator])
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputies",
        verbose_name="代表团（组）",
    )
    constituency = models.ForeignKey(
        Constituency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputies",
        verbose_name="选区",
    )
    station = models.ForeignKey(
        Station,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputies",
        verbose_name="进站联络站",
    )
    elected_on = models.DateField("当选日期")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SERVING)
    suspended_on = models.DateField("暂停执行职务日期", null=True, blank=True)
    terminated_on = models.DateField("资格终止日期", null=True, blank=True)
    status_reason = models.CharField("状态变更原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "代表"
        verbose_name_plural = "代表"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "id_number"], name="deputy_id_number_unique"),
            models.UniqueConstraint(fields=["congress", "phone"], name="deputy_phone_unique"),
            models.UniqueConstraint(fields=["congress", "term", "number"], name="deputy_number_unique"),
            models.CheckConstraint(
                condition=~Q(status="terminated") | Q(terminated_on__isnull=False),
                name="deputy_terminated_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="suspended") | Q(suspended_on__isnull=False),
                name="deputy_suspended_has_date",
            ),
        ]
        indexes = [models.Index(fields=["congress", "status"], name="deputy_status_idx")]

    def __str__(self) -> str:
        return self.name


class CommitteeMembership(CongressOwned):
    """A seat on the standing committee (常委会组成人员) held from one date to another."""

    class Position(models.TextChoices):
        CHAIR = "chair", "主任"
        VICE_CHAIR = "vice_chair", "副主任"
        MEMBER = "member", "委员"

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="committee_memberships", verbose_name="届次"
    )
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="committee_memberships", verbose_name="代表"
    )
    position = models.CharField("职务", max_length=20, choices=Position.choices, default=Position.MEMBER)
    starts_on = models.DateField("任职日期")
    ends_on = models.DateField("离任日期", null=True, blank=True)

    class Meta:
        verbose_name = "常委会组成人员"
        verbose_name_plural = "常委会组成人员"
        ordering = ["position", "starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.deputy.name}"


class Unit(CongressOwned):
    """承办单位: a body that handles deputies' suggestions and reports to the congress."""

    class Kind(models.TextChoices):
        GOVERNMENT_DEPARTMENT = "government_department", "政府部门"
        SUPERVISORY_COMMISSION = "supervisory_commission", "监察委员会"
        COURT = "court", "人民法院"
        PROCURATORATE = "procuratorate", "人民检察院"
        OTHER = "other", "其他单位"

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("类型", max_length=30, choices=Kind.choices, default=Kind.GOVERNMENT_DEPARTMENT)
    contact_person = models.CharField("联系人", max_length=30, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "承办单位"
        verbose_name_plural = "承办单位"
        ordering = ["kind", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="unit_name_unique")]

    def __str__(self) -> str:
        return self.name
