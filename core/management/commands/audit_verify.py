from django.core.management.base import BaseCommand, CommandError

from core.audit import checkpoint_path, verify_chain, write_checkpoint
from core.models import AuditEntry


class Command(BaseCommand):
    help = (
        "校验审计日志：重算带密钥的校验链并与库外签名检查点比对，发现被修改、删除、调换或重算的记录时"
        "报告并以非零状态退出；校验通过后写入新的检查点。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-checkpoint", action="store_true", help="校验通过后不写入新的检查点")

    def handle(self, *args, **options):
        problems = verify_chain()
        total = AuditEntry.objects.count()
        if problems:
            for p in problems:
                where = f"记录 #{p.entry_id}" if p.entry_id else "缺失记录"
                self.stderr.write(f"链 {p.chain} 第 {p.seq} 条（{where}）：{p.message}")
            raise CommandError(f"审计日志校验失败：共 {total} 条记录，发现 {len(problems)} 处问题。")
        self.stdout.write(f"审计日志完整：共 {total} 条记录，校验通过（校验链与检查点一致）。")
        if not options["no_checkpoint"] and write_checkpoint():
            self.stdout.write(f"已写入检查点：{checkpoint_path()}")
