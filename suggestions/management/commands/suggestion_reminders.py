"""Daily job: queue deadline reminders for suggestions (cron: `renda suggestion_reminders` at 07:00)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from suggestions import workflow


class Command(BaseCommand):
    help = "发送代表建议办理期限提醒（到期前30天、7天、1天及超期），每天运行一次；重复运行不会重复提醒。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        on = None
        if options.get("date"):
            try:
                on = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD")
        count = workflow.send_reminders(on=on)
        self.stdout.write(f"已发送提醒 {count} 条。")
