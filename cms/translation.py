"""Pages in the buyer's language without a second set of URLs.

Pages are routed and listed in the default (Chinese) tree. When the buyer has chosen another
language and an editor has published a translation of the page, the translation is shown in
its place.
"""

from wagtail.models import Locale, Page


def default_locale_pages(queryset):
    return queryset.filter(locale=Locale.get_default())


def translation_for_request(page, request):
    """The live translation of `page` in the request's language, or None."""
    language = getattr(request, "LANGUAGE_CODE", None)
    if not language or page.locale.language_code == language:
        return None
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return None
    translation = page.get_translation_or_none(locale)
    if translation is None or not translation.live:
        return None
    return translation.specific


class TranslatedPageMixin:
    def serve(self, request, *args, **kwargs):
        translation = translation_for_request(self, request)
        if translation is not None and translation.pk != self.pk:
            return Page.serve(translation, request, *args, **kwargs)
        return super().serve(request, *args, **kwargs)


def routed(page):
    """The default-language version of a page: the one that has a URL."""
    if page is None:
        return None
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return page.get_translation_or_none(default) or page
