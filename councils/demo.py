"""Demo step: 青云街道居民议事会 (made by referrals.demo) with its members, one counted and published
票选 (paper, two tellers) and one open on the members' phones (DOMAIN §11).

Accounts: `council` and `council2` (the council's office; the two tellers of the paper ballot),
`resident` (a resident representative who votes on a phone). Rows are written directly (generated
state, like every demo step); the counted ballot's result is the app's own tally. The open ballot's
teller key comes from a key ceremony run here; its three key files (two decrypt) are written to
``<RENDA_VAR_DIR>/demo/council-teller-keys/``, as the tellers would take them home, so the demo's
phone 票选 can be closed, decrypted with ``renda decryption_share`` and counted (docs/demo.md).
A real ballot registers the key its tellers made offline; no real key file is ever on the server.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from accounts.models import Role, RoleAssignment, User
from core.ballot_box import box as ballot_box
from core.ballot_box import ceremony
from core.ballot_box.models import TellerKey
from core.dates import today
from councils import rules, workflow
from councils.models import CouncilBallot, CouncilTellerEntry, Matter
from projects import workflow_ballot as machinery
from registry.models import Congress, CouncilMember, Deputy

RESIDENTS = (
    "周桂兰",
    "陈建国",
    "林晓燕",
    "王德明",
    "赵淑芬",
    "孙立伟",
    "吴海英",
    "郑志刚",
    "冯春华",
    "何振宇",
    "许美玲",
)
STAFF_MEMBERS = ("邓社工", "韩书记")
ADOPT = 3
PUBLISHED_MATTERS = [
    ("青云路口加装红绿灯", "学生上下学过街不安全，居民多次反映"),
    ("老旧小区增设电动自行车充电棚", "解决楼道充电隐患"),
    ("社区食堂延长供餐时间", "增加晚餐供应，方便独居老人"),
    ("背街小巷路灯修复", "青云三巷、五巷路灯损坏"),
    ("口袋公园增设健身器材", "青云公园东侧空地"),
    ("菜市场周边停车整治", "早高峰占道停车严重"),
]
OPEN_MATTERS = [
    ("小区加装电梯意见征集点", "在社区服务中心设置咨询点"),
    ("雨污管网疏通", "雨季前疏通青云二路管网"),
    ("社区图书室周末开放", "周六、周日上午开放"),
    ("垃圾分类投放点改造", "加装洗手池和雨棚"),
]


TELLERS = ["青云街道议事会工作人员", "青云街道议事会计票员", "青云社区邓社工"]


def key_dir() -> Path:
    """Where the demo keeps its phone 票选's teller key files (never a real ballot's)."""
    return Path(settings.VAR_DIR) / "demo" / "council-teller-keys"


def write_key_files(key_files: list[dict]) -> None:
    folder = key_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for key_file in key_files:
        path = folder / f"teller-{key_file['teller']}.key.json"
        path.write_text(json.dumps(key_file, ensure_ascii=False, indent=2), encoding="utf-8")


def _user(demo, username: str, full_name: str) -> User:
    return User.objects.create(username=username, full_name=full_name, password=demo.password)


def _ballot(council, staff, title, held_on, method, matters, members_present) -> CouncilBallot:
    frozen = {key: rules.SETTINGS.value(council, key) for key in rules.FROZEN}
    ballot = CouncilBallot.objects.create(
        congress=council,
        title=title,
        held_on=held_on,
        method=method,
        candidates=[t for t, _c in matters],
        settings=frozen,
        created_by=staff,
        body_size=CouncilMember.objects.filter(congress=council).count(),
        present=len(members_present),
        issued_to=sorted(m.pk for m in members_present),
        opened_at=timezone.now(),
        status=CouncilBallot.Status.OPEN,
    )
    Matter.objects.bulk_create(
        Matter(congress=council, ballot=ballot, number=n, title=t, content=c)
        for n, (t, c) in enumerate(matters, start=1)
    )
    return ballot


def load(demo) -> None:
    council = Congress.objects.get(code="demo-council")
    district = demo.congress
    rng = demo.random("councils")
    council.settings = {**(council.settings or {}), "councils": {"adopt": ADOPT}}
    council.save(update_fields=["settings"])
    staff = [
        _user(demo, "council", "青云街道议事会工作人员"),
        _user(demo, "council2", "青云街道议事会计票员"),
    ]
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, congress=council, role=Role.STAFF) for u in staff
    )

    joined = today() - dt.timedelta(days=400)
    members = []
    for i, name in enumerate(RESIDENTS):
        user = _user(demo, "resident" if i == 0 else f"resident{i + 1:02d}", name)
        members.append(
            CouncilMember(
                congress=council,
                name=name,
                category=CouncilMember.Category.RESIDENT,
                community=("青云社区", "青云东社区", "青云西社区")[i % 3],
                user=user,
                starts_on=joined,
            )
        )
    for deputy in Deputy.objects.filter(congress=district, user__isnull=False).order_by("number")[:2]:
        members.append(
            CouncilMember(
                congress=council,
                name=deputy.name,
                category=CouncilMember.Category.DEPUTY,
                deputy=deputy,
                user=deputy.user,
                starts_on=joined,
            )
        )
    for name in STAFF_MEMBERS:
        members.append(
            CouncilMember(
                congress=council,
                name=name,
                category=CouncilMember.Category.COMMUNITY_STAFF,
                community="青云社区",
                starts_on=joined,
            )
        )
    members = CouncilMember.objects.bulk_create(members)

    # A counted, published paper ballot: 13 of 15 present, two tellers read every sheet alike.
    held = today() - dt.timedelta(days=60)
    present = [m for m in members if m.name not in ("何振宇", "韩书记")]
    counted = _ballot(
        council, staff[0], f"{held.year}年青云街道民生事项票选", held, "paper", PUBLISHED_MATTERS, present
    )
    counted.tellers.set(staff)
    weights = (9, 8, 7, 3, 4, 2)
    sheets = []
    for n in range(len(present)):
        picks: set[str] = set()
        while len(picks) < ADOPT:
            picks.add(rng.choices([t for t, _c in PUBLISHED_MATTERS], weights=weights)[0])
        if n == 4:  # one sheet ticks four: void
            picks.add(PUBLISHED_MATTERS[5][0])
        sheets.append(sorted(picks, key=counted.candidates.index))
    CouncilTellerEntry.objects.bulk_create(
        CouncilTellerEntry(ballot=counted, teller=teller, sheet=number, content=content)
        for teller in staff
        for number, content in enumerate(sheets, start=1)
    )
    counted.ballots_issued = counted.ballots_returned = len(present)
    counted.result = workflow.tally(counted)
    counted.status = CouncilBallot.Status.PUBLISHED
    counted.closed_at = counted.published_at = timezone.now()
    counted.save()

    # An open phone ballot: every member present; a few have voted, `resident` has not yet.
    opened = _ballot(
        council,
        staff[0],
        f"{today().year}年青云街道民生事项票选",
        today(),
        "electronic",
        OPEN_MATTERS,
        members,
    )
    public, key_files = ceremony.run_ceremony(TELLERS, 2)
    write_key_files(key_files)
    key = TellerKey.objects.create(  # as ballot_box.register_key, without its audit entry (generated state)
        congress_id=council.pk,
        owner=workflow.key_owner(opened.pk),
        context=public["context"],
        threshold=public["threshold"],
        tellers=public["tellers"],
        dealings=public["dealings"],
        public_key=public["public_key"],
    )
    opened.ballot_box = ballot_box.open_box(
        key=key,
        owner=workflow.key_owner(opened.pk),
        spec=machinery.ballot_spec(opened),
        labels=machinery.ballot_labels(opened),
    )
    opened.save(update_fields=["ballot_box"])
    for member in members[1:5]:
        choices = {t: rng.random() < 0.6 for t in opened.candidates[:ADOPT]}
        workflow.cast_ballot(opened, member=member, choices=choices)
    demo.summary.append(
        f"青云街道居民议事会成员{len(members)}人，1次票选已公布结果（入选{len(counted.result['adopted'])}项），1次手机票选进行中"
    )
