"""``renda tally FILE``: independent recount of a vote, election, project ballot or evaluation.

A thin shell around meetings.tally.main (docs/tally.md), which reads the JSON, counts it with
meetings.rules and prints the result; its exit status becomes this command's.
"""

import sys

from django.core.management.base import BaseCommand

from meetings import tally


class Command(BaseCommand):
    help = (
        "独立复核计票：读取 JSON 文件（- 表示标准输入），按法定规则计票，输出 JSON 结果。"
        "格式见 docs/tally.md。"
    )

    # The recount needs neither the database nor the project's checks: it must run on a copy
    # of the ballots even where the web app is misconfigured.
    requires_system_checks = ()

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="计票数据 JSON 文件；- 表示从标准输入读取")

    def handle(self, *args, **options):
        code = tally.main([options["file"]], sys.stdin, self.stdout, self.stderr)
        if code != tally.EXIT_OK:
            raise SystemExit(code)
