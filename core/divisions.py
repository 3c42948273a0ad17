"""China's administrative divisions (GB/T 2260) for the address form: province → city → county.

The list ships with the project (core/data/gb2260.json, built by tools/build_divisions.py, which
names its source and date). Addresses store the names, as Oscar's address fields are text; the
form's choices carry the codes, because names repeat across provinces (朝阳区 is in 北京 and 长春).
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "gb2260.json"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    parent: str


@cache
def _load() -> tuple[dict[str, Division], dict[str, list[Division]], str, str]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    by_code: dict[str, Division] = {}
    children: dict[str, list[Division]] = {}
    for code, name, parent in data["divisions"]:
        division = Division(code, name, parent)
        by_code[code] = division
        children.setdefault(parent, []).append(division)
    return by_code, children, data["source"], data["as_of"]


def source() -> tuple[str, str]:
    """(where the list comes from, the date it is correct as of)."""
    _, _, text, as_of = _load()
    return text, as_of


def get(code: str) -> Division | None:
    return _load()[0].get(code or "")


def children(code: str = "") -> list[Division]:
    """The provinces (no code), a province's cities or a city's counties."""
    return list(_load()[1].get(code or "", []))


def provinces() -> list[Division]:
    return children("")


def find(name: str, *, parent: str = "") -> Division | None:
    """The division called `name` under `parent` (a stored address's name back to its code)."""
    return next((d for d in children(parent) if d.name == name), None)



def is_known_address(*, province: str, city: str, county: str) -> bool:
    """Whether the names are a province, one of its cities and (where the city has them) one of
    that city's counties, as the national list writes them."""
    found_province = find(province or "")
    found_city = find(city or "", parent=found_province.code) if found_province else None
    if found_city is None:
        return False
    return not children(found_city.code) or find(county or "", parent=found_city.code) is not None
