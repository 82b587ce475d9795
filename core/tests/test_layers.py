"""Layers run one way: core is below every app, so no code under core/ imports one.

An app name reached through settings (a dotted path in HOME_TODO_PROVIDERS, MAIN_MENU, …) is
fine: that is how the site on top (portal) plugs the apps into core's pages. Tests under
core/tests/ are left out: they run with every app installed and may drive core's helpers
through the apps that use them (each export, each secret ballot).
"""

import ast
from pathlib import Path

import core

APPS = {
    "accounts",
    "registry",
    "meetings",
    "elections",
    "projects",
    "suggestions",
    "stations",
    "oversight",
    "performance",
    "reports",
    "api",
    "portal",
}
CORE = Path(core.__file__).resolve().parent


def imported_modules(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def app_imports(source: str) -> list[tuple[int, str]]:
    return [(line, name) for line, name in imported_modules(source) if name.split(".")[0] in APPS]


def test_no_file_in_core_imports_an_app():
    offenders = [
        f"{path.relative_to(CORE.parent)}:{line} imports {name}"
        for path in sorted(CORE.rglob("*.py"))
        if "tests" not in path.relative_to(CORE).parts
        for line, name in app_imports(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_check_sees_every_spelling_of_an_import():
    source = (
        "import registry\n"
        "import accounts.models as m\n"
        "from meetings.models import Vote\n"
        "def f():\n"
        "    from stations import queries\n"
        "    importlib.import_module('reports.figures')\n"
        "from core import audit\n"
        "from . import cn\n"
        "import django.db\n"
    )
    assert [name for _, name in app_imports(source)] == [
        "registry",
        "accounts.models",
        "meetings.models",
        "stations",
        "reports.figures",
    ]
