"""Backup and restore of a whole deployment: the database, the uploaded files and a manifest with checksums.

PostgreSQL is dumped with pg_dump's custom format and restored with pg_restore; SQLite is copied with
its online backup API. The manifest records every table's row count and every file's SHA-256, so a
restore can prove it gave back exactly what was saved.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from core import audit

MANIFEST = "manifest.json"
DB_DUMP = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
MEDIA_DIR = "media"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


@dataclass
class Verification:
    row_counts_match: bool
    files_match: bool
    audit_problems: int

    @property
    def ok(self) -> bool:
        return self.row_counts_match and self.files_match and self.audit_problems == 0


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def media_files(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): sha256_of(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _pg_env() -> tuple[dict, list[str]]:
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = [
        "-h",
        db.get("HOST") or "127.0.0.1",
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        db.get("USER") or "postgres",
    ]
    return env, args


def _run(cmd: list[str], env: dict) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} 执行失败：{result.stderr.strip()[:500]}")


def backup(target: Path) -> dict:
    """Write the database, media and manifest into ``target`` (which must be empty or absent)."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"备份目录 {target} 不是空目录，请另选一个目录。")
    target.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in DB_DUMP:
        raise BackupError(f"不支持的数据库类型：{vendor}")
    dump = target / DB_DUMP[vendor]
    counts = row_counts()
    if vendor == "postgresql":
        env, args = _pg_env()
        _run(["pg_dump", *args, "-Fc", "--no-owner", "-f", str(dump), connection.settings_dict["NAME"]], env)
    else:
        connection.ensure_connection()
        with sqlite3.connect(dump) as out:
            connection.connection.backup(out)
        out.close()
    media_root = Path(settings.MEDIA_ROOT)
    files = media_files(media_root)
    if files:
        shutil.copytree(media_root, target / MEDIA_DIR, symlinks=False)
    manifest = {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": vendor, "file": dump.name, "sha256": sha256_of(dump)},
        "row_counts": counts,
        "media": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def read_manifest(source: Path) -> dict:
    """The manifest, after checking every file in the backup against its checksum."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(f"{source} 中没有可读的备份清单 {MANIFEST}。")
    dump = source / manifest["database"]["file"]
    if not dump.exists() or sha256_of(dump) != manifest["database"]["sha256"]:
        raise BackupError("数据库备份文件缺失或校验值不符，备份已损坏，未做任何恢复。")
    for name, digest in manifest["media"].items():
        path = source / MEDIA_DIR / name
        if not path.exists() or sha256_of(path) != digest:
            raise BackupError(f"上传文件 {name} 缺失或校验值不符，备份已损坏，未做任何恢复。")
    return manifest


def restore(source: Path) -> Verification:
    """Replace the database and media by the backup's, then verify counts, checksums and the audit chain."""
    source = Path(source)
    manifest = read_manifest(source)
    vendor = connection.vendor
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(f"备份来自 {manifest['database']['vendor']} 数据库，不能恢复到 {vendor} 数据库。")
    dump = source / manifest["database"]["file"]
    if vendor == "postgresql":
        env, args = _pg_env()
        name = connection.settings_dict["NAME"]
        connections.close_all()
        _run(
            [
                "pg_restore",
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "-d",
                name,
                str(dump),
            ],
            env,
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(dump) as backup_db:
            backup_db.backup(connection.connection)
        backup_db.close()
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        shutil.rmtree(media_root)
    if (source / MEDIA_DIR).exists():
        shutil.copytree(source / MEDIA_DIR, media_root)
    else:
        media_root.mkdir(parents=True, exist_ok=True)
    return Verification(
        row_counts_match=row_counts() == manifest["row_counts"],
        files_match=media_files(media_root) == manifest["media"],
        audit_problems=len(audit.verify_chain()),
    )
