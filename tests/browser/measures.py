"""What a browser test measures on a page: its width, English left on a Chinese page, small targets."""

import re


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def english_words(page) -> list[str]:
    """Words of Latin letters in the page's visible text, besides the language switch's "English"."""
    text = page.evaluate("document.body.innerText")
    return sorted({w for w in re.findall(r"[A-Za-z]{3,}(?:[ '-][A-Za-z]+)*", text)} - {"English"})


def small_targets(page) -> list[str]:
    """The header's, the chips', the buy bar's and the basket line's controls smaller than 44 px."""
    return page.evaluate("""() => [...document.querySelectorAll(
        '.shop-header a, .shop-header button, .shop-header input, .buy-bar button, .buy-bar input, .btn-primary, '
        + '.basket-line-actions a')]
        .filter(el => el.offsetParent !== null)
        .filter(el => { const r = el.getBoundingClientRect(); return r.height < 44 || r.width < 44; })
        .map(el => el.outerHTML.slice(0, 80))""")
