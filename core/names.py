"""A person's name as it is written: Chinese names surname first with no space (陈晓雨), others
given name first (Anna Schmidt)."""

import re

HAN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·]+$")


def full_name(*, given: str, family: str) -> str:
    given, family = (given or "").strip(), (family or "").strip()
    if not given or not family:
        return given or family
    if HAN.match(given) and HAN.match(family):
        return f"{family}{given}"
    return f"{given} {family}"
