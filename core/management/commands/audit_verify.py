from django.core.management.base import BaseCommand, CommandError

from core.audit import verify_chain
from core.models import AuditEntry


class Command(BaseCommand):
    help = "校验审计日志哈希链：发现被修改、删除或插入的记录时报告并以非零状态退出。"

    def handle(self, *args, **options):
        problems = verify_chain()
        total = AuditEntry.objects.count()
        if problems:
            for p in problems:
                where = f"记录 #{p.entry_id}" if p.entry_id else "缺失记录"
                self.stderr.write(f"链 {p.chain} 第 {p.seq} 条（{where}）：{p.message}")
            raise CommandError(f"审计日志校验失败：共 {total} 条记录，发现 {len(problems)} 处问题。")
        self.stdout.write(f"审计日志完整：共 {total} 条记录，哈希链校验通过。")
