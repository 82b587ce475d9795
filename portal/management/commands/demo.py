"""`renda demo [--if-empty] [--seed N] [--force]`: load the fictional 示范区 congress (docs/demo.md)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import demo
from registry.models import Congress


def database_hint() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"如需重新生成，请停止服务，删除数据库文件 {db['NAME']}，再运行 python3 run.py demo。"
    return "如需重新生成，请换用一个空数据库。"


class Command(BaseCommand):
    help = "生成虚构的示范区人大演示数据（确定性：同一种子总是得到同样的数据）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="数据库中已有任何人大时什么也不做（供启动脚本使用）"
        )
        parser.add_argument(
            "--seed", type=int, default=demo.DEFAULT_SEED, help=f"随机种子，默认 {demo.DEFAULT_SEED}"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="数据库中已有其他人大时，仍在其旁加载示范区人大（不删除、不改动已有数据）",
        )

    def handle(self, *args, if_empty: bool, seed: int, force: bool, **options):
        if Congress.objects.exists():
            if if_empty:
                self.stdout.write("数据库中已有人大数据，不再生成演示数据。")
                return
            if demo.demo_congress() is not None:
                raise CommandError(f"示范区人大演示数据已存在，不会覆盖。{database_hint()}")
            if not force:
                raise CommandError(
                    "数据库中已有其他人大的数据，未生成演示数据。"
                    "如确需在其旁加载示范区人大，请加 --force（不会删除或改动已有数据）。"
                )
        started = time.monotonic()
        loaded = demo.load(seed=seed, say=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(f"演示数据已生成（种子 {seed}，用时 {time.monotonic() - started:.1f} 秒）：")
        )
        for line in loaded.summary:
            self.stdout.write(f"  {line}")
        self.stdout.write("查看演示账号：renda demo_accounts")
