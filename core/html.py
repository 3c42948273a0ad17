"""HTML that people type into the site is cleaned before it is stored.

Oscar renders product and category descriptions (and offer, range and shipping method
descriptions, flat pages) with ``|safe``. Whoever can edit them — a village coordinator is
not staff — must not be able to put script on the public pages, so the models clean those
fields on save with :func:`sanitise_html`: harmless formatting stays, everything else goes.
(It lives in core: the catalogue needs it, and shop.dashboard.receivers cleans offers, ranges, shipping methods
and flat pages with it.)
"""

from typing import overload
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
LINK_SCHEMES = {"http", "https"}


def _only_web_links(tag: str, attribute: str, value: str) -> str | None:
    """Links go to http(s) addresses only: no javascript:, data:, relative or scheme-less tricks."""
    if tag == "a" and attribute == "href":
        try:
            parts = urlsplit(value.strip())
        except ValueError:
            return None
        if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
            return None
    if attribute in ("colspan", "rowspan") and not (value.isdigit() and 0 < int(value) <= 100):
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_only_web_links,
    url_schemes=LINK_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


@overload
def sanitise_html(value: None) -> None: ...
@overload
def sanitise_html(value: str) -> str: ...
def sanitise_html(value: str | None) -> str | None:
    """The HTML fragment with only harmless formatting left; None and "" stay as they are."""
    if not value:
        return value
    return _cleaner.clean(str(value))
