"""No test computes a date or a time when its module is imported: CI runs the suite for over an
hour, twice, and a day read at collection goes stale across Shanghai's midnight. Tests take the
`today` and `now` fixtures (tests/conftest.py) or compute inside their body."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CLOCKS = {"today", "now", "localdate", "localtime", "utcnow"}


def clock_calls_at_import(tree: ast.Module):
    """Calls of a clock outside any function body: module statements, default arguments and
    decorators (parametrize lists are built at import)."""
    def calls(node):
        return [n for n in ast.walk(node) if isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute) and n.func.attr in CLOCKS]

    found = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for part in [*node.decorator_list,
                         *(getattr(node, "args", None) and [*node.args.defaults, *node.args.kw_defaults] or [])]:
                if part is not None:
                    found += calls(part)
            if isinstance(node, ast.ClassDef):  # class bodies run at import too
                found += [c for stmt in node.body if not isinstance(stmt, ast.FunctionDef) for c in calls(stmt)]
        else:
            found += calls(node)
    return found


def test_no_test_module_reads_the_clock_when_imported():
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        for call in clock_calls_at_import(ast.parse(path.read_text())):
            offenders.append(f"{path.relative_to(TESTS.parent)}:{call.lineno}: {ast.unparse(call)}")
    assert offenders == []


def test_the_check_sees_a_date_read_at_import():
    sample = ast.parse("import datetime\nTODAY = datetime.date.today()\n"
                       "@pytest.mark.parametrize('d', [timezone.localdate()])\ndef test_x(d, on=timezone.now()):\n"
                       "    return datetime.date.today()\n")
    assert [ast.unparse(c) for c in clock_calls_at_import(sample)] == [
        "datetime.date.today()", "timezone.localdate()", "timezone.now()"]
