"""Fill the zh_Hans catalogue from tools/zh_hans.json (msgid -> translation).

Run after `make messages` has added new msgids; then compile with `manage.py compilemessages`.
Keeps existing translations; lists the msgids that still lack one. A msgid that only templates
taken over from Oscar use, and that Oscar's own catalogue translates, stays empty here: Django
falls back to Oscar's translation.
"""

import gettext
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
TABLE = json.loads((ROOT / "tools" / "zh_hans.json").read_text(encoding="utf-8"))


def oscar_catalogue() -> dict:
    import oscar

    mo = Path(oscar.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


OSCAR = oscar_catalogue()


def unquote(lines):
    return "".join(json.loads(line[line.index('"'):]) for line in lines if '"' in line)


def quote(text):
    return json.dumps(text, ensure_ascii=False)


def unfuzz(line):
    return line.replace(" fuzzy,", "") if line.startswith("#,") else line


def fill_plural(lines, id_start, plural, missing):
    """Chinese has one plural form: msgstr[0] is the translation of the singular msgid."""
    msgid = unquote(lines[id_start:plural])
    str_start = next(i for i, line in enumerate(lines) if line.startswith("msgstr["))
    if unquote(lines[str_start:]) and not any("fuzzy" in line for line in lines if line.startswith("#,")):
        return "\n".join(lines)
    translation = TABLE.get(msgid)
    if translation is None:
        missing.append(msgid)
        return "\n".join(lines)
    head = [unfuzz(line) for line in lines[:str_start] if line != "#, fuzzy" and not line.startswith("#|")]
    return "\n".join(head + [f"msgstr[0] {quote(translation)}"])


def main():
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")
    missing = []
    out = []
    for entry in entries:
        lines = entry.split("\n")
        id_start = next((i for i, line in enumerate(lines) if line.startswith("msgid ")), None)
        plural = next((i for i, line in enumerate(lines) if line.startswith("msgid_plural ")), None)
        if plural is not None:
            out.append(fill_plural(lines, id_start, plural, missing))
            continue
        str_start = next((i for i, line in enumerate(lines) if line.startswith("msgstr ")), None)
        if id_start is None or str_start is None:
            out.append(entry)
            continue
        msgid = unquote(lines[id_start:str_start])
        msgstr = unquote(lines[str_start:])
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        if fuzzy and msgid:
            # makemessages guesses from a similar msgid; the guess is always wrong here.
            lines = [unfuzz(line) for line in lines if line != "#, fuzzy" and not line.startswith("#|")]
            id_start = next(i for i, line in enumerate(lines) if line.startswith("msgid "))
            str_start = next(i for i, line in enumerate(lines) if line.startswith("msgstr "))
            lines = lines[:str_start] + ['msgstr ""']
            msgstr = ""
        if msgid and not msgstr:
            translation = TABLE.get(msgid)
            if translation is None:
                if not OSCAR.get(msgid):
                    missing.append(msgid)
            else:
                lines = lines[:str_start] + [f"msgstr {quote(translation)}"]
        out.append("\n".join(lines))
    text = "\n\n".join(out)
    text = text.replace("charset=CHARSET", "charset=UTF-8")
    PO.write_text(text, encoding="utf-8")
    for msgid in missing:
        print("missing:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
