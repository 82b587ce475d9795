"""renda report --congress CODE --year YYYY --format json|xlsx|docx [--output FILE]

json goes to stdout (one key per figure, docs/figures.md); xlsx and docx go to --output or to
report-CODE-YYYY.xlsx / .docx in the current directory. Exit status 2 on bad arguments.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

FORMATS = ("json", "xlsx", "docx")


class Command(BaseCommand):
    help = "输出某人大某年度的工作报告统计数据（json / xlsx / docx）"

    def add_arguments(self, parser):
        parser.add_argument("--congress", required=True, help="人大代码，例如 demo")
        parser.add_argument("--year", required=True, help="年度，例如 2026")
        parser.add_argument("--format", default="json", help="json（输出到标准输出）、xlsx 或 docx")
        parser.add_argument("--output", help="xlsx / docx 的输出文件；默认 report-代码-年度.扩展名")

    def handle(self, *args, congress, year, format, output=None, **options):
        from registry.models import Congress
        from reports import documents, queries

        fmt = (format or "").lower()
        if fmt not in FORMATS:
            raise CommandError(f"不支持的格式“{format}”：只能是 json、xlsx 或 docx。", returncode=2)
        if not str(year).isdigit() or not 2000 <= int(year) <= queries.default_year() + 1:
            raise CommandError(
                f"年度“{year}”无效：应为 2000 至 {queries.default_year() + 1} 之间的四位数字。", returncode=2
            )
        year = int(year)
        body = Congress.objects.filter(code=congress).first()
        if body is None:
            raise CommandError(f"没有代码为“{congress}”的人大。", returncode=2)
        if fmt == "json":
            self.stdout.write(json.dumps(queries.as_json(body, year), ensure_ascii=False, indent=2))
            return
        content = documents.xlsx(body, year) if fmt == "xlsx" else documents.docx(body, year)
        path = Path(output or f"report-{body.code}-{year}.{fmt}")
        if str(path) == "-":
            sys.stdout.buffer.write(content)
            return
        path.write_bytes(content)
        self.stderr.write(f"已写入 {path}（{len(content)} 字节）")
