from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import PhotoBlock, body_blocks, home_blocks
from cms.translation import TranslatedPageMixin, routed


class VillagePhoto(AbstractImage):
    """Wagtail's image, plus whether people are in it: such photos must carry alt text."""

    shows_people = models.BooleanField(_("shows people"), default=False,
                                       help_text=_("Photos of people need a description (alt text)."))

    admin_form_fields = Image.admin_form_fields + ("shows_people",)

    class Meta(AbstractImage.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def clean(self):
        super().clean()
        if self.shows_people and not (self.description or "").strip():
            raise ValidationError({"description": _("Describe the people in the photo (alt text).")})


class VillagePhotoRendition(AbstractRendition):
    image = models.ForeignKey(VillagePhoto, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class HomePage(TranslatedPageMixin, Page):
    """The shop's front page: sections the editors arrange."""

    body = StreamField(home_blocks(), blank=True, verbose_name=_("sections"))

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StoriesIndexPage"]

    class Meta:
        verbose_name = _("home page")


class StoriesIndexPage(TranslatedPageMixin, Page):
    """Village stories, policy notices and news."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.VillageStoryPage", "cms.PolicyNoticePage", "cms.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("stories index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index = routed(self)  # a translation lists the pages that have URLs
        context["stories"] = (VillageStoryPage.objects.child_of(index).live()
                              .select_related("village", "photo").order_by("-first_published_at"))
        context["notices"] = (Page.objects.child_of(index).live().type(PolicyNoticePage, NewsPage).specific()
                              .order_by("-first_published_at"))
        return context


class VillageStoryPage(TranslatedPageMixin, Page):
    """A village: its story, photos, goods (listed live from the shop), station and bus line."""

    village = models.ForeignKey("households.Village", on_delete=models.PROTECT, related_name="stories",
                                verbose_name=_("village"))
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    photo = models.ForeignKey(VillagePhoto, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("photo"))
    body = RichTextField(_("story"))
    location = models.CharField(_("location"), max_length=200, blank=True,
                                help_text=_("How to find the village, e.g. 70 km north-east of the county town."))
    gallery = StreamField([("photo", PhotoBlock())], blank=True, verbose_name=_("photo gallery"))
    more = StreamField(body_blocks(), blank=True, verbose_name=_("more"))

    content_panels = Page.content_panels + [
        FieldPanel("village"), FieldPanel("summary"), FieldPanel("photo"), FieldPanel("body"),
        FieldPanel("location"), FieldPanel("gallery"), FieldPanel("more"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.StoriesIndexPage"]
    subpage_types = ["cms.ProducerProfilePage"]

    class Meta:
        verbose_name = _("village story")
        verbose_name_plural = _("village stories")

    # What the page shows of the village beside its story (its goods, households, bus lines) comes
    # from the template tag `village_facts` (cms.stories): a model calls no other app's services.


class ProducerProfilePage(TranslatedPageMixin, Page):
    """A supplying household's story, published only with its recorded consent.

    It never shows the household's name, ID or phone: only the surname and 某.
    """

    household = models.ForeignKey("households.Household", on_delete=models.PROTECT, related_name="profiles",
                                  verbose_name=_("household"))
    photo = models.ForeignKey(VillagePhoto, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("photo"))
    body = StreamField(body_blocks(), verbose_name=_("story"))

    content_panels = Page.content_panels + [FieldPanel("household"), FieldPanel("photo"), FieldPanel("body")]
    parent_page_types = ["cms.VillageStoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("producer profile")
        verbose_name_plural = _("producer profiles")

    def clean(self):
        super().clean()
        parent = self.get_parent()
        if self.household_id and not self.household.publicity_consent_on:
            raise ValidationError({"household": _("This household has not consented to a public profile.")})
        if self.household_id and parent and hasattr(parent.specific, "village_id") \
                and parent.specific.village_id != self.household.village_id:
            raise ValidationError({"household": _("Choose a household of this village.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["village_page"] = routed(self.get_parent())
        return context

    def serve(self, request, *args, **kwargs):
        # Consent can be withdrawn after publishing: the page then disappears at once.
        if not self.household.publicity_consent_on:
            raise Http404
        return super().serve(request, *args, **kwargs)


class DatedArticlePage(TranslatedPageMixin, Page):
    """A dated text under the stories index: the base of policy notices and news."""

    date = models.DateField(_("date"))
    body = StreamField(body_blocks(), verbose_name=_("text"))

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["cms.StoriesIndexPage"]
    subpage_types = []

    class Meta:
        abstract = True


class PolicyNoticePage(DatedArticlePage):
    """Poverty-alleviation policy publicity, the branches' first duty."""

    class Meta:
        verbose_name = _("policy notice")
        verbose_name_plural = _("policy notices")


class NewsPage(DatedArticlePage):
    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
