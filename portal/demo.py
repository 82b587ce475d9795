"""The demo congress: one command runs every app's demo step, in order, in one transaction.

Each app contributes a step, a function `load(demo: Demo) -> None` named by dotted path in
the setting DEMO_STEPS. The registry step comes first: it creates the congress the others
build on (demo.congress). Everything is fictional and generated: names, ID numbers, phones.

Determinism: a step never touches the global `random`, uuid or the clock for data; it draws
from `demo.random(name)`, a stream of its own seeded from the run's seed, so adding a step
never changes the data of another.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.module_loading import import_string

from accounts.models import Role, RoleAssignment, User
from core import audit
from registry.models import CommitteeMembership, Congress, Deputy

DEMO_PASSWORD = "renda-demo"
DEFAULT_SEED = 17
CONGRESS_CODE = "demo"
DEFAULT_STEPS = ["registry.demo.load"]

# One account per role, printed at start-up by `renda demo_accounts` (created by registry.demo).
ACCOUNTS = ("staff", "leader", "deputy", "unit", "station", "sysadmin", "secadmin", "auditor", "admin")


def random_for(seed: int, stream: str) -> random.Random:
    """The random stream `stream` of a run (a str seed is hashed with SHA-512, so stable across processes)."""
    return random.Random(f"renda-demo:{seed}:{stream}")


@dataclass
class Demo:
    """What the steps share: the seed, the pre-hashed password, the congress, the summary."""

    seed: int
    # Hashed once: hashing hundreds of accounts one by one with Argon2 would take minutes.
    password: str
    say: Callable[[str], None] = print
    congress: Congress | None = None
    summary: list[str] = field(default_factory=list)

    def random(self, stream: str) -> random.Random:
        return random_for(self.seed, stream)


def steps() -> list[Callable[[Demo], None]]:
    return [import_string(path) for path in getattr(settings, "DEMO_STEPS", DEFAULT_STEPS)]


def load(*, seed: int = DEFAULT_SEED, say: Callable[[str], None] = print) -> Demo:
    """Run every demo step and record one `load_demo` audit entry, all or nothing."""
    demo = Demo(seed=seed, password=make_password(DEMO_PASSWORD), say=say)
    with transaction.atomic():
        for step in steps():
            step(demo)
        audit.record(
            actor=None,
            action="load_demo",
            obj=demo.congress,
            congress=demo.congress,
            note=f"生成演示数据（种子 {seed}）：" + "；".join(demo.summary),
        )
    return demo


def demo_congress() -> Congress | None:
    return Congress.objects.filter(code=CONGRESS_CODE).first()


def account_rows(congress) -> list[tuple[str, str, str, str]]:
    """(username, role, who, password) for each account in ACCOUNTS that exists, read from the database."""
    users = {u.username: u for u in User.objects.filter(username__in=ACCOUNTS)}
    rows = []
    for username in ACCOUNTS:
        user = users.get(username)
        if user is None:
            continue
        assignments = list(
            RoleAssignment.objects.filter(user=user, congress=congress, is_active=True)
            .select_related("unit", "station")
            .order_by("id")
        )
        assignments.sort(key=lambda a: Role.values.index(a.role))
        roles = (["超级管理员"] if user.is_superuser else []) + [a.get_role_display() for a in assignments]
        details = [str(a.unit or a.station) for a in assignments if a.unit_id or a.station_id]
        deputy = Deputy.objects.filter(user=user, congress=congress).first()
        if deputy is not None:
            membership = (
                CommitteeMembership.objects.filter(deputy=deputy, ends_on__isnull=True).order_by("id").first()
            )
            if membership is not None:
                details.append(f"常委会{membership.get_position_display()}")
            details.append(f"代表证号 {deputy.number}")
        if user.mobile:
            details.append(f"手机 {user.mobile}")
        if user.is_superuser:
            details.append("后台 /admin/")
        who = user.full_name or username
        who = f"{who}（{'；'.join(details)}）" if details else who
        rows.append((username, "、".join(dict.fromkeys(roles)), who, DEMO_PASSWORD))
    return rows
