"""``renda ballot_keys``: the tellers' key ceremony, on an offline computer (core/ballot_box/ceremony.py)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.ballot_box import ceremony, crypto


class Command(BaseCommand):
    help = (
        "计票人密钥仪式（请在断网的计算机上当着全体计票人运行）：为每位计票人生成一个密钥文件，"
        "并生成需上传到系统的公开文件 public.json。密钥文件由计票人各自保管，计票公布后销毁。"
    )
    requires_system_checks = ()

    def add_arguments(self, parser):
        parser.add_argument("--tellers", required=True, help="计票人姓名，以逗号分隔，如 甲,乙,丙")
        parser.add_argument("--threshold", type=int, required=True, help="解密所需的计票人数，如 2")
        parser.add_argument("--out", required=True, help="输出目录")

    def handle(self, *args, **options):
        names = [n.strip() for n in options["tellers"].replace("，", ",").split(",") if n.strip()]
        try:
            public, key_files = ceremony.run_ceremony(names, options["threshold"])
        except crypto.CryptoError as error:
            raise CommandError(error.reason) from None
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        (out / "public.json").write_text(json.dumps(public, ensure_ascii=False, indent=2), encoding="utf-8")
        for key_file in key_files:
            path = out / f"teller-{key_file['teller']}.key.json"
            path.write_text(json.dumps(key_file, ensure_ascii=False, indent=2), encoding="utf-8")
            path.chmod(0o600)
        self.stdout.write(
            f"已生成 {len(key_files)} 个计票人密钥文件和 public.json（解密需 {options['threshold']} 人）。"
            f"公钥指纹：{crypto.key_fingerprint(public['public_key'])}"
            "（请当场记录并在会上宣布，代表终端页面显示的指纹应与之一致）。"
        )
