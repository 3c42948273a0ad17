from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
