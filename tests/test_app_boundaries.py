"""Dependencies point one way: households depends on no other app; catalog on households only;
logistics on households and catalog; a lower app announces events with signals instead."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = {"households", "catalog", "logistics", "cms", "shop"}
ALLOWED = {
    "households": set(),
    "catalog": {"households"},
    "logistics": {"households", "catalog"},
}


def imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                yield top, node.lineno


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_apps_below_it(app):
    wrong = [f"{path.relative_to(ROOT)}:{line} imports {other}"
             for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts
             for other, line in imported_apps(path) if other != app and other not in ALLOWED[app]]
    assert not wrong, wrong
