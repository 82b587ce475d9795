"""Operations: health checks, production start-up refusals, backup and restore."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from core import audit, backup
from core.models import AuditEntry, Notification

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_without_login(client):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_the_database(client):
    body = client.get("/readyz").json()
    assert body["status"] == "ok" and body["checks"]["database"] == "ok"


def _start(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _start({"RENDA_PRODUCTION": "true", "RENDA_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "生产环境必须设置环境变量 SECRET_KEY" in result.stderr


def test_production_refuses_to_start_with_debug_on(tmp_path):
    result = _start(
        {"RENDA_PRODUCTION": "true", "SECRET_KEY": "x" * 50, "DEBUG": "true", "RENDA_VAR_DIR": str(tmp_path)}
    )
    assert result.returncode != 0
    assert "生产环境不得开启 DEBUG" in result.stderr


def test_production_starts_with_a_shared_secret_key(tmp_path):
    result = _start({"RENDA_PRODUCTION": "true", "SECRET_KEY": "x" * 50, "RENDA_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_to_an_identical_database(tmp_path, media_root, deputy):
    Notification.objects.create(user=deputy, title="备份前的通知")
    audit.record(actor=deputy, action="create", object_type="test", object_id="1", object_repr="备份前")
    default_storage.save("letters/reply.pdf", ContentFile(b"%PDF-1.4 fictional"))
    target = tmp_path / "backup"
    call_command("backup", str(target))
    saved_counts = backup.row_counts()

    Notification.objects.all().delete()
    audit.record(actor=deputy, action="delete", object_type="test", object_id="2", object_repr="备份后")
    (media_root / "letters" / "reply.pdf").write_bytes(b"changed")

    call_command("restore", str(target), "--yes")
    assert backup.row_counts() == saved_counts
    assert Notification.objects.filter(title="备份前的通知").exists()
    assert (media_root / "letters" / "reply.pdf").read_bytes() == b"%PDF-1.4 fictional"
    assert audit.verify_chain() == []
    assert not AuditEntry.objects.filter(object_repr="备份后").exists()


@pytest.mark.django_db(transaction=True)
def test_a_corrupted_backup_is_refused_and_nothing_is_restored(tmp_path, media_root, deputy):
    default_storage.save("a.txt", ContentFile(b"original"))
    target = tmp_path / "backup"
    call_command("backup", str(target))
    (target / backup.MEDIA_DIR / "a.txt").write_bytes(b"tampered")
    Notification.objects.create(user=deputy, title="备份后的通知")
    with pytest.raises(CommandError, match="校验值不符"):
        call_command("restore", str(target), "--yes")
    assert Notification.objects.filter(title="备份后的通知").exists()


@pytest.mark.django_db
def test_restore_asks_for_confirmation(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path))


@pytest.mark.django_db
def test_backup_refuses_a_directory_that_is_not_empty(tmp_path):
    (tmp_path / "x").write_text("x")
    with pytest.raises(CommandError, match="不是空目录"):
        call_command("backup", str(tmp_path))


def test_settings_module_is_the_tests(settings_module=settings.SETTINGS_MODULE):
    assert settings_module == "config.test_settings"


def test_s3_media_storage_is_chosen_by_the_environment(tmp_path):
    code = (
        "import django; django.setup();"
        "from django.core.files.storage import storages;"
        "s = storages['default']; print(type(s).__name__, s.bucket_name)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        MEDIA_STORAGE="s3",
        S3_BUCKET="congress-files",
        S3_ENDPOINT_URL="http://127.0.0.1:9000",
        RENDA_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "S3Storage congress-files" in result.stdout


def test_an_unknown_media_storage_is_refused_in_chinese(tmp_path):
    result = _start({"MEDIA_STORAGE": "ftp", "RENDA_VAR_DIR": str(tmp_path)})
    assert "MEDIA_STORAGE 只能是 local 或 s3" in result.stderr
