"""renda figures_doc [--check]: regenerate the figure tables of docs/figures.md from reports.figures."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "根据 reports/figures.py 重新生成 docs/figures.md 中的指标表（--check 只检查是否最新）"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只检查，不写入；不是最新时退出状态为 1")

    def handle(self, *args, check=False, **options):
        from reports import figures_doc

        text = figures_doc.PATH.read_text(encoding="utf-8")
        new = figures_doc.regenerate(text)
        if check:
            if new != text:
                raise CommandError("docs/figures.md 的指标表不是最新的：请运行 manage.py figures_doc。")
            return
        figures_doc.PATH.write_text(new, encoding="utf-8")
        self.stderr.write(f"已写入 {figures_doc.PATH}")
