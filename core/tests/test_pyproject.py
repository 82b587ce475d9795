"""pyproject.toml names the project's packages: each one exists, and no app is left out."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def included() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {pattern.rstrip("*") for pattern in config["tool"]["setuptools"]["packages"]["find"]["include"]}


def test_every_listed_package_exists():
    assert sorted(name for name in included() if not (ROOT / name / "__init__.py").is_file()) == []


def test_every_app_and_config_is_listed():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")} | {"config"}
    assert sorted(apps - included()) == []
