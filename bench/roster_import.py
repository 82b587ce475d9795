"""Time a 4,000-row roster import (registry.roster.import_roster) on a scratch database.

    .venv/bin/python bench/roster_import.py [--rows 4000] [--database-url postgres://…/renda_bench_roster]

Without --database-url it uses a SQLite file in a temporary folder. Creates a congress, a term and
a staff user, builds an .xlsx of valid rows in memory, imports it and prints the seconds taken
(read + check + write + audit). The target is under 15 s for 4,000 rows (issue #16).
"""

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=4000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="renda-bench-roster-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["RENDA_VAR_DIR"] = str(folder)
    os.environ["REDIS_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from accounts.models import User
    from registry import roster
    from registry.models import Congress, Term
    from registry.rules import id_number_check_digit

    call_command("migrate", verbosity=0)
    congress = Congress.objects.create(
        code="bench", name="压测区人民代表大会", short_name="压测区人大", region="压测区"
    )
    Term.objects.create(congress=congress, number=17, starts_on=dt.date(2021, 12, 28))
    clerk = User.objects.create_user("bench-clerk", password="x", full_name="压测文书")

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["代表证号", "姓名", "性别", "民族", "出生日期", "身份证号", "手机号码", "当选日期"])
    for n in range(args.rows):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=n * 4)
        first17 = f"990000{birth:%Y%m%d}{n % 1000:03d}"
        id_number = first17 + id_number_check_digit(first17)
        sheet.append(
            [
                f"B{n:05d}",
                f"压测代表{n}",
                "女" if n % 2 else "男",
                "汉族",
                birth,
                id_number,
                f"136{n:08d}",
                dt.date(2021, 12, 1),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("代表名册.xlsx", buffer.getvalue())

    start, cpu = time.perf_counter(), time.process_time()
    result = roster.import_roster(congress, upload, actor=clerk)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert result.ok, result.errors[:5]
    # CPU seconds of this process too: on a shared machine the wall time also counts others' work.
    print(f"{args.rows} 行：{seconds:.1f} 秒，其中本进程 CPU {cpu:.1f} 秒（{result.summary}）")


if __name__ == "__main__":
    main()
