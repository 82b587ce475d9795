from django.core.management.base import BaseCommand

from core import progress


class Command(BaseCommand):
    help = (
        "删除结束超过 JOB_RETENTION_DAYS 天的后台任务及其结果文件（记一条审计）。"
        "有 Redis 时 worker 每天北京时间 3:30 自动运行；没有 worker 的部署可用 cron 每天运行一次。"
    )

    def handle(self, *args, **options):
        deleted = progress.clean_up()
        self.stdout.write(f"已删除 {deleted} 个后台任务（保留 {progress.retention_days()} 天）。")
