"""Demo step for the registry and accounts: the fictional 示范区 congress and one account per role.

Nothing here is a real person or place. Names are drawn from surname and given-name pools
(skipping a few that belong to well-known people), ID numbers use region codes 9901xx, which
do not exist, and companies, schools and streets are invented and prefixed with 示范区.

`plan(rng)` is pure (no database): the same seed always gives the same congress. `load(demo)`
writes the plan with bulk inserts and one pre-hashed password.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from accounts.models import Role, RoleAssignment, User
from core import cn
from registry.models import (
    CommitteeMembership,
    Community,
    Congress,
    Constituency,
    Delegation,
    Deputy,
    MapChange,
    OfficeHolding,
    Post,
    Station,
    Subdistrict,
    Term,
    Unit,
)
from registry.rules import id_number_check_digit

TERM_NUMBER = 17
TERM_STARTS_ON = dt.date(2021, 12, 28)
ELECTED_ON = dt.date(2021, 12, 1)
SEATS = 365  # N: deputies holding a seat today (one of them suspended)
TERMINATED = 2  # plus two records whose seat has ended
VICE_CHAIRS = 5
FULL_TIME_MEMBERS = 12  # committee members working for the 常委会; 11 more hold other jobs
COMMITTEE_SEATS = 29  # M
COMMUNITIES = 67
CONSTITUENCIES = 120
OFFICE_DELEGATION = "机关代表团"

# Invented; checked against the obviously famous (no district, city or scenic area of that name).
SUBDISTRICT_STEMS = (
    "青云",
    "明湖",
    "松涛",
    "望川",
    "金穗",
    "柳岸",
    "桐林",
    "春晖",
    "云锦",
    "竹韵",
    "沐风",
    "映雪",
    "听涛",
    "朗月",
)
COMMUNITY_FIRST = "东西南北新和安康福华兴文景翠碧嘉瑞祥乐泰宁丰荣盛德清怡"
COMMUNITY_SECOND = "苑园坊里湾桥庭湖城岸林源阁门塘溪坪"

UNITS = (
    ("示范区人民政府办公室", "区政府办", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区发展和改革局", "区发展改革局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区教育局", "区教育局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区科学技术局", "区科技局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区工业和信息化局", "区工信局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区公安分局", "区公安分局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区民政局", "区民政局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区司法局", "区司法局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区财政局", "区财政局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区人力资源和社会保障局", "区人社局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区自然资源和规划分局", "区规划自然资源分局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区生态环境分局", "区生态环境分局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区住房和城乡建设局", "区住建局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区交通运输局", "区交通局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区水利局", "区水利局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区农业农村局", "区农业农村局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区商务局", "区商务局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区文化和旅游局", "区文旅局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区卫生健康局", "区卫健局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区退役军人事务局", "区退役军人局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区应急管理局", "区应急局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区审计局", "区审计局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区市场监督管理局", "区市场监管局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区医疗保障局", "区医保局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区城市管理局", "区城管局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区数据局", "区数据局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区统计局", "区统计局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区体育局", "区体育局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区信访局", "区信访局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区园林绿化局", "区园林绿化局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区税务局", "区税务局", Unit.Kind.GOVERNMENT_DEPARTMENT),
    ("示范区人民法院", "区法院", Unit.Kind.COURT),
    ("示范区人民检察院", "区检察院", Unit.Kind.PROCURATORATE),
    ("示范区消防救援大队", "区消防救援大队", Unit.Kind.OTHER),
    ("示范区住房公积金管理中心", "区公积金中心", Unit.Kind.OTHER),
    ("示范区供电公司", "区供电公司", Unit.Kind.OTHER),
    ("示范区自来水公司", "区自来水公司", Unit.Kind.OTHER),
    ("示范区燃气公司", "区燃气公司", Unit.Kind.OTHER),
    ("示范区公交公司", "区公交公司", Unit.Kind.OTHER),
    ("示范区邮政分公司", "区邮政分公司", Unit.Kind.OTHER),
)
SHOWCASE_UNIT = "示范区教育局"  # its handler is the `unit` account

# Approximate frequencies (per mille) of common surnames.
SURNAMES = {
    "王": 71,
    "李": 70,
    "张": 67,
    "刘": 54,
    "陈": 45,
    "杨": 31,
    "黄": 22,
    "赵": 20,
    "吴": 20,
    "周": 19,
    "徐": 15,
    "孙": 15,
    "马": 14,
    "朱": 13,
    "胡": 12,
    "郭": 12,
    "何": 12,
    "高": 11,
    "林": 11,
    "罗": 9,
    "郑": 9,
    "梁": 9,
    "谢": 8,
    "宋": 8,
    "唐": 8,
    "许": 7,
    "韩": 7,
    "冯": 7,
    "邓": 7,
    "曹": 7,
    "彭": 6,
    "曾": 6,
    "肖": 6,
    "田": 6,
    "董": 5,
    "袁": 5,
    "潘": 5,
    "于": 5,
    "蒋": 5,
    "蔡": 5,
    "余": 5,
    "杜": 5,
    "叶": 5,
    "程": 4,
    "苏": 4,
    "魏": 4,
    "吕": 4,
    "丁": 4,
    "任": 4,
    "沈": 4,
    "姚": 4,
    "卢": 4,
    "姜": 3,
    "崔": 3,
    "钟": 3,
    "谭": 3,
    "陆": 3,
    "汪": 3,
    "范": 3,
    "金": 3,
    "石": 3,
    "廖": 3,
    "贾": 3,
    "夏": 3,
    "韦": 3,
    "付": 3,
    "方": 3,
    "白": 3,
    "邹": 3,
    "孟": 3,
    "熊": 3,
    "秦": 3,
    "邱": 3,
    "江": 3,
    "尹": 3,
    "薛": 2,
    "闫": 2,
    "段": 2,
    "雷": 2,
    "侯": 2,
    "史": 2,
    "陶": 2,
    "黎": 2,
    "贺": 2,
    "顾": 2,
    "毛": 2,
    "郝": 2,
    "龚": 2,
    "邵": 2,
    "万": 2,
    "钱": 2,
    "严": 2,
    "覃": 2,
    "武": 2,
    "戴": 2,
    "欧阳": 1,
    "司马": 1,
}
# Given names: one character from the second pool, or one from each pool.
GIVEN_MALE = (
    "建国志文晓海宏永立子思家明振俊嘉浩天鸿",
    "伟强军磊勇杰涛斌超明刚平辉鹏飞波东峰林博宇浩凯健俊帆晨航毅亮成旭哲睿远华",
)
GIVEN_FEMALE = (
    "晓丽雅欣佳思雨文嘉玉秀春美慧子一梦诗静婉",
    "芳娜敏静丽艳娟霞燕玲婷雪慧颖琳洁倩萍红梅兰晶莉琴云蕾薇欣悦怡璐楠丹瑶月英",
)
# The pools can by chance spell the name of a well-known person; those are never used.
WELL_KNOWN_NAMES = frozenset(
    {
        "李强",
        "李鹏",
        "王毅",
        "朱德",
        "陈云",
        "陈毅",
        "王明",
        "雷锋",
        "周强",
        "张军",
        "王勇",
        "尹力",
        "胡春华",
        "孙春兰",
        "彭清华",
        "张庆伟",
        "王东明",
        "王文涛",
        "何立峰",
        "黄坤明",
        "黄晓薇",
        "曹建明",
        "李娜",
        "王楠",
        "李宁",
        "姚明",
        "赵薇",
        "刘涛",
        "李健",
        "韩红",
        "林丹",
        "朱婷",
        "陈坤",
        "余华",
        "马云",
        "雷军",
        "张勇",
        "刘强东",
        "王健林",
        "陈薇",
        "黄旭华",
        "于敏",
        "王力",
        "王伟",
        "王立平",
        "李宏毅",
        "王志飞",
    }
)

ETHNICITIES = {"汉族": 940, "回族": 20, "满族": 18, "蒙古族": 10, "朝鲜族": 6, "壮族": 6}
DEMOCRATIC_PARTIES = (
    "民革党员",
    "民盟盟员",
    "民建会员",
    "民进会员",
    "农工党党员",
    "致公党党员",
    "九三学社社员",
)
# For deputies other than officials and Party secretaries, who are all 中共党员.
PARTIES = {
    "中共党员": 500,
    "群众": 290,
    "无党派人士": 60,
    **dict(zip(DEMOCRATIC_PARTIES, (10, 30, 30, 20, 20, 10, 20))),
}

STANDING_COMMITTEE_BODIES = (
    "办公室",
    "研究室",
    "法制工作委员会",
    "财政经济工作委员会",
    "预算工作委员会",
    "监察和司法工作委员会",
    "教育科学文化卫生工作委员会",
    "社会建设工作委员会",
    "城乡建设环境保护工作委员会",
    "农业农村工作委员会",
    "人事代表选举任免工作委员会",
    "代表工作委员会",
)
# (workplace, occupation, female) for the 机关代表团 deputies who are not on the standing committee.
OFFICIALS = (
    ("中共示范区委员会书记", "公务员", None),
    ("示范区人民政府区长", "公务员", None),
    ("中共示范区委员会副书记", "公务员", None),
    ("示范区人民政府常务副区长", "公务员", None),
    ("示范区人民政府副区长", "公务员", None),
    ("示范区人民政府副区长", "公务员", None),
    ("示范区人民政府副区长", "公务员", None),
    ("中共示范区纪律检查委员会书记、示范区监察委员会主任", "公务员", None),
    ("中共示范区委员会组织部部长", "公务员", None),
    ("中共示范区委员会宣传部部长", "公务员", None),
    ("示范区总工会主席", "群团工作者", None),
    ("共青团示范区委员会书记", "群团工作者", None),
    ("示范区妇女联合会主席", "群团工作者", True),
    ("示范区工商业联合会主席", "企业管理人员", None),
    ("示范区教育局局长", "公务员", None),
    ("示范区卫生健康局局长", "公务员", None),
    ("示范区财政局局长", "公务员", None),
    ("示范区发展和改革局局长", "公务员", None),
)
BRANDS = (
    "青禾",
    "瑞丰",
    "启明",
    "恒远",
    "嘉禾",
    "星河",
    "云帆",
    "蓝桥",
    "安和",
    "德润",
    "瀚海",
    "鼎信",
    "博远",
    "佳和",
    "丰泽",
    "润达",
    "益康",
    "沐光",
    "聚源",
    "联创",
    "拓新",
    "和煦",
    "明德",
    "远航",
)
INDUSTRIES = (
    "科技",
    "电子",
    "食品",
    "物流",
    "建筑工程",
    "新材料",
    "生物医药",
    "信息技术",
    "纺织",
    "农业发展",
    "精密机械",
    "环保科技",
    "餐饮管理",
    "商贸",
)
HOSPITALS = ("示范区人民医院", "示范区中医医院", "示范区妇幼保健院")
DEPARTMENTS = ("心血管内科", "儿科", "急诊科", "骨科", "呼吸与危重症医学科", "全科医学科")
SHOPS = ("便民超市", "早餐店", "五金店", "理发店", "家电维修部", "农家乐")
ORDINARY_KINDS = {
    "community": 18,
    "teacher": 12,
    "medical": 10,
    "entrepreneur": 15,
    "worker": 16,
    "subdistrict_cadre": 8,
    "farmer": 5,
    "self_employed": 5,
    "lawyer": 3,
    "police": 3,
    "technician": 5,
}
OPENING_HOURS = (
    "周一至周五 9:00—17:00",
    "周一至周五 8:30—17:30",
    "周二、周四 9:00—17:00；每月15日为代表接待日",
)

SUSPENSION = (dt.date(2025, 9, 16), "因涉嫌刑事案件被羁押正在受侦查，依法暂停执行代表职务")
TERMINATIONS = (
    (dt.date(2024, 6, 20), "调离本行政区域，代表资格终止"),
    (dt.date(2025, 4, 25), "辞去代表职务，经区人大常委会接受，代表资格终止"),
)


@dataclass(frozen=True)
class Person:
    name: str
    female: bool
    mobile: str


@dataclass(frozen=True)
class CommunityPlan:
    name: str
    subdistrict: int


@dataclass(frozen=True)
class StationPlan:
    name: str
    level: str
    subdistrict: int
    community: int | None
    address: str
    opening_hours: str
    phone: str


@dataclass(frozen=True)
class UnitPlan:
    name: str
    short_name: str
    kind: str
    handler: Person


@dataclass(frozen=True)
class DeputyPlan:
    number: str
    name: str
    female: bool
    ethnicity: str
    birth_date: dt.date
    party: str
    occupation: str
    workplace: str
    id_number: str
    phone: str
    subdistrict: int
    delegation: int
    constituency: int
    station: int | None
    status: str = Deputy.Status.SERVING
    suspended_on: dt.date | None = None
    terminated_on: dt.date | None = None
    status_reason: str = ""


@dataclass(frozen=True)
class RegistryPlan:
    subdistricts: tuple[str, ...]
    communities: tuple[CommunityPlan, ...]
    stations: tuple[StationPlan, ...]
    delegations: tuple[str, ...]
    constituencies: tuple[tuple[str, int], ...]  # (name, subdistrict)
    units: tuple[UnitPlan, ...]
    deputies: tuple[DeputyPlan, ...]  # in 代表证号 order
    committee: tuple[tuple[int, str], ...]  # (deputy, position)
    leader: int  # the chair, whose account is `leader`
    showcase_deputy: int  # an ordinary deputy, whose account is `deputy`
    staff: Person
    station_staff: Person


class People:
    """Unique generated names and unique 199 mobile numbers for everyone in the demo."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.names = set(WELL_KNOWN_NAMES)
        self.mobiles: set[str] = set()
        self.surnames, self.surname_weights = list(SURNAMES), list(SURNAMES.values())

    def name(self, female: bool) -> str:
        rng, (first, second) = self.rng, GIVEN_FEMALE if female else GIVEN_MALE
        while True:
            surname = rng.choices(self.surnames, self.surname_weights)[0]
            given = rng.choice(second) if rng.random() < 0.25 else rng.choice(first) + rng.choice(second)
            if given[0] != given[-1] or rng.random() < 0.1:  # 婷婷 is fine, but not often
                name = surname + given
                if name not in self.names:
                    self.names.add(name)
                    return name

    def mobile(self) -> str:
        while True:
            number = f"199{self.rng.randrange(10**8):08d}"
            if number not in self.mobiles:
                self.mobiles.add(number)
                return number

    def person(self, female: bool | None = None, share_female: float = 0.3) -> Person:
        female = self.rng.random() < share_female if female is None else female
        return Person(self.name(female), female, self.mobile())


def weighted(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), list(table.values()))[0]


def birth_date(rng: random.Random, first_year: int, last_year: int) -> dt.date:
    start = dt.date(first_year, 1, 1)
    return start + dt.timedelta(days=rng.randrange((dt.date(last_year, 12, 31) - start).days + 1))


def id_number(rng: random.Random, subdistrict: int, born: dt.date, female: bool, taken: set[str]) -> str:
    """18 digits: region 9901xx (does not exist), birth date, sequence (odd for men), check digit."""
    while True:
        sequence = rng.randrange(100) * 10 + int(rng.choice("02468" if female else "13579"))
        first17 = f"9901{subdistrict + 1:02d}{born:%Y%m%d}{sequence:03d}"
        value = first17 + id_number_check_digit(first17)
        if value not in taken:
            taken.add(value)
            return value


def plan(rng: random.Random) -> RegistryPlan:
    """The whole registry of the demo congress as plain data; a pure function of the generator's state."""
    people = People(rng)
    subdistricts = tuple(f"{stem}街道" for stem in SUBDISTRICT_STEMS)
    communities = plan_communities(rng)
    stations = plan_stations(rng, communities)
    constituencies = plan_constituencies()
    units = tuple(UnitPlan(name, short, kind, people.person()) for name, short, kind in UNITS)
    delegations = tuple(f"{name}代表团" for name in subdistricts) + (OFFICE_DELEGATION,)
    deputies, committee, leader, showcase = plan_deputies(rng, people, communities, stations, constituencies)
    return RegistryPlan(
        subdistricts=subdistricts,
        communities=communities,
        stations=stations,
        delegations=delegations,
        constituencies=constituencies,
        units=units,
        deputies=deputies,
        committee=committee,
        leader=leader,
        showcase_deputy=showcase,
        staff=people.person(),
        station_staff=people.person(),
    )


def plan_communities(rng: random.Random) -> tuple[CommunityPlan, ...]:
    """67 communities, four or five to a subdistrict; the first bears the subdistrict's name."""
    count = len(SUBDISTRICT_STEMS)
    extra = set(rng.sample(range(count), COMMUNITIES - 4 * count))
    taken = set(SUBDISTRICT_STEMS)
    result = []
    for index, stem in enumerate(SUBDISTRICT_STEMS):
        result.append(CommunityPlan(f"{stem}社区", index))
        for _ in range(4 if index in extra else 3):
            while (name := rng.choice(COMMUNITY_FIRST) + rng.choice(COMMUNITY_SECOND)) in taken:
                pass
            taken.add(name)
            result.append(CommunityPlan(f"{name}社区", index))
    return tuple(result)


def plan_stations(rng: random.Random, communities: tuple[CommunityPlan, ...]) -> tuple[StationPlan, ...]:
    """A station in every subdistrict and every community, subdistrict stations first."""

    def phone() -> str:
        return f"66{rng.randrange(10**6):06d}"

    result = []
    for index, stem in enumerate(SUBDISTRICT_STEMS):
        result.append(
            StationPlan(
                f"{stem}街道人大代表联络站",
                Station.Level.SUBDISTRICT,
                index,
                None,
                f"示范区{stem}路{rng.randrange(1, 200)}号{stem}街道党群服务中心二楼",
                OPENING_HOURS[0],
                phone(),
            )
        )
    for index, community in enumerate(communities):
        stem = community.name.removesuffix("社区")
        result.append(
            StationPlan(
                f"{community.name}人大代表联络站",
                Station.Level.COMMUNITY,
                community.subdistrict,
                index,
                f"示范区{stem}街{rng.randrange(1, 120)}号{community.name}党群服务站",
                rng.choice(OPENING_HOURS),
                phone(),
            )
        )
    return tuple(result)


def plan_constituencies() -> tuple[tuple[str, int], ...]:
    """120 constituencies numbered through the subdistricts in order, eight or nine to each."""
    count = len(SUBDISTRICT_STEMS)
    sizes = [CONSTITUENCIES // count + (1 if i < CONSTITUENCIES % count else 0) for i in range(count)]
    owners = [index for index, size in enumerate(sizes) for _ in range(size)]
    return tuple((f"第{number}选区", owner) for number, owner in enumerate(owners, start=1))


def plan_deputies(rng, people, communities, stations, constituencies):
    """367 deputy records (365 holding a seat, one of them suspended, two terminated) and the committee."""
    count = len(SUBDISTRICT_STEMS)
    total = SEATS + TERMINATED
    office = count  # index of the 机关代表团
    # Seats per subdistrict: 26 or 27; each subdistrict's party secretary is one of them.
    sizes = [total // count] * count
    for index in rng.sample(range(count), total % count):
        sizes[index] += 1
    pool = [index for index in range(count) for _ in range(sizes[index] - 1)]
    rng.shuffle(pool)

    records: list[dict] = []

    def add(
        kind: str,
        subdistrict: int,
        female: bool | None,
        share_female: float,
        years: tuple[int, int],
        party: str,
        occupation: str,
        workplace: str,
    ) -> None:
        person = people.person(female, share_female)
        records.append(
            {
                "kind": kind,
                "name": person.name,
                "female": person.female,
                "phone": person.mobile,
                "subdistrict": subdistrict,
                "delegation": office
                if kind in ("chair", "vice_chair", "full_time", "official")
                else subdistrict,
                "birth_date": birth_date(rng, *years),
                "party": party,
                "occupation": occupation,
                "workplace": workplace,
                "ethnicity": weighted(rng, ETHNICITIES),
            }
        )

    add("chair", pool.pop(), False, 0, (1965, 1970), "中共党员", "公务员", "示范区人大常委会主任")
    non_cpc_vice = rng.randrange(VICE_CHAIRS)
    for index in range(VICE_CHAIRS):
        party = rng.choice(DEMOCRATIC_PARTIES) if index == non_cpc_vice else "中共党员"
        add("vice_chair", pool.pop(), None, 0.25, (1964, 1975), party, "公务员", "示范区人大常委会副主任")
    for body in STANDING_COMMITTEE_BODIES[:FULL_TIME_MEMBERS]:
        add(
            "full_time",
            pool.pop(),
            None,
            0.3,
            (1966, 1982),
            "中共党员",
            "公务员",
            f"示范区人大常委会委员、{body}主任",
        )
    for workplace, occupation, female in OFFICIALS:
        party = {"示范区工商业联合会主席": "民建会员"}.get(workplace, "中共党员")
        add("official", pool.pop(), female, 0.2, (1968, 1985), party, occupation, workplace)
    for index, stem in enumerate(SUBDISTRICT_STEMS):
        add("secretary", index, None, 0.25, (1970, 1986), "中共党员", "公务员", f"{stem}街道党工委书记")
    cadres: set[tuple[int, str]] = set()
    while pool:
        subdistrict = pool.pop()
        kind = weighted(rng, ORDINARY_KINDS)
        female_share = {
            "teacher": 0.6,
            "medical": 0.55,
            "community": 0.5,
            "worker": 0.2,
            "police": 0.1,
            "entrepreneur": 0.2,
            "farmer": 0.2,
        }.get(kind, 0.3)
        occupation, workplace, party = ordinary_job(rng, kind, subdistrict, communities, cadres)
        add(kind, subdistrict, None, female_share, (1960, 1995), party, occupation, workplace)

    # 代表证号 in delegation order; the order within a delegation is drawn once.
    order = sorted(range(total), key=lambda i: (records[i]["delegation"], rng.random()))
    records = [records[i] for i in order]
    for number, record in enumerate(records, start=1):
        record["number"] = f"{TERM_NUMBER}{number:03d}"

    chair = next(i for i, r in enumerate(records) if r["kind"] == "chair")
    committee = [(chair, CommitteeMembership.Position.CHAIR)]
    committee += [
        (i, CommitteeMembership.Position.VICE_CHAIR)
        for i, r in enumerate(records)
        if r["kind"] == "vice_chair"
    ]
    committee += [
        (i, CommitteeMembership.Position.MEMBER) for i, r in enumerate(records) if r["kind"] == "full_time"
    ]
    ordinary = [
        i
        for i, r in enumerate(records)
        if r["kind"] not in ("chair", "vice_chair", "full_time", "official", "secretary")
    ]
    showcase = ordinary[0]
    picked = rng.sample(ordinary[1:], COMMITTEE_SEATS - len(committee) + 1 + TERMINATED)
    part_time, (suspended, *terminated) = (
        picked[: COMMITTEE_SEATS - len(committee)],
        picked[-1 - TERMINATED :],
    )
    committee += [(i, CommitteeMembership.Position.MEMBER) for i in sorted(part_time)]
    records[suspended].update(
        status=Deputy.Status.SUSPENDED, suspended_on=SUSPENSION[0], status_reason=SUSPENSION[1]
    )
    for index, (on, reason) in zip(terminated, TERMINATIONS):
        records[index].update(status=Deputy.Status.TERMINATED, terminated_on=on, status_reason=reason)

    assign_constituencies(rng, records, constituencies)
    assign_stations(rng, records, stations)
    taken: set[str] = set()
    deputies = tuple(
        DeputyPlan(
            number=r["number"],
            name=r["name"],
            female=r["female"],
            ethnicity=r["ethnicity"],
            birth_date=r["birth_date"],
            party=r["party"],
            occupation=r["occupation"],
            workplace=r["workplace"],
            id_number=id_number(rng, r["subdistrict"], r["birth_date"], r["female"], taken),
            phone=r["phone"],
            subdistrict=r["subdistrict"],
            delegation=r["delegation"],
            constituency=r["constituency"],
            station=r["station"],
            status=r.get("status", Deputy.Status.SERVING),
            suspended_on=r.get("suspended_on"),
            terminated_on=r.get("terminated_on"),
            status_reason=r.get("status_reason", ""),
        )
        for r in records
    )
    return deputies, tuple(committee), chair, showcase


def ordinary_job(rng, kind, subdistrict, communities, cadres) -> tuple[str, str, str]:
    """(occupation, workplace, party) of a deputy who is not an official."""
    stem = SUBDISTRICT_STEMS[subdistrict]
    community = rng.choice([c.name for c in communities if c.subdistrict == subdistrict])
    company = f"示范区{rng.choice(BRANDS)}{rng.choice(INDUSTRIES)}有限公司"
    party = weighted(rng, PARTIES)
    if kind == "community":
        role = rng.choice(("党委书记、居委会主任", "居委会主任", "党委副书记", "居委会副主任"))
        return "社区工作者", f"{stem}街道{community}{role}", "中共党员" if "党委" in role else party
    if kind == "teacher":
        school = rng.choice(
            (
                f"示范区第{cn.chinese_number(rng.randrange(1, 9))}中学",
                f"示范区{stem}小学",
                "示范区实验小学",
                "示范区职业技术学校",
                f"示范区{stem}幼儿园",
            )
        )
        return "教师", school + rng.choice(("教师", "校长", "副校长", "高级教师", "教研组长")), party
    if kind == "medical":
        if rng.random() < 0.3:
            return "医生", f"{stem}街道社区卫生服务中心主任", party
        role = rng.choice(("主任医师", "副主任医师", "主治医师", "护士长"))
        occupation = "护士" if role == "护士长" else "医生"
        return occupation, f"{rng.choice(HOSPITALS)}{rng.choice(DEPARTMENTS)}{role}", party
    if kind == "entrepreneur":
        return "企业管理人员", company + rng.choice(("董事长", "总经理", "董事长、总经理", "副总经理")), party
    if kind == "worker":
        return "工人", company + rng.choice(("一线工人", "班组长", "技术员", "车间主任", "高级技工")), party
    if kind == "subdistrict_cadre":
        role = rng.choice(("办事处主任", "党工委副书记", "人大工委主任", "办事处副主任"))
        if (subdistrict, role) in cadres:
            role = "办事处副主任"
        cadres.add((subdistrict, role))
        return "公务员", f"{stem}街道{role}", "中共党员"
    if kind == "farmer":
        return (
            "农民",
            f"{stem}街道{community}{rng.choice(('股份经济合作社社员', '种植大户', '家庭农场主'))}",
            party,
        )
    if kind == "self_employed":
        return "个体工商户", f"{stem}街道{rng.choice(SHOPS)}经营者", party
    if kind == "lawyer":
        return "律师", f"示范区{rng.choice(BRANDS)}律师事务所{rng.choice(('主任', '律师', '合伙人'))}", party
    if kind == "police":
        return (
            "人民警察",
            f"示范区公安分局{stem}派出所{rng.choice(('所长', '社区民警', '副所长'))}",
            "中共党员",
        )
    return (
        "专业技术人员",
        rng.choice(
            (
                "示范区农业技术推广中心高级农艺师",
                f"示范区供电公司{stem}供电所所长",
                "示范区自来水公司工程师",
                "示范区环境监测站工程师",
                "示范区规划设计院高级工程师",
            )
        ),
        party,
    )


def assign_constituencies(rng, records, constituencies) -> None:
    """Each subdistrict's deputies spread over its constituencies, so every constituency has some."""
    for subdistrict in range(len(SUBDISTRICT_STEMS)):
        mine = [i for i, (_, owner) in enumerate(constituencies) if owner == subdistrict]
        members = [r for r in records if r["subdistrict"] == subdistrict]
        rng.shuffle(members)
        for position, record in enumerate(members):
            record["constituency"] = mine[position % len(mine)]


def assign_stations(rng, records, stations) -> None:
    """Every station gets a serving deputy; half of the rest join their subdistrict's station.

    Deputies whose seat has ended are no longer 进站.
    """
    for record in records:
        record["station"] = None
    for subdistrict in range(len(SUBDISTRICT_STEMS)):
        own = [i for i, s in enumerate(stations) if s.subdistrict == subdistrict]
        hub, local = own[0], own[1:]
        members = [r for r in records if r["subdistrict"] == subdistrict and "terminated_on" not in r]
        rng.shuffle(members)
        members.sort(key=lambda r: "suspended_on" in r)  # a suspended deputy is never a station's only one
        for station, record in zip(local, members):
            record["station"] = station
        rest = members[len(local) :]
        for record in rest[: len(rest) // 2]:
            record["station"] = hub
        for position, record in enumerate(rest[len(rest) // 2 :]):
            record["station"] = local[position % len(local)]


def load(demo) -> None:
    """The registry step of `renda demo`: congress, places, units, deputies, committee, accounts."""
    p = plan(demo.random("registry"))
    congress = Congress.objects.create(
        code="demo",
        name="示范区人民代表大会",
        short_name="示范区人大",
        region="示范区",
        level=Congress.Level.COUNTY,
        settings={},
    )
    demo.congress = congress
    term = Term.objects.create(congress=congress, number=TERM_NUMBER, starts_on=TERM_STARTS_ON)
    demo.say(f"生成{congress.name}（{term}）…")

    demo.say(
        f"生成街道 {len(p.subdistricts)} 个、社区 {len(p.communities)} 个、代表联络站 {len(p.stations)} 个…"
    )
    subdistricts = Subdistrict.objects.bulk_create(
        Subdistrict(congress=congress, name=name) for name in p.subdistricts
    )
    communities = Community.objects.bulk_create(
        Community(congress=congress, subdistrict=subdistricts[c.subdistrict], name=c.name)
        for c in p.communities
    )
    stations = Station.objects.bulk_create(
        Station(
            congress=congress,
            name=s.name,
            level=s.level,
            subdistrict=subdistricts[s.subdistrict],
            community=None if s.community is None else communities[s.community],
            address=s.address,
            opening_hours=s.opening_hours,
            phone=s.phone,
        )
        for s in p.stations
    )
    delegations = Delegation.objects.bulk_create(Delegation(congress=congress, name=n) for n in p.delegations)
    constituencies = Constituency.objects.bulk_create(
        Constituency(congress=congress, name=n, subdistrict=subdistricts[s]) for n, s in p.constituencies
    )

    demo.say(f"生成承办单位 {len(p.units)} 个及经办人账号…")
    units = Unit.objects.bulk_create(
        Unit(
            congress=congress,
            name=u.name,
            short_name=u.short_name,
            kind=u.kind,
            contact_person=u.handler.name,
            contact_phone=u.handler.mobile,
        )
        for u in p.units
    )

    holding = [i for i, d in enumerate(p.deputies) if d.status != Deputy.Status.TERMINATED]
    demo.say(f"生成代表 {len(holding)} 人（另有资格终止 {len(p.deputies) - len(holding)} 人）…")

    def user(username: str, person: Person | DeputyPlan, **extra) -> User:
        mobile = person.phone if isinstance(person, DeputyPlan) else person.mobile
        return User(username=username, full_name=person.name, mobile=mobile, password=demo.password, **extra)

    special = {p.leader: "leader", p.showcase_deputy: "deputy"}
    deputy_users = User.objects.bulk_create(
        user(special.get(i, p.deputies[i].number), p.deputies[i]) for i in holding
    )
    user_of = dict(zip(holding, deputy_users))
    deputies = Deputy.objects.bulk_create(
        Deputy(
            congress=congress,
            term=term,
            user=user_of.get(i),
            number=d.number,
            name=d.name,
            gender=Deputy.Gender.FEMALE if d.female else Deputy.Gender.MALE,
            ethnicity=d.ethnicity,
            birth_date=d.birth_date,
            party=d.party,
            occupation=d.occupation,
            workplace=d.workplace,
            id_number=d.id_number,
            phone=d.phone,
            delegation=delegations[d.delegation],
            constituency=constituencies[d.constituency],
            station=None if d.station is None else stations[d.station],
            elected_on=ELECTED_ON,
            status=d.status,
            suspended_on=d.suspended_on,
            terminated_on=d.terminated_on,
            status_reason=d.status_reason,
        )
        for i, d in enumerate(p.deputies)
    )

    demo.say(f"生成常委会组成人员 {len(p.committee)} 人…")
    CommitteeMembership.objects.bulk_create(
        CommitteeMembership(
            congress=congress, term=term, deputy=deputies[i], position=position, starts_on=TERM_STARTS_ON
        )
        for i, position in p.committee
    )

    demo.say("生成各角色演示账号…")
    handler_numbers = iter(range(1, len(units) + 1))
    handler_users = User.objects.bulk_create(
        user("unit" if u.name == SHOWCASE_UNIT else f"unit{next(handler_numbers):02d}", u.handler)
        for u in p.units
    )
    # 三员分立: three administrators, none of them holding a business role; `admin` is the superuser
    # who sets congresses up in /admin/ and grants the three administrator roles.
    staff, station_staff, system_admin, security_admin, auditor, _superuser = User.objects.bulk_create(
        [
            user("staff", p.staff),
            user("station", p.station_staff),
            User(username="sysadmin", full_name="系统管理员", password=demo.password),
            User(username="secadmin", full_name="安全管理员", password=demo.password),
            User(username="auditor", full_name="安全审计员", password=demo.password),
            User(
                username="admin",
                full_name="超级管理员",
                password=demo.password,
                is_staff=True,
                is_superuser=True,
            ),
        ]
    )
    RoleAssignment.objects.bulk_create(
        [
            *(RoleAssignment(user=u, congress=congress, role=Role.DEPUTY) for u in deputy_users),
            RoleAssignment(user=user_of[p.leader], congress=congress, role=Role.LEADER),
            *(
                RoleAssignment(user=u, congress=congress, role=Role.UNIT_HANDLER, unit=unit)
                for u, unit in zip(handler_users, units)
            ),
            RoleAssignment(user=staff, congress=congress, role=Role.STAFF),
            RoleAssignment(user=system_admin, congress=congress, role=Role.SYSTEM_ADMIN),
            RoleAssignment(user=security_admin, congress=congress, role=Role.SECURITY_ADMIN),
            RoleAssignment(user=auditor, congress=congress, role=Role.AUDITOR),
            RoleAssignment(
                user=station_staff, congress=congress, role=Role.STATION_STAFF, station=stations[0]
            ),
        ]
    )

    load_history(demo, term, deputies, subdistricts)

    suspended = sum(d.status == Deputy.Status.SUSPENDED for d in p.deputies)
    community_stations = sum(s.level == Station.Level.COMMUNITY for s in p.stations)
    demo.summary += [
        f"代表 {len(holding)} 人（实有数，其中暂停执行代表职务 {suspended} 人），另有资格终止 "
        f"{len(p.deputies) - len(holding)} 人",
        f"常委会组成人员 {len(p.committee)} 人（主任 1 人、副主任 {VICE_CHAIRS} 人、委员 "
        f"{len(p.committee) - 1 - VICE_CHAIRS} 人）",
        f"街道 {len(p.subdistricts)} 个、社区 {len(p.communities)} 个、代表联络站 {len(p.stations)} 个"
        f"（街道站 {len(p.stations) - community_stations} 个、社区站 {community_stations} 个）",
        f"代表团 {len(p.delegations)} 个、选区 {len(p.constituencies)} 个、承办单位 {len(p.units)} 个",
        f"登录账号 {len(deputy_users) + len(handler_users) + 6} 个",
    ]


# --- History: the previous term, ended seats with their grounds, office holders, the map -------

PREVIOUS_TERM_STARTS_ON = dt.date(2016, 12, 28)
FORMER_DEPUTIES = 12  # seats of the 16th term held by people not re-elected
RE_ELECTED = 4  # 16th-term deputies re-elected to the 17th (a seat in each term)
FIRST_SESSION_ELECTION = "示范区第十七届人民代表大会第一次会议选举"
TOWNSHIP_CHANGED_ON = dt.date(2023, 7, 1)
COMMITTEE_POSTS = {
    CommitteeMembership.Position.CHAIR: ("常委会主任", Post.Kind.COMMITTEE_CHAIR, True),
    CommitteeMembership.Position.VICE_CHAIR: ("常委会副主任", Post.Kind.COMMITTEE_VICE_CHAIR, False),
    CommitteeMembership.Position.MEMBER: ("常委会委员", Post.Kind.COMMITTEE_MEMBER, False),
}
ELECTED_POSTS = (
    ("示范区人民政府区长", Post.Kind.GOVERNMENT_HEAD, True, 1),
    ("示范区人民政府副区长", Post.Kind.GOVERNMENT_VICE_HEAD, False, 3),
    ("示范区监察委员会主任", Post.Kind.SUPERVISION_HEAD, True, 1),
    ("示范区人民法院院长", Post.Kind.COURT_PRESIDENT, True, 1),
    ("示范区人民检察院检察长", Post.Kind.PROCURATOR_GENERAL, True, 1),
)


def load_history(demo, term: Term, deputies: list[Deputy], subdistricts: list[Subdistrict]) -> None:
    """So that the registers show a history: 换届, termination grounds, 任免, 撤镇设街道."""
    congress = term.congress
    rng = demo.random("registry-history")
    people = People(rng)
    people.names |= {d.name for d in deputies}
    demo.say("生成上一届代表、在任人员名册和区划调整记录…")

    previous = Term.objects.create(
        congress=congress, number=term.number - 1, starts_on=PREVIOUS_TERM_STARTS_ON, ends_on=term.starts_on
    )
    ended = "任期届满（换届）"
    former = []
    taken = {d.id_number for d in deputies}
    for i in range(FORMER_DEPUTIES):
        person = people.person()
        born = birth_date(rng, 1955, 1975)
        former.append(
            Deputy(
                congress=congress,
                term=previous,
                number=f"{previous.number}{i + 1:03d}",
                name=person.name,
                gender=Deputy.Gender.FEMALE if person.female else Deputy.Gender.MALE,
                birth_date=born,
                id_number=id_number(rng, 1 + i % 9, born, person.female, taken),
                phone=person.mobile,
                elected_on=dt.date(2016, 12, 1),
                status=Deputy.Status.TERM_ENDED,
                status_reason=ended,
            )
        )
    again = [d for d in deputies if d.status == Deputy.Status.SERVING][10 : 10 + RE_ELECTED]
    for i, d in enumerate(again, start=FORMER_DEPUTIES + 1):
        former.append(
            Deputy(
                congress=congress,
                term=previous,
                number=f"{previous.number}{i:03d}",
                name=d.name,
                gender=d.gender,
                birth_date=d.birth_date,
                id_number=d.id_number,
                phone=d.phone,
                elected_on=dt.date(2016, 12, 1),
                status=Deputy.Status.TERM_ENDED,
                status_reason=ended,
                delegation=d.delegation,
                constituency=d.constituency,
            )
        )
    Deputy.objects.bulk_create(former)

    grounds = {
        TERMINATIONS[0][0]: (
            Deputy.EndGround.MOVED_AWAY,
            "区人大常委会代表资格审查委员会报告，常委会公告",
            {},
        ),
        TERMINATIONS[1][0]: (
            Deputy.EndGround.RESIGNED,
            "区十七届人大常委会第二十四次会议接受辞职",
            {"yes": 26, "body_size": 29},
        ),
    }
    for d in deputies:
        if d.terminated_on in grounds:
            d.end_ground, d.end_decision, d.end_vote = grounds[d.terminated_on]
            d.save(update_fields=["end_ground", "end_decision", "end_vote"])

    posts = {}
    for order, (name, kind, single) in enumerate(COMMITTEE_POSTS.values(), start=1):
        posts[kind] = Post.objects.create(
            congress=congress, name=name, kind=kind, is_single=single, order=order
        )
    memberships = list(CommitteeMembership.objects.filter(congress=congress).select_related("deputy"))
    holdings = OfficeHolding.objects.bulk_create(
        OfficeHolding(
            congress=congress,
            post=posts[COMMITTEE_POSTS[m.position][1]],
            person_name=m.deputy.name,
            deputy=m.deputy,
            term=term,
            starts_on=m.starts_on,
            basis=OfficeHolding.Basis.ELECTION,
            decision=FIRST_SESSION_ELECTION,
            oath_on=m.starts_on,
        )
        for m in memberships
    )
    for m, h in zip(memberships, holdings):
        m.holding = h
    CommitteeMembership.objects.bulk_update(memberships, ["holding"])

    rows = []
    for order, (name, kind, single, count) in enumerate(ELECTED_POSTS, start=10):
        post = Post.objects.create(congress=congress, name=name, kind=kind, is_single=single, order=order)
        for _ in range(count):
            rows.append(
                OfficeHolding(
                    congress=congress,
                    post=post,
                    person_name=people.name(rng.random() < 0.3),
                    term=term,
                    starts_on=term.starts_on,
                    basis=OfficeHolding.Basis.ELECTION,
                    decision=FIRST_SESSION_ELECTION,
                    oath_on=term.starts_on,
                )
            )
    education = Post.objects.create(congress=congress, name="示范区教育局局长", order=100)
    finance = Post.objects.create(congress=congress, name="示范区财政局局长", order=101)
    removed_on = dt.date(2024, 3, 28)
    rows += [
        OfficeHolding(
            congress=congress,
            post=education,
            person_name=people.name(False),
            starts_on=dt.date(2022, 2, 24),
            basis=OfficeHolding.Basis.APPOINTMENT,
            decision="区十七届人大常委会第二次会议任命",
            oath_on=dt.date(2022, 2, 24),
            ends_on=removed_on,
            end_basis=OfficeHolding.EndBasis.REMOVAL,
            end_decision="区十七届人大常委会第十六次会议免职",
        ),
        OfficeHolding(
            congress=congress,
            post=education,
            person_name=people.name(True),
            starts_on=removed_on,
            basis=OfficeHolding.Basis.APPOINTMENT,
            decision="区十七届人大常委会第十六次会议任命",
            oath_on=removed_on,
        ),
        OfficeHolding(
            congress=congress,
            post=finance,
            person_name=people.name(False),
            starts_on=dt.date(2022, 2, 24),
            basis=OfficeHolding.Basis.APPOINTMENT,
            decision="区十七届人大常委会第二次会议任命",
            oath_on=dt.date(2022, 2, 24),
        ),
    ]
    OfficeHolding.objects.bulk_create(rows)

    town = subdistricts[-1]
    old_name = town.name.removesuffix("街道") + "镇"
    decision = f"市人民政府关于同意撤销{old_name}设立{town.name}的批复"
    MapChange.objects.bulk_create(
        [
            MapChange(
                congress=congress,
                kind=MapChange.Kind.TOWNSHIP_TO_SUBDISTRICT,
                decision=decision,
                decided_on=dt.date(2023, 6, 12),
                effective_on=TOWNSHIP_CHANGED_ON,
                subdistrict=town,
                old_value=Subdistrict.Kind.TOWNSHIP,
                new_value=Subdistrict.Kind.SUBDISTRICT,
            ),
            MapChange(
                congress=congress,
                kind=MapChange.Kind.RENAMED,
                decision=decision,
                decided_on=dt.date(2023, 6, 12),
                effective_on=TOWNSHIP_CHANGED_ON,
                subdistrict=town,
                old_value=old_name,
                new_value=town.name,
            ),
        ]
    )
    demo.summary.append(
        f"上一届（{previous}）代表 {len(former)} 人（其中连任 {RE_ELECTED} 人）；在任人员名册 "
        f"{OfficeHolding.objects.filter(congress=congress).count()} 条；{old_name}于"
        f"{cn.date_cn(TOWNSHIP_CHANGED_ON)}撤镇设街道"
    )
