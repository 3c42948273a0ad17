"""`make mutants`' verdict (tools/mutants.py): at least 90 % of the mutants killed, and every
survivor killed or named as equivalent in README "Mutation testing"."""

import json

from tests.helpers import load_tool


def mutants_tool():
    return load_tool("mutants")


def project(tmp_path, codes, *, named=()):
    (tmp_path / "mutants" / "money").mkdir(parents=True)
    (tmp_path / "mutants" / "money" / "ledger.py.meta").write_text(json.dumps({"exit_code_by_key": {
        f"money.ledger.x_book__mutmut_{n}": code for n, code in enumerate(codes, 1)}}))
    listed = ", ".join(f"`money.ledger.x_book__mutmut_{n}`" for n in named)
    (tmp_path / "README.md").write_text(f"# P\n\n## Mutation testing\n\nEquivalent: {listed}.\n\n## Next\n\n"
                                        "`money.ledger.x_book__mutmut_1` is not in the section.\n")
    return tmp_path


def test_every_survivor_is_killed_or_named(tmp_path, capsys):
    tool = mutants_tool()
    killed, survived = 1, 0
    codes = [killed] * 18 + [survived, survived]
    assert tool.verdict(project(tmp_path / "a", codes, named=[19])) == 1
    assert "survived: money.ledger.x_book__mutmut_20" in capsys.readouterr().out
    assert tool.verdict(project(tmp_path / "b", codes, named=[19, 20])) == 0


def test_below_nine_in_ten_killed_fails_and_a_stale_name_too(tmp_path, capsys):
    tool = mutants_tool()
    codes = [1] * 8 + [0, 0]  # 80 %
    assert tool.verdict(project(tmp_path / "a", codes)) == 1
    assert "The score is 80.0%, below 90%." in capsys.readouterr().out
    # A mutant named equivalent is out of the count: 8 of 8.
    assert tool.verdict(project(tmp_path / "d", codes, named=[9, 10])) == 0
    capsys.readouterr()
    assert tool.verdict(project(tmp_path / "b", [1] * 10, named=[11])) == 1  # no such mutant
    assert "made no such mutant" in capsys.readouterr().out
    assert tool.verdict(project(tmp_path / "c", [1] * 9 + [None])) == 1  # a run not finished is no verdict
    assert "1 mutants not checked yet" in capsys.readouterr().out
