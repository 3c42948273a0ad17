"""Synonyms staff keep for search: one group of words that mean the same goods, written as a buyer
would type them, kept lower case, without repeats and of letters only."""

import re

# What separates the words of a group: spaces and the punctuation a Chinese keyboard types.
SYNONYM_SPLIT = re.compile(r"[\s,，、;；/|]+")
# A word is made of letters and digits only, as both search engines' tokenizers cut it.
WORD = re.compile(r"[^\W_]+")


def normalised_synonyms(text: str) -> list[str]:
    """'蟹，螃蟹 大闸蟹 蟹' → ['蟹', '螃蟹', '大闸蟹']: lower case, no repeats, words of letters only."""
    words = []
    for raw in SYNONYM_SPLIT.split((text or "").lower()):
        word = "".join(WORD.findall(raw))[:40]
        if word and word not in words:
            words.append(word)
    return words
