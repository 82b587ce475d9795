"""renda report --congress CODE (--year YYYY | --session ID [--until DATE] | --from DATE --to DATE)
--format json|xlsx|docx [--output FILE]

The period is read by core.periods.parse, as on the pages. json goes to stdout (one key per figure,
docs/figures.md); xlsx and docx go to --output or to report-CODE-PERIOD.xlsx / .docx in the current
directory. Exit status 2 on bad arguments, with a Chinese message.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

FORMATS = ("json", "xlsx", "docx")


class Command(BaseCommand):
    help = "输出某人大某统计时段（年度、会议以来或日期范围）的工作报告统计数据（json / xlsx / docx）"

    def add_arguments(self, parser):
        parser.add_argument("--congress", required=True, help="人大代码，例如 demo")
        parser.add_argument("--year", help="年度，例如 2026")
        parser.add_argument("--session", help="人代会会议编号（ID）：统计该次会议以来")
        parser.add_argument("--until", help="会议以来统计的截止日期，默认今天，例如 2026-11-22")
        parser.add_argument("--from", dest="start", help="日期范围的开始日期，例如 2026-03-01")
        parser.add_argument("--to", dest="end", help="日期范围的结束日期，例如 2026-10-31")
        parser.add_argument("--format", default="json", help="json（输出到标准输出）、xlsx 或 docx")
        parser.add_argument("--output", help="xlsx / docx 的输出文件；默认 report-代码-时段.扩展名")

    def handle(self, *args, congress, format, output=None, **options):
        from core import periods
        from registry.models import Congress
        from reports import documents, queries

        fmt = (format or "").lower()
        if fmt not in FORMATS:
            raise CommandError(f"不支持的格式“{format}”：只能是 json、xlsx 或 docx。", returncode=2)
        body = Congress.objects.filter(code=congress).first()
        if body is None:
            raise CommandError(f"没有代码为“{congress}”的人大。", returncode=2)
        if options.get("session"):
            query = {"period": "session", "session": options["session"], "until": options.get("until") or ""}
        elif options.get("start") or options.get("end"):
            query = {"period": "range", "from": options.get("start") or "", "to": options.get("end") or ""}
        else:
            year = options.get("year")
            if not year:
                raise CommandError("请给出统计时段：--year、--session 或 --from/--to。", returncode=2)
            if not str(year).isdigit():
                raise CommandError(
                    f"年度“{year}”无效：应为 {periods.MIN_YEAR} 至 {periods.default_year() + 1} 之间的四位数字。",
                    returncode=2,
                )
            query = {"period": "year", "year": str(year)}
        try:
            period = periods.parse(body, query)
        except periods.PeriodError as error:
            raise CommandError(str(error), returncode=2) from None
        if fmt == "json":
            self.stdout.write(json.dumps(queries.as_json(body, period), ensure_ascii=False, indent=2))
            return
        content = documents.xlsx(body, period) if fmt == "xlsx" else documents.docx(body, period)
        path = Path(output or f"report-{body.code}-{period.slug}.{fmt}")
        if str(path) == "-":
            sys.stdout.buffer.write(content)
            return
        path.write_bytes(content)
        self.stderr.write(f"已写入 {path}（{len(content)} 字节）")
