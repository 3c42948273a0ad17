"""`make mutants`: mutation testing of the rule and money modules, and its verdict.

mutmut ([tool.mutmut] in pyproject.toml) changes one thing at a time in the modules named there (a
`<` for a `<=`, a `+` for a `-`, a constant, a dropped argument...) and runs the tests that reach
the function changed; a mutant the tests do not notice "survives". mutmut keeps its results in
mutants/ and tests again only what changed since. Then this prints the score by module and fails
when fewer than 90 % of the mutants are killed, or when a survivor is neither killed by a new test
nor named as equivalent (a change that cannot alter what the code does) in README "Mutation
testing", with the reason.

  make mutants                  run (reusing what mutmut knows), then the verdict
  .venv/bin/python tools/mutants.py --report    the verdict of the last run only

The money machine (tests/settlement/test_money_machine.py) runs 20 weeks without shrinking per
mutant: a quick look, as its docstring says; the suite runs the full 200 in CI.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.90
KILLED = {1: "killed", 3: "killed", 36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout",
          255: "timeout", 37: "killed"}
NO_TESTS = {5, 33}


def equivalents(root: Path = ROOT) -> dict[str, str]:
    """The mutants README "Mutation testing" names as equivalent (each in backquotes)."""
    text = (root / "README.md").read_text(encoding="utf-8")
    section = text.split("## Mutation testing", 1)[-1].split("\n## ", 1)[0]
    return dict.fromkeys(re.findall(r"`([\wǁ.]+__mutmut_\d+)`", section), "equivalent")


def results(root: Path = ROOT) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for meta in sorted((root / "mutants").rglob("*.py.meta")):
        found.update(json.loads(meta.read_text())["exit_code_by_key"])
    return found


def module_of(mutant: str) -> str:
    return mutant.rsplit(".", 1)[0]


def verdict(root: Path = ROOT) -> int:
    """0 when the score is at least 90 % and every survivor is named; prints the table."""
    codes = results(root)
    if not codes:
        print("No mutants: run `make mutants` first.")
        return 1
    named = equivalents(root)
    rows: dict[str, Counter] = {}
    unexplained = []
    for mutant, code in sorted(codes.items()):
        row = rows.setdefault(module_of(mutant), Counter())
        row["mutants"] += 1
        if code in KILLED:
            row[KILLED[code]] += 1
        elif mutant in named:
            row["equivalent"] += 1
        else:
            row["no tests" if code in NO_TESTS else "survived" if code == 0 else "not checked"] += 1
            unexplained.append((mutant, code))
    columns = ["mutants", "killed", "timeout", "equivalent", "survived", "no tests", "not checked"]
    print(f"{'module':28}" + "".join(f"{c:>12}" for c in columns) + f"{'score':>8}{'checked':>9}")
    total: Counter = Counter()
    for module, row in sorted(rows.items()):
        total.update(row)
        print(f"{module:28}" + "".join(f"{row[c]:>12}" for c in columns) + percentages(row))
    print(f"{'all':28}" + "".join(f"{total[c]:>12}" for c in columns) + percentages(total))
    stale = sorted(set(named) - set(codes))
    for mutant in stale:
        print(f"README names {mutant} as equivalent, but mutmut made no such mutant: remove it")
    for mutant, code in unexplained:
        if code is not None:
            print(f"{'survived' if code == 0 else 'no tests' if code in NO_TESTS else code}: {mutant}"
                  f"  (.venv/bin/mutmut show {mutant})")
    if total["not checked"]:
        print(f"{total['not checked']} mutants not checked yet: `make mutants` goes on from where it stopped.")
    if score(total) < TARGET:
        print(f"The score is {score(total):.1%}, below {TARGET:.0%}.")
    return 0 if score(total) >= TARGET and not unexplained and not stale else 1


def percentages(row: Counter) -> str:
    checked = f"{score(row, checked_only=True):.1%}" if row["mutants"] > row["not checked"] else "-"
    return f"{score(row):>8.1%}{checked:>9}"


def score(row: Counter, *, checked_only: bool = False) -> float:
    """Killed (a timeout is a kill: the tests noticed) over the mutants that are not equivalent
    (`checked_only`: over those mutmut has tested so far)."""
    counted = row["mutants"] - row["equivalent"] - (row["not checked"] if checked_only else 0)
    return (row["killed"] + row["timeout"]) / counted if counted else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", action="store_true", help="the verdict of the last run, without running")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    if not args.report:
        env = {**os.environ, "MACHINE_EXAMPLES": "20", "MACHINE_SHRINK": "0"}
        env.pop("DATABASE_URL", None)  # the embedded default: each mutant's process has its own copy
        mutmut = Path(sys.executable).with_name("mutmut")
        subprocess.run([str(mutmut), "run", "--max-children", str(args.max_children)], cwd=ROOT, env=env,
                       check=False)
    return verdict()


if __name__ == "__main__":
    sys.exit(main())
