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


def sign_in(page, shop, user) -> None:
    """Sign `user` in as they would, and prove it: a failed sign-in would send every page after it
    to the (phone-sized, Chinese) login page, and a sweep of them would pass."""
    from playwright.sync_api import expect

    from tests.factories import PASSWORD

    page.context.clear_cookies()
    visit(page, shop, "/accounts/login/", "登录或注册")
    page.locator("#id_login-username").fill(user.email)
    page.locator("#id_login-password").fill(PASSWORD)
    page.locator("button[name=login_submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    assert any(cookie["name"] == "sessionid" for cookie in page.context.cookies()), f"{user} has no session"
    # The marker: the profile, which only a signed-in user reaches, is this user's.
    visit(page, shop, "/accounts/profile/", "用户资料")
    expect(page.locator("main")).to_contain_text(user.email)


def visit(page, shop, path, heading, *, status=200):
    """Open `path` and prove it is the page asked for: its status, no detour to the login page,
    one <main> landmark, and the page's own heading: its one <h1> says `heading` (a text it
    contains, or a pattern)."""
    from playwright.sync_api import expect

    response = page.goto(shop.url + path)
    assert response is not None and response.status == status, (path, response and response.status)
    if not path.startswith("/accounts/login/"):
        assert "/accounts/login/" not in page.url, f"{path} asked to sign in"
    expect(page.locator("main")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    return response
