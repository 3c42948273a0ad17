from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class StoriesIndexPage(Page):
    """The root of the stories: lists the village stories."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.VillageStoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("stories index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = (VillageStoryPage.objects.child_of(self).live().specific()
                              .select_related("village", "photo").order_by("-first_published_at"))
        return context


class VillageStoryPage(Page):
    """The story of one village and the people behind its goods."""

    village = models.ForeignKey("households.Village", on_delete=models.PROTECT, related_name="stories",
                                verbose_name=_("village"))
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    photo = models.ForeignKey("wagtailimages.Image", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("photo"))
    body = RichTextField(_("story"))

    content_panels = Page.content_panels + [
        FieldPanel("village"), FieldPanel("summary"), FieldPanel("photo"), FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.StoriesIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("village story")
        verbose_name_plural = _("village stories")

    def get_context(self, request, *args, **kwargs):
        from catalog.browsing import village_products

        context = super().get_context(request, *args, **kwargs)
        context["products"] = village_products(self.village)
        return context
