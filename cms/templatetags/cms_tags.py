from django import template

from cms.models import StoriesIndexPage
from cms.translation import default_locale_pages

register = template.Library()


@register.simple_tag
def stories_url():
    index = default_locale_pages(StoriesIndexPage.objects.live()).first()
    return index.url if index else ""


@register.simple_tag
def matching_pages(query):
    from cms.search import search_pages

    return search_pages(query)


@register.simple_tag
def village_story(village):
    """The village's story, for the shop's product page (the catalogue itself knows no CMS)."""
    from cms.stories import story_for_village

    return story_for_village(village)
