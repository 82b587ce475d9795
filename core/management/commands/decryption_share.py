"""``renda decryption_share``: a teller's decryption share, computed offline from their key file."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.ballot_box import ceremony, crypto


class Command(BaseCommand):
    help = "计票人解密：用本人的密钥文件和从系统下载的票箱文件，生成需上传的解密份额（不含密钥）。"
    requires_system_checks = ()

    def add_arguments(self, parser):
        parser.add_argument("--key", required=True, help="本人的密钥文件")
        parser.add_argument("--box", required=True, help="从系统下载的票箱文件")
        parser.add_argument("--out", required=True, help="输出的解密份额文件")

    def handle(self, *args, **options):
        try:
            key_file = json.loads(Path(options["key"]).read_text(encoding="utf-8"))
            box = json.loads(Path(options["box"]).read_text(encoding="utf-8"))
            share = ceremony.decryption_share(key_file, box)
        except (OSError, ValueError) as error:
            raise CommandError(f"无法读取文件：{error}") from None
        except crypto.CryptoError as error:
            raise CommandError(error.reason) from None
        Path(options["out"]).write_text(json.dumps(share, ensure_ascii=False), encoding="utf-8")
        self.stdout.write("解密份额已生成，请上传到系统。")
