"""`renda demo_accounts`: the demo's sign-in accounts, one per role, with the password."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence

from django.core.management.base import BaseCommand

from accounts.models import Role, RoleAssignment
from portal import demo


def width(text: str) -> int:
    """Columns on a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return ["  ".join(pad(cell, w) for cell, w in zip(row, widths)).rstrip() for row in [header, *rows]]


class Command(BaseCommand):
    help = "列出演示账号（每个角色一个）及其密码。"

    def handle(self, *args, **options):
        congress = demo.demo_congress()
        if congress is None:
            self.stdout.write("演示数据尚未生成（运行 renda demo 生成）。")
            return
        self.stdout.write(f"{congress.name}演示账号（虚构数据，密码均为 {demo.DEMO_PASSWORD}）：")
        for line in table(("账号", "角色", "姓名及说明", "密码"), demo.account_rows(congress)):
            self.stdout.write(f"  {line}")
        assignments = RoleAssignment.objects.filter(congress=congress, is_active=True)
        deputies = assignments.filter(role=Role.DEPUTY).count()
        handlers = assignments.filter(role=Role.UNIT_HANDLER).count()
        self.stdout.write(
            f"全部代表 {deputies} 人都有账号（用代表证号或手机号登录），"
            f"承办单位经办人账号 {handlers} 个（unit 与 unit01 起），密码相同。"
        )
        self.stdout.write(f"访问地址：http://127.0.0.1:{os.environ.get('PORT', '8000')}/")
