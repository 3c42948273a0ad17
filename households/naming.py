"""How a producer is named on public pages: the surname and 某, as the source article does; and
how an ID number shows until someone whose scope covers the household asks to see it."""

# Two-character surnames that would otherwise be cut in half.
COMPOUND_SURNAMES = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟",
    "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯",
}


def anonymised_name(full_name: str) -> str:
    name = (full_name or "").strip()
    if not name:
        return "某"
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]
    return f"{surname}某"


def masked_id_number(number: str) -> str:
    """The region and the last four characters: 2310**********0011."""
    number = (number or "").strip()
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
