from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = "备份数据库与上传文件到指定目录（附校验清单）：renda backup <目录>"

    def add_arguments(self, parser):
        parser.add_argument("directory", help="备份目录（须为空目录或不存在）")

    def handle(self, *args, directory, **options):
        try:
            manifest = backup.backup(directory)
        except backup.BackupError as exc:
            raise CommandError(str(exc))
        tables = sum(1 for n in manifest["row_counts"].values() if n)
        self.stdout.write(
            f"备份完成：{directory}（{tables} 个数据表有数据，{len(manifest['media'])} 个上传文件）"
        )
