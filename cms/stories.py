"""Finding the story that belongs to a village, for the shop's product pages."""

from cms.models import VillageStoryPage


def story_for_village(village):
    if village is None:
        return None
    return VillageStoryPage.objects.live().filter(village=village).order_by("-first_published_at").first()
