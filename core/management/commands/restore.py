from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = "从备份目录恢复数据库与上传文件，并核对行数、文件校验值和审计日志链：renda restore <目录>"

    def add_arguments(self, parser):
        parser.add_argument("directory", help="renda backup 生成的备份目录")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据库与上传文件")

    def handle(self, *args, directory, yes, **options):
        if not yes:
            raise CommandError("恢复会覆盖当前数据库和全部上传文件。确认无误后加上 --yes 再运行。")
        try:
            result = backup.restore(directory)
        except backup.BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write(f"数据行数与备份一致：{'是' if result.row_counts_match else '否'}")
        self.stdout.write(f"上传文件与备份一致：{'是' if result.files_match else '否'}")
        self.stdout.write(
            f"审计日志链校验：{'通过' if not result.audit_problems else f'发现 {result.audit_problems} 处问题'}"
        )
        if not result.ok:
            raise CommandError("恢复后核对未通过，请检查备份来源。")
        self.stdout.write("恢复完成。")
