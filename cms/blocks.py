"""Reusable StreamField blocks for the shop's pages."""

from django import forms
from django.apps import apps
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model
from wagtail import blocks
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page

from cms.caching import cached
from cms.translation import default_locale_pages

Product = get_model("catalogue", "Product")
Selector = get_class("partner.strategy", "Selector")


def load_products(ids):
    """{id: product} with what a product card needs, in a fixed number of queries."""
    products = (Product.objects.browsable().filter(pk__in=[i for i in ids if i])
                .prefetch_related("images", "stockrecords").select_related("origin_village", "product_class"))
    return {str(p.pk): p for p in products}


class ProductChoiceBlock(blocks.FieldBlock):
    """Stores a product's id; the list of products is read only when an editor opens the form."""

    def __init__(self, required=True, help_text=None, **kwargs):
        self.field_options = {"required": required, "help_text": help_text}
        super().__init__(**kwargs)

    @cached_property
    def field(self):
        return forms.ModelChoiceField(queryset=Product.objects.browsable().order_by("title"), **self.field_options)

    def to_python(self, value):
        return str(value) if value else None

    def get_prep_value(self, value):
        return str(value.pk) if hasattr(value, "pk") else value

    def value_from_form(self, value):
        return str(value.pk) if value else None

    def value_for_form(self, value):
        return value


class ProductBlock(blocks.StructBlock):
    """A product as the shop sells it now: live price, stock and an add-to-basket button."""

    product = ProductChoiceBlock(label=_("product"))
    note = blocks.CharBlock(required=False, label=_("editor's note"), max_length=120)

    class Meta:
        template = "cms/blocks/product.html"
        icon = "tag"
        label = _("Product")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        preloaded = (parent_context or {}).get("preloaded_products")
        if preloaded is not None:
            product = preloaded.get(str(value.get("product")))
        else:
            product = load_products([value.get("product")]).get(str(value.get("product")))
        context["product"] = product
        request = (parent_context or {}).get("request")
        if product is not None:
            strategy = getattr(request, "strategy", None) or Selector().strategy(request=request)
            context["session"] = strategy.fetch_for_product(product)
        return context


class FeaturedVillagesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), default=_("Villages"))
    stories = blocks.ListBlock(blocks.PageChooserBlock(page_type="cms.VillageStoryPage"), label=_("village pages"))

    class Meta:
        template = "cms/blocks/featured_villages.html"
        icon = "home"
        label = _("Featured villages")


class FeaturedProductsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), default=_("Village goods"))
    products = blocks.ListBlock(ProductBlock(), label=_("products"))

    class Meta:
        template = "cms/blocks/featured_products.html"
        icon = "list-ul"
        label = _("Featured products")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # One query for all the cards instead of one per card.
        context["preloaded_products"] = load_products([item.get("product") for item in value["products"]])
        return context


class LatestStoriesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), default=_("Latest stories"))
    count = blocks.IntegerBlock(label=_("how many"), default=3, min_value=1, max_value=12)

    class Meta:
        template = "cms/blocks/latest_stories.html"
        icon = "doc-full"
        label = _("Latest stories")

    def get_context(self, value, parent_context=None):
        # The page models are defined with these blocks (cms.models imports this module): by label.
        kinds = [apps.get_model("cms", name) for name in
                 ("VillageStoryPage", "ProducerProfilePage", "NewsPage", "PolicyNoticePage")]
        context = super().get_context(value, parent_context)
        count = value["count"]

        def latest():
            # Plain pages: the list shows titles, links and kinds, not what each kind adds.
            pages = Page.objects.live().type(*kinds)
            return list(default_locale_pages(pages).order_by("-first_published_at")[:count])

        context["pages"] = cached(f"latest-stories:{count}", latest)
        return context


class PhotoBlock(blocks.StructBlock):
    image = ImageBlock(label=_("photo"))
    caption = blocks.CharBlock(required=False, label=_("caption"))

    class Meta:
        template = "cms/blocks/photo.html"
        icon = "image"
        label = _("Photo")


def body_blocks():
    return [
        ("text", blocks.RichTextBlock(label=_("text"))),
        ("photo", PhotoBlock()),
        ("product", ProductBlock()),
    ]


def home_blocks():
    return [
        ("featured_villages", FeaturedVillagesBlock()),
        ("featured_products", FeaturedProductsBlock()),
        ("latest_stories", LatestStoriesBlock()),
        ("text", blocks.RichTextBlock(label=_("text"))),
    ]
