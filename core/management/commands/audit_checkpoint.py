from django.core.management.base import BaseCommand

from core.audit import checkpoint_path, write_checkpoint


class Command(BaseCommand):
    help = "把每条审计链的链尾签名后追加写入库外检查点文件（及 syslog）；请每天至少运行一次。"

    def handle(self, *args, **options):
        lines = write_checkpoint()
        self.stdout.write(f"已写入 {len(lines)} 条链的检查点：{checkpoint_path()}")
