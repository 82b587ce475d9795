#!/usr/bin/env python3
"""Set up renda and run it: `python3 run.py demo`, `python3 run.py test` or `python3 run.py lint`.

Needs only Python 3.11+ and the operating system. Creates `.venv/`, installs the
pinned dependencies (requirements*.lock) and the `renda` command, then:

  demo  migrate, load the fictional 示范区 congress when the database is empty,
        collect the local static assets and serve on http://127.0.0.1:8000
  test  run the whole test suite (pytest); extra arguments go to pytest
  lint  ruff check, ruff format --check and mypy (configured in pyproject.toml); fails on any finding
  lock  regenerate requirements.lock and requirements-dev.lock, with hashes, from the .in files

Environment variables are documented in .env.example.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def say(message: str) -> None:
    print(f"[renda] {message}", flush=True)


def run(*args: str | Path, **kwargs) -> None:
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def ensure_environment(lock: str) -> None:
    """Create .venv and install the lock file, skipping work already done."""
    # run.py itself runs on whatever python3 the OS has, before any venv exists.
    if sys.version_info < (3, 11):  # noqa: UP036
        sys.exit("renda 需要 Python 3.11 或更高版本 (requires Python 3.11+)")
    if not PYTHON.exists():
        say("创建虚拟环境 .venv …")
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{lock}"
    wanted = hashlib.sha256((ROOT / lock).read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    say(f"安装依赖（{lock}）…")
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", ROOT / lock)
    install_renda_command()
    stamp.write_text(wanted)


def install_renda_command() -> None:
    """Put the project on the venv's path and add `.venv/bin/renda` (the project's manage.py).

    Done by hand rather than `pip install -e .` so that set-up needs no build backend and
    fetches nothing beyond the lock file.
    """
    purelib = subprocess.run(
        [str(PYTHON), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "renda.pth").write_text(f"{ROOT}\n")
    script = BIN / "renda"
    script.write_text(f"#!{PYTHON}\nfrom config.manage import main\n\nmain()\n")
    script.chmod(0o755)


def renda(*args: str) -> None:
    run(BIN / "renda", *args)


def demo(extra: list[str]) -> None:
    ensure_environment("requirements.lock")
    renda("migrate", "--noinput", "-v", "0")
    renda("demo", "--if-empty")
    renda("collectstatic", "--noinput", "-v", "0")
    host, port = "127.0.0.1", os.environ.get("PORT", "8000")
    # The demo's role accounts sign in with a password only; set TWO_FACTOR_REQUIRED=true to try the second factor.
    os.environ.setdefault("TWO_FACTOR_REQUIRED", "false")
    os.environ.setdefault("SECURE_COOKIES", "false")  # the demo is served on plain http
    renda("demo_accounts")
    say(f"示范区人大演示已启动：http://{host}:{port}/  （Ctrl+C 停止）")
    os.chdir(ROOT)
    os.execv(
        str(BIN / "uvicorn"),
        [
            str(BIN / "uvicorn"),
            "config.asgi:application",
            "--host",
            host,
            "--port",
            port,
            "--no-access-log",
            *extra,
        ],
    )


def test(extra: list[str]) -> None:
    ensure_environment("requirements-dev.lock")
    # One test process per core (pytest-xdist) unless the caller chose otherwise.
    parallel = [] if any(a.startswith(("-n", "--numprocesses")) for a in extra) else ["-n", "auto"]
    result = subprocess.run([str(PYTHON), "-m", "pytest", *parallel, *extra], cwd=ROOT, check=False)
    sys.exit(result.returncode)


def lint(extra: list[str]) -> None:
    ensure_environment("requirements-dev.lock")
    failed = []
    for name, args in (
        ("ruff check", [BIN / "ruff", "check", "."]),
        ("ruff format --check", [BIN / "ruff", "format", "--check", "."]),
        ("mypy", [BIN / "mypy"]),
    ):
        say(name)
        if subprocess.run([str(a) for a in args], cwd=ROOT, check=False).returncode != 0:
            failed.append(name)
    if failed:
        sys.exit(f"[renda] 代码检查未通过：{'、'.join(failed)}")


def lock(extra: list[str]) -> None:
    """Both lock files from the .in files; the dev lock takes the runtime pins from requirements.lock (-c)."""
    ensure_environment("requirements-dev.lock")
    for source, target in (
        ("requirements.in", "requirements.lock"),
        ("requirements-dev.in", "requirements-dev.lock"),
    ):
        say(f"{source} → {target}")
        run(
            BIN / "pip-compile",
            "--quiet",
            "--generate-hashes",
            "--allow-unsafe",
            "--strip-extras",
            "--no-emit-index-url",
            "--no-emit-find-links",
            *extra,
            "-o",
            target,
            source,
            env={**os.environ, "CUSTOM_COMPILE_COMMAND": "python3 run.py lock"},
        )


def main() -> None:
    commands = {"demo": demo, "test": test, "lint": lint, "lock": lock}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit("用法：python3 run.py demo | test | lint | lock [参数…]")
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
