"""How a producer is named on public pages: the surname and 某, as the source article does."""

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
