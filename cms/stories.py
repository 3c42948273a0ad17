"""Finding the story that belongs to a village, for the shop's product pages."""

from cms.models import VillageStoryPage
from cms.translation import default_locale_pages


def story_for_village(village):
    if village is None:
        return None
    return (default_locale_pages(VillageStoryPage.objects.live()).filter(village=village)
            .order_by("-first_published_at").first())
