"""The floors of the code, lowest first: core → households → catalog → logistics → settlement →
shop → {aftersales, county, station, cms} → demo → config. An app uses only what lies below it.

import-linter checks the imports (pyproject's [tool.importlinter], run here and in CI). What it
cannot see is checked here:
- a model named by label (a foreign key "app.Model", `get_model("app", "Model")`) belongs to a floor
  at or below the app naming it; Oscar's core models are a foundation every floor may reach, by label
  only, and below `shop` only those of the allow-list;
- `models.py` imports no service: only other models, `core` and the definitions a model is made of;
- a project module is imported inside a function only in `AppConfig.ready()`, with its reason.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
FLOORS = {"core": 0, "households": 1, "catalog": 2, "logistics": 3, "settlement": 4, "shop": 5,
          "aftersales": 6, "county": 6, "station": 6, "cms": 6, "demo": 7, "config": 8}
SHOP = FLOORS["shop"]
# The Oscar models that the floors below the storefront build on: the order and its lines (which a
# lot allocation, a parcel and a ledger entry point at), the stock row a lot feeds, the village's
# sales point, the payment source the reconciliation reads, and the catalogue, which is ours.
FOUNDATION = {"order.Order", "order.Line", "partner.StockRecord", "partner.Partner", "payment.Source",
              "catalogue.Product", "catalogue.ProductClass", "catalogue.ProductCategory", "catalogue.Category",
              "catalogue.ProductImage", "catalogue.Option", "communication.Notification"}
# What a models.py may import from the project besides other models and core: the definitions its
# models are made of (StreamField blocks, the translation mixin, naming and word rules).
MODEL_PARTS = {"cms.blocks", "cms.translation", "households.naming", "catalog.synonyms"}
FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


def app_of_module(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in FLOORS else None


def sources():
    for app in FLOORS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def named_models(tree) -> list[tuple[str, int]]:
    """The models a module names by label: ("order.Line", line), or ("cms", line) for a label alone."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        strings = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args]
        strings += [k.value.value for k in node.keywords if k.arg == "to" and isinstance(k.value, ast.Constant)]
        if name in FIELDS and strings and strings[0] and "." in strings[0]:
            found.append((strings[0], node.lineno))
        elif name == "get_model" and strings and strings[0]:
            label = ".".join(s for s in strings[:2] if s) if "." not in strings[0] else strings[0]
            found.append((label, node.lineno))
    return found


def floor_of_label(label: str) -> tuple[int, bool]:
    """(floor, is Oscar's) of a model named by label: the floor of the app that defines it."""
    app_label, _, model_name = label.partition(".")
    config = apps.get_app_config(app_label)
    model = config.get_model(model_name) if model_name else None
    oscar = model is not None and any(c.__module__.startswith("oscar.") for c in model.__mro__)
    owner = app_of_module(config.name)
    return (FLOORS[owner] if owner else -1), oscar


def wrong_model_names(app: str, path: Path, tree) -> list[str]:
    wrong = []
    for label, line in named_models(tree):
        if "." not in label and app_of_module(apps.get_app_config(label).name) == app:
            continue  # its own models, by name
        floor, oscar = floor_of_label(label)
        where = f"{path.relative_to(ROOT)}:{line}"
        if oscar:
            if FLOORS[app] < SHOP and label not in FOUNDATION:
                wrong.append(f"{where} names Oscar's {label}, which is not in the foundation below the shop")
        elif floor > FLOORS[app]:
            wrong.append(f"{where} names {label}, a model of a higher floor")
        elif floor == FLOORS[app] and app_of_module(apps.get_app_config(label.partition(".")[0]).name) != app:
            wrong.append(f"{where} names {label}, a model of a sibling on the same floor")
    return wrong


def imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            yield node.module or "", node


def services_imported_by_models(app: str, path: Path, tree) -> list[str]:
    if path.name != "models.py":
        return []
    return [f"{path.relative_to(ROOT)}:{node.lineno} imports {module}" for module, node in imports(tree)
            if app_of_module(module) and not (module.startswith("core.") or module.endswith(".models")
                                             or module in MODEL_PARTS)]


def imports_inside_functions(path: Path, tree, lines: list[str]) -> list[str]:
    wrong = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                if not any(app_of_module(m) for m in modules):
                    continue
                reason = "#" in lines[node.end_lineno - 1] or lines[node.lineno - 2].strip().startswith("#")
                if function.name != "ready" or not reason:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {', '.join(modules)} inside "
                                 f"{function.name}()")
    return wrong


def parsed():
    for app, path in sources():
        text = path.read_text(encoding="utf-8")
        yield app, path, ast.parse(text), text.splitlines()


@pytest.mark.django_db(databases=[])
def test_a_model_named_by_label_lies_on_the_same_floor_or_below():
    wrong = [w for app, path, tree, _lines in parsed() for w in wrong_model_names(app, path, tree)]
    assert not wrong, wrong


def test_models_import_no_service():
    wrong = [w for app, path, tree, _lines in parsed() for w in services_imported_by_models(app, path, tree)]
    assert not wrong, wrong


def test_project_modules_are_imported_inside_a_function_only_by_ready_and_with_a_reason():
    wrong = [w for _app, path, tree, lines in parsed() for w in imports_inside_functions(path, tree, lines)]
    assert not wrong, wrong


def test_import_linter_keeps_the_floors():
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


# The checks above see a break: each is shown one on a made-up module.

@pytest.mark.parametrize(("app", "source", "seen"), [
    ("catalog", 'x = models.ForeignKey("settlement.LineIncome", on_delete=models.PROTECT)', "higher floor"),
    ("households", 'Claim = get_model("aftersales", "Claim")', "higher floor"),
    ("logistics", 'Basket = get_model("basket", "Basket")', "not in the foundation"),
    ("cms", 'claim = models.OneToOneField(to="aftersales.Claim", on_delete=models.CASCADE)', "sibling"),
])
@pytest.mark.django_db(databases=[])
def test_the_label_check_sees_a_model_it_must_not_name(app, source, seen):
    wrong = wrong_model_names(app, ROOT / app / "made_up.py", ast.parse(source))
    assert len(wrong) == 1 and seen in wrong[0], wrong


def test_the_models_check_sees_a_service_imported_by_a_model():
    tree = ast.parse("from households.monitoring import evaluate\nfrom households.naming import anonymised_name\n")
    assert services_imported_by_models("households", ROOT / "households" / "models.py", tree) == [
        "households/models.py:1 imports households.monitoring"]


def test_the_local_import_check_sees_an_import_inside_a_function():
    text = ("def f():\n    from catalog.models import SupplyLot\n\n\n"
            "def ready(self):\n    from catalog import x  # why\n")
    assert imports_inside_functions(ROOT / "catalog" / "made_up.py", ast.parse(text), text.splitlines()) == [
        "catalog/made_up.py:2 imports catalog.models inside f()"]
