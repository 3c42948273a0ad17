import hashlib

from django import template
from django.utils import translation

from cms import stories
from cms.caching import cached
from cms.models import StoriesIndexPage
from cms.search import search_pages
from cms.stories import story_for_village
from cms.translation import default_locale_pages

register = template.Library()


@register.simple_tag
def stories_url():
    """The header's link to the village stories (cached until a page changes: cms.caching)."""
    def compute():
        index = default_locale_pages(StoriesIndexPage.objects.live()).first()
        return index.url if index else ""

    return cached("stories-url", compute)


@register.simple_tag
def matching_pages(query):
    """Stories, notices and news matching the shop's search words: [{title, url, kind}], kept
    until a page changes (a search page rendered anew asks again for the same words)."""
    def compute():
        return [{"title": page.title, "url": page.get_url(), "kind": str(page.get_verbose_name())}
                for page in search_pages(query)]

    query = (query or "").strip()
    if not query:
        return []
    digest = hashlib.sha1(f"{translation.get_language()}:{query}".encode()).hexdigest()
    return cached(f"matching-pages:{digest}", compute)


@register.simple_tag
def village_story(village):
    """The village's story, for the shop's product page (the catalogue itself knows no CMS)."""
    if village is None:
        return None
    return cached(f"village-story:{village.pk}", lambda: story_for_village(village))


@register.simple_tag
def village_facts(page):
    """A village story's goods, households, station, bus lines and producer profiles (cms.stories)."""
    return stories.village_facts(page)
