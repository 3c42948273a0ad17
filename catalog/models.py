import datetime
import secrets
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import (
    AbstractCategory,
    AbstractProduct,
    AbstractProductAttributeValue,
    AbstractProductClass,
    AbstractProductImage,
)
from oscar.utils.models import get_image_upload_path

from catalog.synonyms import normalised_synonyms
from core.html import sanitise_html
from core.uploads import ValidatedImageField

# A supply lot's quantity is stored in a PositiveIntegerField: 2³¹ − 1 on every database.
LOT_QUANTITY_CEILING = 2_147_483_647
# Lot codes are printed on labels and typed from them: no 0/O, 1/I/L to confuse.
LOT_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LOT_CODE_LENGTH = 8


def new_lot_code() -> str:
    """A short code for a supply lot's label and its public trace page: random (31⁸ ≈ 8.5 × 10¹¹),
    so that codes cannot be walked through one by one."""
    return "".join(secrets.choice(LOT_CODE_ALPHABET) for _ in range(LOT_CODE_LENGTH))


class ProductClass(AbstractProductClass):
    """A kind of goods, with how large one household's supply lot of it can plausibly be."""

    lot_confirm_above = models.PositiveIntegerField(
        _("lots larger than this need confirming"), default=100,
        validators=[MinValueValidator(1), MaxValueValidator(LOT_QUANTITY_CEILING)],
        help_text=_("A coordinator recording a larger lot must confirm that it really is that large."))
    lot_max_quantity = models.PositiveIntegerField(
        _("largest lot"), default=1000,
        validators=[MinValueValidator(1), MaxValueValidator(LOT_QUANTITY_CEILING)],
        help_text=_("No supply lot of this kind of goods may be larger (units)."))

    class Meta(AbstractProductClass.Meta):
        constraints = [
            models.CheckConstraint(condition=models.Q(lot_confirm_above__lte=models.F("lot_max_quantity")),
                                   name="productclass_lot_limits_ordered"),
        ]

    def clean(self):
        super().clean()
        if (self.lot_confirm_above and self.lot_max_quantity
                and self.lot_confirm_above > self.lot_max_quantity):
            raise ValidationError({"lot_confirm_above": _("This cannot be more than the largest lot.")})


class Category(AbstractCategory):
    image = ValidatedImageField(_("Image"), upload_to="categories", blank=True, null=True, max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True,
                               help_text=_("Shown on the English pages; empty: the Chinese name."))

    def name_in(self, language: str | None) -> str:
        """The category's name for a page in `language`."""
        return self.name_en if self.name_en and (language or "").startswith("en") else self.name

    def save(self, *args, **kwargs):
        # Oscar renders both descriptions with |safe: keep formatting, drop script.
        self.description = sanitise_html(self.description)
        self.long_description = sanitise_html(self.long_description)
        super().save(*args, **kwargs)


class Product(AbstractProduct):
    origin_village = models.ForeignKey(
        "households.Village", on_delete=models.PROTECT, null=True, blank=True,
        related_name="products", verbose_name=_("origin village"))
    net_weight_kg = models.DecimalField(
        _("net weight (kg)"), max_digits=7, decimal_places=3, default=Decimal("0.500"),
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("1000"))],
        help_text=_("Used for the shipping charge and the bus line's load."))
    # Empty: goods that keep. 0 would read as "keeps" too, so the shortest is a day.
    shelf_life_days = models.PositiveSmallIntegerField(
        _("shelf life (days)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(3650)])
    cold_chain = models.BooleanField(_("needs cold chain"), default=False)
    # Buyers who chose English read these where they exist; the Chinese title and description
    # stay the product's own (search, orders, the ledger).
    title_en = models.CharField(_("title in English"), max_length=255, blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    class Meta(AbstractProduct.Meta):
        # The storefront's own filter (Oscar's browsable(): public, not a variant): search asks
        # which of its matches are on sale by this index alone.
        indexes = [models.Index(fields=["id"], condition=models.Q(is_public=True, parent__isnull=True),
                                name="catalogue_product_browsable")]

    def get_title(self):
        if self.title_en and translation.get_language() == "en":
            return self.title_en
        return super().get_title()

    def get_description(self):
        if self.description_en and translation.get_language() == "en":
            return self.description_en
        return self.description

    def is_review_permitted(self, user):
        """Only a signed-in buyer who received the good (a parcel from its village delivered), once."""
        if not user.is_authenticated or self.has_review_by(user):
            return False
        return self.received_by(user)

    def received_by(self, user) -> bool:
        return apps.get_model("order", "Line").objects.filter(
            order__user=user, product=self, order__consignments__status="delivered",
            order__consignments__village_id=models.F("stockrecord__partner__village_id")).exists()

    def save(self, *args, **kwargs):
        # Coordinators (not staff) edit descriptions; Oscar's product page renders them with |safe.
        self.description = sanitise_html(self.description)
        self.description_en = sanitise_html(self.description_en)
        super().save(*args, **kwargs)


class ProductAttributeValue(AbstractProductAttributeValue):
    value_image = ValidatedImageField(upload_to=get_image_upload_path, max_length=255, blank=True, null=True)

    def save(self, *args, **kwargs):
        self.value_richtext = sanitise_html(self.value_richtext)  # rendered with mark_safe
        super().save(*args, **kwargs)


class ProductImage(AbstractProductImage):
    original = ValidatedImageField(_("Original"), upload_to=get_image_upload_path, max_length=255)
    # {thumbnail key: stored file name}, filled by catalog.thumbnails after the image is saved, so
    # that a page of cards finds its thumbnails without a lookup (or a resize) per card.
    thumbnails = models.JSONField(_("thumbnails"), default=dict, blank=True, editable=False)


class SupplyLot(models.Model):
    """A household brought `quantity` units of a product to the village station."""

    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="supply_lots", verbose_name=_("household"))
    product = models.ForeignKey("catalogue.Product", on_delete=models.PROTECT,
                                related_name="supply_lots", verbose_name=_("product"))
    stockrecord = models.ForeignKey("partner.StockRecord", on_delete=models.PROTECT,
                                    related_name="supply_lots", verbose_name=_("stock record"))
    code = models.CharField(_("lot code"), max_length=12, unique=True, default=new_lot_code, editable=False,
                            help_text=_("Printed on the lot's label; its QR code opens the public trace page."))
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(_("unit price paid to the household (CNY)"), max_digits=10,
                                     decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    supplied_on = models.DateField(_("supplied on"))
    # The first day the lot may no longer be sold: its supply date plus the good's shelf life, fixed
    # when the lot is recorded (what its label says). Empty for goods that keep.
    expires_on = models.DateField(_("expires on"), null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-supplied_on", "-id"]
        verbose_name = _("supply lot")
        verbose_name_plural = _("supply lots")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="supplylot_quantity_positive"),
            models.CheckConstraint(condition=models.Q(unit_price__gt=0), name="supplylot_price_positive"),
        ]

    def __str__(self):
        return f"{self.product} × {self.quantity} ({self.household.public_name})"

    def save(self, *args, **kwargs):
        if self.expires_on is None and self.supplied_on and self.product_id:
            days = self.product.shelf_life_days
            self.expires_on = self.supplied_on + datetime.timedelta(days=days) if days else None
        super().save(*args, **kwargs)


class LotWriteOff(models.Model):
    """Units of a supply lot taken off sale, never sold: a lot past its shelf life, written off by
    the platform's check and taken back to the household; or units the coordinator recorded by
    mistake (catalog.corrections), with the reason in `note`. No income is booked for them.
    Append-only but for the station's confirmation that the goods left the shelf."""

    class Reason(models.TextChoices):
        EXPIRED = "expired", _("past its shelf life")
        MISTAKE = "mistake", _("recorded by mistake")

    lot = models.ForeignKey(SupplyLot, on_delete=models.PROTECT, related_name="write_offs",
                            verbose_name=_("supply lot"))
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    # Empty: the platform's own check at the end of the shelf life.
    written_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("written off by"))
    written_off_at = models.DateTimeField(_("written off at"), auto_now_add=True)
    note = models.CharField(_("why"), max_length=200, blank=True)
    taken_back_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("taken off the shelf by"))
    taken_back_at = models.DateTimeField(_("taken off the shelf at"), null=True, blank=True)

    class Meta:
        ordering = ["-written_off_at", "-id"]
        verbose_name = _("lot write-off")
        verbose_name_plural = _("lot write-offs")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="lotwriteoff_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.lot.code} × {self.quantity} ({self.get_reason_display()})"


class LotAllocation(models.Model):
    """Units of an order line that were taken from a household's supply lot when it shipped."""

    lot = models.ForeignKey(SupplyLot, on_delete=models.PROTECT, related_name="allocations",
                            verbose_name=_("supply lot"))
    order_line = models.ForeignKey("order.Line", on_delete=models.PROTECT, related_name="lot_allocations",
                                   verbose_name=_("order line"))
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    allocated_at = models.DateTimeField(_("allocated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lot allocation")
        verbose_name_plural = _("lot allocations")
        constraints = [
            models.UniqueConstraint(fields=["lot", "order_line"], name="lotallocation_unique"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="lotallocation_quantity_positive"),
        ]


class SearchEntry(models.Model):
    """A product's words as search sees them (catalog.searching writes it when the product is saved).

    The words are segmented by jieba and separated by spaces, with their pinyin; each database
    keeps its own full-text index over these three columns, built by migration 0038 — PostgreSQL a
    weighted tsvector column with a GIN index, SQLite an FTS5 table kept current by triggers — so a
    saved product is found in the same transaction, by every app server. A migration that alters
    this table must re-create them (SQLite drops triggers when it rebuilds a table).
    """

    product = models.OneToOneField("catalogue.Product", on_delete=models.CASCADE, primary_key=True,
                                   related_name="search_entry", verbose_name=_("product"))
    title_terms = models.TextField(_("title words"), blank=True)
    place_terms = models.TextField(_("village and town words"), blank=True)
    body_terms = models.TextField(_("description words"), blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return self.title_terms[:60]


class SearchSynonym(models.Model):
    """Words buyers use for the same goods (蟹 螃蟹 大闸蟹 河蟹): a search for any of them looks
    for all of them. Staff edit these in the dashboard; no reindexing is needed."""

    words = models.CharField(
        _("words"), max_length=500,
        help_text=_("Words that mean the same goods, separated by spaces, e.g. 蟹 螃蟹 大闸蟹 河蟹 crab"))
    date_updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["words"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return self.words

    def clean(self):
        words = normalised_synonyms(self.words)
        if len(words) < 2:
            raise ValidationError({"words": _("Give at least two words that mean the same goods.")})
        self.words = " ".join(words)

    @property
    def word_list(self) -> list[str]:
        return self.words.split()


from oscar.apps.catalogue.models import *  # noqa: E402,F403 (Oscar fork pattern)
