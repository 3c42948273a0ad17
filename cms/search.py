"""Finding stories, notices and news for the shop's search box.

A county has a few hundred pages, so a plain substring match serves Chinese better than a
full-text index that does not segment words ("新青村" inside "新青村：客车捎来的电商路").
"""

from django.db.models import Q
from wagtail.models import Page

from cms.models import NewsPage, PolicyNoticePage, ProducerProfilePage, VillageStoryPage
from cms.translation import default_locale_pages


def search_pages(query, limit=10):
    query = (query or "").strip()
    if not query:
        return []
    story_ids = default_locale_pages(VillageStoryPage.objects.live()).filter(
        Q(summary__icontains=query) | Q(body__icontains=query) | Q(village__name__icontains=query)).values("pk")
    matches = (default_locale_pages(Page.objects.live())
               .type(VillageStoryPage, ProducerProfilePage, NewsPage, PolicyNoticePage)
               .filter(Q(title__icontains=query) | Q(search_description__icontains=query) | Q(pk__in=story_ids)))
    return list(matches.specific().order_by("-first_published_at")[:limit])
