import logging
import os

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage
from django.db import DataError
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.datastructures import MultiValueDictKeyError
from django.views.defaults import bad_request, page_not_found

from shop.cache import memo_per_request

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
    """Serves each request with the cache's per-request memory (shop.cache) and reads the keys
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


class HostileInputMiddleware:
    """The last net for input that third-party screens (Django admin, Wagtail admin, parts of
    Oscar) pass unchecked to the database: instead of a 500,

    - a number too large for the server or for SQLite (``OverflowError``) answers 400,
    - text with a NUL character, which PostgreSQL cannot store or search for, answers 400,
    - a malformed id or value in the URL or query string (a model field refusing to convert
      it, e.g. ``Field 'id' expected a number but got 'x'``) answers 400,
    - a form field the page always sends but this request left out (``MultiValueDictKeyError``
      from ``request.POST["…"]``, e.g. a tampered formset) answers 400,
    - a page number past the end or below 1 that escaped a view answers 404.

    Our own views check their input themselves (see tests/security/); this catches what the
    packages do not. Each case is logged as a warning with its path, so it stays visible.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, InvalidPage):
            logger.warning("Page out of range on %s: %s", request.path, exception)
            return page_not_found(request, Http404(str(exception)))
        if (isinstance(exception, (OverflowError, MultiValueDictKeyError))
                or (isinstance(exception, DataError) and "NUL (0x00)" in str(exception))
                or _raised_converting_a_field_value(exception)):
            logger.warning("Bad input on %s: %s: %s", request.path, type(exception).__name__, exception)
            return bad_request(request, exception)
        return None
