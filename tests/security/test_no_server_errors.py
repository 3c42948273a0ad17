"""No input gives a 500.

Walks the whole URL configuration (ours, Oscar's, Wagtail's, Django admin's) and, as every
role, requests each route with hostile path arguments, hostile query parameters (common ones
and those the page's own links and search forms use) and posts the page's own forms back with
hostile values. Every request runs in a rolled-back savepoint with the cookies put back
afterwards, so the walk changes nothing (a delete page deletes nothing, a logout logs no one
out). Failures are collected and reported together.

To stay within about a minute on SQLite (each of the two halves: Django admin, everything else):
- a fixed, small set of hostile values per parameter (below);
- a role that Django admin or Wagtail admin turns away at its front page (their guard wraps
  every one of their views, before any view reads input) is not walked through the rest of
  that admin;
- a role that gets the same page (same status, same parameters, same forms) as a role already
  fuzzed on that route gets one hostile request there instead of all of them;
- a form is posted once per role (the language switch is on every page), and Django admin's
  change, delete and history views get hostile ids once per kind of primary key.
"""

import copy
import os
import re
import time
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern, _route_to_regex
from django.utils.regex_helper import normalize

pytestmark = pytest.mark.django_db

SKIPPED = {
    "static/": "static files", "media/": "uploaded files", "__debug__/": "debug toolbar",
    "cms-admin/failwhale/": "Wagtail's deliberate error page for testing 500 handling",
}
# The Stripe webhook's malformed bodies are another test's (tests/payments/test_webhook_input.py).
NO_POST = ("payments/stripe/webhook/",)
# Admins whose front page turns a role away turn it away everywhere (one decorator on all views).
GUARDED_SITES = ("/admin/", "/cms-admin/")

HUGE, PAGE = "99999999999999999999", "9999999999"
TEXT = "中文\u202e𠜎\x00" + "A" * 2000
PATH_VALUES = ["1", HUGE, "中文𠜎x"]
ODD_NUMBERS = ["-1", "", "0", "NaN", "1e5", "2147483648"]
COMMON_PARAMS = ["page", "sort", "o", "q", "year", "per_page", "order", "dir", "status", "p", "pk", "id",
                 "next", "e", "all", "product_class", "category", "date_from", "date_to"]
TIME_BUDGET_S = float(os.environ.get("FUZZ_BUDGET_S", "600"))  # a net for a runaway walk (SQLite: ~1 min)


def query_variants(names):
    """Three query strings: huge numbers (and ?sort=checkbox), long unicode with a NUL, and odd
    numbers (negative, empty, 0, NaN, 1e5, 2³¹) spread over the names (and a page far past the end)."""
    yield {**{n: HUGE for n in names}, "sort": "checkbox"}
    yield {n: TEXT for n in names}
    yield {**{n: ODD_NUMBERS[i % len(ODD_NUMBERS)] for i, n in enumerate(names)}, "page": PAGE}


def view_code(callback):
    """What decides how a view treats its path arguments: Django admin's views are one method
    per ModelAdmin class, the same for every model with the same kind of primary key."""
    model_admin = getattr(callback, "model_admin", None)
    wrapped = getattr(callback, "__wrapped__", None)
    if model_admin is not None and hasattr(wrapped, "__func__"):
        return wrapped.__func__, type(model_admin.model._meta.pk)
    return callback


def level_regex(pattern, is_endpoint):
    if isinstance(pattern, RoutePattern):
        return _route_to_regex(str(pattern._route), is_endpoint)[0]
    if isinstance(pattern, RegexPattern):
        return pattern._regex
    if isinstance(pattern, LocalePrefixPattern):
        return "^" + pattern.language_prefix
    raise TypeError(pattern)


def routes(patterns=None, regex="^"):
    """(full regex, URLPattern) for every route of the URL configuration."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        full = regex + level_regex(entry.pattern, isinstance(entry, URLPattern)).lstrip("^")
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, full)
        else:
            yield full, entry


def paths_for(regex, callback):
    """'/…' paths that reach ``callback``: the plain value "1" first, then hostile values."""
    format_string, params = normalize(regex)[0]
    found = []
    for value in PATH_VALUES if params else [None]:
        path = "/" + (format_string % {p: value for p in params} if params else format_string)
        try:
            if resolve(path).func is callback and path not in found:
                found.append(path)
        except (Resolver404, ValueError, TypeError):
            continue
    return found


class Page(HTMLParser):
    """The links and forms of an HTML page."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form, self._select = [], [], None, None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"method": a.get("method", "get").lower(), "action": a.get("action", ""),
                          "fields": {}, "text": set()}
            self.forms.append(self._form)
        elif self._form is not None and a.get("name"):
            name, kind = a["name"], a.get("type", "text").lower()
            if tag == "input":
                if kind in ("checkbox", "radio"):
                    if "checked" in a or name not in self._form["fields"]:
                        self._form["fields"][name] = a.get("value", "on")
                elif kind not in ("submit", "button", "image", "reset", "file"):
                    self._form["fields"][name] = a.get("value", "")
                    if kind != "hidden":
                        self._form["text"].add(name)
            elif tag == "select":
                self._select = name
                self._form["fields"].setdefault(name, "")
            elif tag == "textarea":
                self._form["fields"][name] = ""
                self._form["text"].add(name)
        if tag == "option" and self._form is not None and self._select:
            value = a.get("value", "")
            if value and (not self._form["fields"].get(self._select) or "selected" in a):
                self._form["fields"][self._select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def parse(response):
    page = Page()
    if response.get("Content-Type", "").startswith("text/html"):
        page.feed(response.content.decode("utf-8", "replace"))
    return page


class Walker:
    def __init__(self, roles):
        self.clients = {}
        for name, user in roles.items():
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            self.clients[name] = client
        self.failures, self.requests = [], 0

    def fetch(self, role, method, url, data=None):
        client = self.clients[role]
        cookies = copy.deepcopy(client.cookies)
        try:
            with transaction.atomic():
                response = client.get(url) if method == "get" else client.post(url, data or {})
                transaction.set_rollback(True)
        finally:
            client.cookies = cookies
        self.requests += 1
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            why = f"{exc[0].__name__}: {str(exc[1])[:160]}" if exc else response.content[:160]
            self.failures.append(f"{role:11} {method.upper():4} {url[:150]} → {response.status_code} {why}")
        elif method == "get" and response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for problem in policy_problems(url, response):
                self.failures.append(f"{role:11} GET  {url[:150]} → {problem}")
        return response


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def policy_problems(url, response):
    """What the Content-Security-Policy would refuse on a page: an inline script without this
    response's nonce, an inline event handler (the admins are outside the policy)."""
    if urlsplit(url).path.startswith(GUARDED_SITES):
        return []
    policy = response.get("Content-Security-Policy", "")
    nonce = re.search(r"'nonce-([^']+)'", policy)
    html = response.content.decode("utf-8", "replace")
    problems = []
    for attrs in INLINE_SCRIPT.findall(html):
        if "application/json" in attrs or "application/ld+json" in attrs:
            continue
        if not nonce or f'nonce="{nonce.group(1)}"' not in attrs:
            problems.append(f"inline script without the nonce: <script{attrs[:60]}>")
    handler = INLINE_HANDLER.search(html)
    if handler:
        problems.append(f"inline event handler: {handler.group(0)[-80:]}")
    return problems


def turned_away(response):
    if response.status_code in (401, 403, 405):
        return True
    return response.status_code in (301, 302) and "login" in response.get("Location", "")


def query_params(page, path):
    names = set(COMMON_PARAMS)
    for href in page.links:
        parts = urlsplit(href)
        if parts.path in ("", path):
            names.update(k for k, _ in parse_qsl(parts.query, keep_blank_values=True))
    for form in page.forms:
        if form["method"] == "get":
            names.update(form["fields"])
    return sorted(names)


def post_targets(page, path):
    for form in page.forms:
        if form["method"] != "post":
            continue  # (a form with a file input is posted without a file: uploads have their own tests)
        action = urlsplit(form["action"]).path or path
        if action.startswith("/") and not action.lstrip("/").startswith(NO_POST):
            yield action, form


def post_variants(form):
    # The form as the page filled it, each field a person types into made hostile …
    yield {**form["fields"], **{n: HUGE for n in form["text"]}}
    yield {**form["fields"], **{n: TEXT[:300] for n in form["text"]}}
    # … and every field hostile, hidden ones (formset management forms) too.
    yield {n: HUGE for n in form["fields"]}


# Two halves of about a minute each: Django admin's ~400 routes, and everything else.
@pytest.mark.parametrize("part", ["site", "django admin"])
def test_no_route_answers_500_to_hostile_input_as_any_role(roles, part):
    walker = Walker(roles)
    started = time.monotonic()
    # Which admin sites turn which roles away at their front page.
    away = {(site, role) for site in GUARDED_SITES for role in roles
            if turned_away(walker.fetch(role, "get", site))}
    posted, path_tried = set(), set()
    patterns = list(routes())
    for regex, pattern in patterns:
        paths = paths_for(regex, pattern.callback)
        if not paths or paths[0].lstrip("/").startswith(tuple(SKIPPED)):
            continue
        if paths[0].startswith("/admin/") != (part == "django admin"):
            continue
        base, hostile_paths = paths[0], paths[1:]
        if view_code(pattern.callback) in path_tried:
            hostile_paths = []  # e.g. the history page of yet another admin model
        path_tried.add(view_code(pattern.callback))
        fuzzed = set()  # what the roles already fuzzed on this route saw
        for role in roles:
            if any(base.startswith(site) and (site, role) in away for site in GUARDED_SITES):
                continue
            response = walker.fetch(role, "get", base)
            if turned_away(response):
                continue
            for path in hostile_paths:
                walker.fetch(role, "get", path)
            if response.status_code != 200:
                continue
            page = parse(response)
            names = query_params(page, base)
            targets = list(post_targets(page, base))
            seen = (tuple(names), tuple((a, tuple(sorted(f["fields"]))) for a, f in targets))
            variants = list(query_variants(names))
            if seen in fuzzed:
                walker.fetch(role, "get", base + "?" + urlencode(variants[0]))
                continue
            fuzzed.add(seen)
            for variant in variants:
                walker.fetch(role, "get", base + "?" + urlencode(variant))
            for action, form in targets:
                # A form seen before (the language switch, an admin add form and its change form)
                # is posted once per role.
                key = (role, tuple(sorted(form["fields"])))
                if key not in posted:
                    posted.add(key)
                    for data in post_variants(form):
                        walker.fetch(role, "post", action, data)
        if time.monotonic() - started > TIME_BUDGET_S:
            walker.failures.append(f"the walk took too long: stopped after {regex}")
            break
    print(f"\n{part}: {walker.requests} requests in {time.monotonic() - started:.0f} s")
    assert not walker.failures, f"{len(walker.failures)} requests answered 5xx:\n" + "\n".join(walker.failures)
