import inspect
import logging
import os

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import TooManyFieldsSent, ValidationError
from django.core.paginator import InvalidPage
from django.db import DataError
from django.http import Http404, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.datastructures import MultiValueDictKeyError
from django.views.defaults import bad_request, page_not_found

from config.cache import memo_per_request

logger = logging.getLogger(__name__)


class SiteLanguageMiddleware(LocaleMiddleware):
    """Chinese for everyone unless they chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a buyer whose
    phone is set to English would get a half-translated county shop; the switch (a cookie)
    is the only way to change language here.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class CacheMemoMiddleware:
    """Serves each request with the cache's per-request memory (config.cache) and reads the keys
    that every page reads (settings.CACHE_READ_PER_REQUEST) in one round trip. After
    SiteLanguageMiddleware: some keys are per language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with memo_per_request():
            if request.method in ("GET", "HEAD"):
                language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
                cache.get_many([key.format(language=language) for key in settings.CACHE_READ_PER_REQUEST])
            return self.get_response(request)


def _raised_converting_a_field_value(exc):
    """Whether ``exc`` came from a model field converting a value for a query (an id that is
    not a number, a date that is not a date): what Django raises for ``pk="x"``."""
    if not isinstance(exc, (ValueError, TypeError, ValidationError)):
        return False
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return False
    code = tb.tb_frame.f_code
    return (code.co_name in ("get_prep_value", "to_python", "get_db_prep_value")
            and os.path.join("django", "db", "models", "fields") in code.co_filename)


# The packages whose views (and views derived from theirs: Oscar's forks) the net below covers.
THIRD_PARTY_VIEWS = ("oscar.", "wagtail.", "django.contrib.", "axes.")


def served_by_third_party(request) -> bool:
    """Whether the request's view is a third-party screen: any view of the Django admin (every
    ModelAdmin runs the admin's own code), or a view defined by Oscar, Wagtail, django.contrib or
    axes. A view defined in our code (a fork of an Oscar view included: we chose to change it)
    is ours, and what escapes it is a bug to see as one."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    if match.namespaces[:1] == ["admin"]:
        return True
    view_class = getattr(match.func, "view_class", None)
    module = view_class.__module__ if view_class else inspect.unwrap(match.func).__module__
    return module.startswith(THIRD_PARTY_VIEWS)


class HostileInputMiddleware:
    """The last net for input that third-party screens (Django admin, Wagtail admin, Oscar and
    its forks) pass unchecked to the database: instead of a 500,

    - a number too large for the server or for SQLite (``OverflowError``) answers 400,
    - text with a NUL character, which PostgreSQL cannot store or search for, answers 400,
    - a malformed id or value in the URL or query string (a model field refusing to convert
      it, e.g. ``Field 'id' expected a number but got 'x'``) answers 400,
    - a form field the page always sends but this request left out (``MultiValueDictKeyError``
      from ``request.POST["…"]``, e.g. a tampered formset) answers 400,
    - a page number past the end or below 1 that escaped a view answers 404.

    Only for third-party screens (served_by_third_party): our own views check their input
    themselves (see tests/security/), and whatever escapes them is a bug that must reach the
    error log and Sentry as one. Each case caught is logged as an error with its path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not served_by_third_party(request):
            return None
        if isinstance(exception, InvalidPage):
            logger.error("Page out of range on %s: %s", request.path, exception)
            return page_not_found(request, Http404(str(exception)))
        if (isinstance(exception, (OverflowError, MultiValueDictKeyError))
                or (isinstance(exception, DataError) and "NUL (0x00)" in str(exception))
                or _raised_converting_a_field_value(exception)):
            logger.error("Bad input on %s: %s: %s", request.path, type(exception).__name__, exception)
            return bad_request(request, exception)
        return None


class QueryLimitMiddleware:
    """A query string of more fields than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS) answers 400 at
    once, before any view, form or middleware reads ``request.GET`` and fails on it again while the
    400 page is made (10,000 parameters gave a 500). The page is made with an empty query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        query = request.META.get("QUERY_STRING", "")
        if limit is not None and query.count("&") + 1 > limit:  # as Django's QueryDict counts them
            request.GET = QueryDict()
            logger.warning("Too many query fields on %s", request.path)
            return bad_request(request, TooManyFieldsSent(
                "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."))
        return self.get_response(request)


class AdminFormsetLimitMiddleware:
    """The Django admin builds every form a formset's TOTAL_FORMS asks for, up to 2,000 an inline
    (13.6 s a request): a POST to the admin asking for more than ADMIN_MAX_INLINE_FORMS forms in
    one inline answers 400 before any form is built. No inline of the platform (stops, departures,
    tracking events, pairings, an order's lines) comes near the limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if request.method != "POST" or match is None or match.namespaces[:1] != ["admin"]:
            return None
        limit = settings.ADMIN_MAX_INLINE_FORMS
        for name, value in request.POST.items():
            if name.endswith("-TOTAL_FORMS") and not (value.isascii() and value.isdigit() and int(value) <= limit):
                logger.error("Admin formset of %s forms on %s", value[:20], request.path)
                return bad_request(request, ValidationError(f"{name}: more than {limit} forms"))
        return None


class StaticScriptsOnlyMiddleware:
    """Scripts of the site come only from its static files: the CSP's script-src trusts the site's
    STATIC_URL path, not the whole origin (`'self'`), so nothing under /media/, which users upload
    to, can ever be a script of the shop; worker-src trusts only the station's service worker.
    Runs after django-csp has written the header (it stands before it in MIDDLEWARE); CSP needs a
    host for a path, so it is the request's own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = response.get("Content-Security-Policy")
        if not policy or not settings.STATIC_URL.startswith("/"):
            return response
        origin = f"{request.scheme}://{request.get_host()}"
        instead = {"script-src": f"{origin}{settings.STATIC_URL}",
                   "worker-src": " ".join(f"{origin}{path}" for path in settings.SERVICE_WORKER_PATHS)}
        directives = []
        for directive in policy.split(";"):
            words = directive.split()
            if words and words[0] in instead:
                directive = " ".join(instead[words[0]] if word == "'self'" else word for word in words)
            directives.append(directive.strip())
        response["Content-Security-Policy"] = "; ".join(directives)
        return response
