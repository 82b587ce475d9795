"""Who and what a congress is made of: terms, deputies, committee members, units, stations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from core import cn
from registry import rules

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

    class Kind(models.TextChoices):
        """What kind of body (DOMAIN §11); the rules for each live in registry.rules."""

        CONGRESS = rules.CONGRESS, "人民代表大会"
        TOWNSHIP_CONGRESS = rules.TOWNSHIP_CONGRESS, "乡镇人民代表大会"
        WORKING_BODY = rules.WORKING_BODY, "人大工作委员会"
        RESIDENTS_COUNCIL = rules.RESIDENTS_COUNCIL, "居民议事会"

    level = models.CharField("层级", max_length=20, choices=Level.choices, default=Level.COUNTY)
    kind = models.CharField("机构类型", max_length=20, choices=Kind.choices, default=Kind.CONGRESS)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级机构",
        help_text="上一级人民代表大会，或设立本工委的人大常委会所属的人民代表大会",
    )
    settings = models.JSONField("本地设置", default=dict, blank=True)

    class Meta:
        verbose_name = "人民代表大会"
        verbose_name_plural = "人民代表大会"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_standing_committee(self) -> bool:
        return rules.has_standing_committee(self.kind)

    @property
    def holds_sessions(self) -> bool:
        return rules.holds_sessions(self.kind)

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
    """A 街道 or 乡镇 of the map. Its kind today; what it was before is in its MapChange rows."""

    class Kind(models.TextChoices):
        SUBDISTRICT = "subdistrict", "街道"
        TOWNSHIP = "township", "乡镇"

    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.SUBDISTRICT)
    established_on = models.DateField("设立日期", null=True, blank=True, help_text="留空表示系统启用前已设立")
    abolished_on = models.DateField("撤销日期", null=True, blank=True, help_text="由区划调整决定写入")

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
    opened_on = models.DateField("建站日期", null=True, blank=True)
    closed_on = models.DateField("撤站日期", null=True, blank=True)

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
        TERM_ENDED = "term_ended", "任期届满"  # set by 换届 (registry.workflow.term_change)

    class EndGround(models.TextChoices):
        """代表法 (代表资格终止) grounds, DOMAIN §10."""

        MOVED_AWAY = "moved_away", "迁出或者调离本行政区域"
        RESIGNED = "resigned", "辞职被接受"
        ABSENT_TWICE = "absent_twice", "未经批准两次不出席本级人民代表大会会议"
        RECALLED = "recalled", "被罢免"
        LOST_NATIONALITY = "lost_nationality", "丧失中华人民共和国国籍"
        DEPRIVED_OF_RIGHTS = "deprived_of_rights", "依照法律被剥夺政治权利"
        DIED = "died", "死亡"

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="deputies", verbose_name="届次")
    # One person may hold seats at several levels (DOMAIN §11): one login, a seat in each congress,
    # at most one current seat per congress (换届 moves the login to the new term's seat).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seats",
        related_query_name="deputy",
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
    end_ground = models.CharField("资格终止事由", max_length=30, choices=EndGround.choices, blank=True)
    end_decision = models.CharField(
        "终止依据", max_length=200, blank=True, help_text="常委会决定、公告或表决结果，例如 常委会第5次会议"
    )
    end_vote = models.JSONField(
        "表决结果", default=dict, blank=True, help_text="辞职、罢免的赞成票数与全体人数"
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name="补选接替",
        help_text="补选产生的代表所接替的出缺代表（任期至本届届满）",
    )

    class Meta:
        verbose_name = "代表"
        verbose_name_plural = "代表"
        ordering = ["number"]
        # One row per seat: a re-elected person has a row in each term (代表法: a term's seats end at 换届).
        constraints = [
            models.UniqueConstraint(fields=["congress", "term", "id_number"], name="deputy_id_number_unique"),
            models.UniqueConstraint(fields=["congress", "term", "phone"], name="deputy_phone_unique"),
            models.UniqueConstraint(fields=["congress", "term", "number"], name="deputy_number_unique"),
            models.UniqueConstraint(
                fields=["congress", "user"],
                condition=Q(user__isnull=False),
                name="deputy_one_login_per_congress",
            ),
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

    @property
    def seat_starts_on(self):
        """代表法: a term's seats run from its first session; a 补选 seat from the by-election."""
        return max(self.elected_on, self.term.starts_on)

    @property
    def seat_ends_on(self):
        ends = [d for d in (self.terminated_on, self.term.ends_on) if d]
        return min(ends) if ends else None


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
    holding = models.OneToOneField(
        "OfficeHolding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_membership",
        verbose_name="任职记录",
        help_text="由在任人员名册产生：选举结果宣布或常委会任免决定",
    )

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


class Post(CongressOwned):
    """A post of the register of office holders (在任人员名册), DOMAIN §7, §10."""

    class Kind(models.TextChoices):
        COMMITTEE_CHAIR = "committee_chair", "常委会主任"
        COMMITTEE_VICE_CHAIR = "committee_vice_chair", "常委会副主任"
        COMMITTEE_SECRETARY_GENERAL = "committee_secretary_general", "常委会秘书长"
        COMMITTEE_MEMBER = "committee_member", "常委会委员"
        GOVERNMENT_HEAD = "government_head", "人民政府正职（区长、县长）"
        GOVERNMENT_VICE_HEAD = "government_vice_head", "人民政府副职（副区长、副县长）"
        SUPERVISION_HEAD = "supervision_head", "监察委员会主任"
        COURT_PRESIDENT = "court_president", "人民法院院长"
        PROCURATOR_GENERAL = "procurator_general", "人民检察院检察长"
        APPOINTED = "appointed", "常委会任免的职务"

    name = models.CharField("职务名称", max_length=120, help_text="例如 常委会副主任、示范区教育局局长")
    kind = models.CharField("类别", max_length=40, choices=Kind.choices, default=Kind.APPOINTED)
    is_single = models.BooleanField(
        "单一职位", default=True, help_text="同一时间只能一人担任（如主任、院长、局长）；副职、委员不勾选"
    )
    order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "职务"
        verbose_name_plural = "职务"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="post_name_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def committee_position(self) -> str | None:
        """The seat on the standing committee this post gives (counts in M), or None."""
        return COMMITTEE_POSITIONS.get(self.kind)


class OfficeHolding(CongressOwned):
    """One person in one post from one date to another, and the decisions that began and ended it."""

    class Basis(models.TextChoices):
        ELECTION = "election", "人民代表大会选举"
        APPOINTMENT = "appointment", "常委会任命"
        ACTING = "acting", "常委会决定代理"
        REGISTERED = "registered", "登记（系统启用前已任职）"

    class EndBasis(models.TextChoices):
        REMOVAL = "removal", "常委会免职"
        RESIGNATION = "resignation", "接受辞职"
        SUCCEEDED = "succeeded", "选举产生新任"
        TERM_CHANGE = "term_change", "换届"
        SEAT_ENDED = "seat_ended", "代表资格终止"
        REGISTERED = "registered", "登记"

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="holdings", verbose_name="职务")
    person_name = models.CharField("姓名", max_length=30)
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="office_holdings",
        verbose_name="代表",
        help_text="常委会组成人员须为本级人大代表",
    )
    term = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="office_holdings",
        verbose_name="届次",
    )
    starts_on = models.DateField("任职日期")
    ends_on = models.DateField("离任日期", null=True, blank=True)
    basis = models.CharField("任职依据", max_length=20, choices=Basis.choices)
    decision = models.CharField(
        "任职决定", max_length=200, help_text="选举结果或任免决定，例如 第十七届人大第一次会议选举"
    )
    source = models.CharField("来源记录", max_length=60, blank=True, help_text="例如 elections.election:3")
    end_basis = models.CharField("离任依据", max_length=20, choices=EndBasis.choices, blank=True)
    end_decision = models.CharField("离任决定", max_length=200, blank=True)
    end_source = models.CharField("离任来源记录", max_length=60, blank=True)
    oath_on = models.DateField("宪法宣誓日期", null=True, blank=True)

    class Meta:
        verbose_name = "任职记录"
        verbose_name_plural = "在任人员名册"
        ordering = ["post__order", "post_id", "-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="office_holding_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["congress", "post", "ends_on"], name="office_holding_post_idx")]

    def __str__(self) -> str:
        prefix = "代理" if self.basis == self.Basis.ACTING else ""
        return f"{self.person_name}（{prefix}{self.post.name}）"


COMMITTEE_POSITIONS = {
    Post.Kind.COMMITTEE_CHAIR: CommitteeMembership.Position.CHAIR,
    Post.Kind.COMMITTEE_VICE_CHAIR: CommitteeMembership.Position.VICE_CHAIR,
    Post.Kind.COMMITTEE_SECRETARY_GENERAL: CommitteeMembership.Position.MEMBER,
    Post.Kind.COMMITTEE_MEMBER: CommitteeMembership.Position.MEMBER,
}


class MapChange(CongressOwned):
    """A decision that changes the map (撤镇设街道, 区划调整, a station opened or closed), DOMAIN §10."""

    class Kind(models.TextChoices):
        TOWNSHIP_TO_SUBDISTRICT = "township_to_subdistrict", "撤镇（乡）设街道"
        SUBDISTRICT_ESTABLISHED = "subdistrict_established", "新设街道（乡镇）"
        SUBDISTRICT_ABOLISHED = "subdistrict_abolished", "撤销街道（乡镇）"
        RENAMED = "renamed", "更名"
        STATION_OPENED = "station_opened", "联络站建站"
        STATION_CLOSED = "station_closed", "联络站撤站"

    kind = models.CharField("调整类型", max_length=40, choices=Kind.choices)
    decision = models.CharField(
        "决定或批复", max_length=200, help_text="例如 常委会关于撤销某镇设立某街道的决定"
    )
    decided_on = models.DateField("决定日期")
    effective_on = models.DateField("生效日期", help_text="决定日期或决定所称批准之日")
    subdistrict = models.ForeignKey(
        Subdistrict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="map_changes",
        verbose_name="街道（乡镇）",
    )
    station = models.ForeignKey(
        Station,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="map_changes",
        verbose_name="联络站",
    )
    old_value = models.CharField("调整前", max_length=100, blank=True)
    new_value = models.CharField("调整后", max_length=100, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "区划调整"
        verbose_name_plural = "区划调整"
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        target = self.subdistrict or self.station
        return f"{self.get_kind_display()}：{target}" if target else self.get_kind_display()


class StationMembership(CongressOwned):
    """进站代表 of any level: a deputy living or working in the station's area (DOMAIN §5, §11).

    The congress is the station's; the deputy's seat may be in any body of the same tree (a
    city or provincial deputy at a district station, a township deputy at its 街道's station).
    A deputy of the station's own congress may also be entered through ``Deputy.station``.
    """

    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="memberships", verbose_name="联络站"
    )
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="station_memberships", verbose_name="代表"
    )
    starts_on = models.DateField("进站日期")
    ends_on = models.DateField("离站日期", null=True, blank=True)

    class Meta:
        verbose_name = "进站代表"
        verbose_name_plural = "进站代表"
        ordering = ["station_id", "starts_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "deputy"],
                condition=Q(ends_on__isnull=True),
                name="station_membership_open_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.deputy.name}（{self.deputy.congress.display_short_name}代表）"


class CouncilMember(CongressOwned):
    """A member of a 居民议事会 (DOMAIN §11), who votes its livelihood matters (councils app).

    The congress is the council body (kind ``residents_council``). Resident representatives are
    most of it; deputies (of any body of the line, ``deputy``) and community staff sit with them.
    A member with a login (``user``) votes on a phone; one without votes on paper.
    """

    class Category(models.TextChoices):
        RESIDENT = "resident", "居民代表"
        DEPUTY = "deputy", "人大代表"
        COMMUNITY_STAFF = "community_staff", "社区工作人员"

    name = models.CharField("姓名", max_length=30)
    category = models.CharField("类别", max_length=20, choices=Category.choices, default=Category.RESIDENT)
    community = models.CharField("所在社区", max_length=60, blank=True, help_text="例如 青云社区")
    phone = models.CharField("手机号码", max_length=11, blank=True, validators=[mobile_validator])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_memberships",
        verbose_name="登录账户",
        help_text="用手机投票的成员须有登录账户；没有账户的成员用纸质选票",
    )
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_memberships",
        verbose_name="代表席位",
        help_text="人大代表成员在本级或上级人大的代表席位",
    )
    starts_on = models.DateField("加入日期")
    ends_on = models.DateField("退出日期", null=True, blank=True)

    class Meta:
        verbose_name = "议事会成员"
        verbose_name_plural = "议事会成员"
        ordering = ["category", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "user"],
                condition=Q(user__isnull=False, ends_on__isnull=True),
                name="council_member_one_login",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_category_display()}）"
