"""The county as the poverty-alleviation office sees it.

Towns and villages, party branches and their cadres, registered households, the cadres'
pairings, poverty lines and the append-only income ledger.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.ledgers import AppendOnlyEntry
from core.uploads import ValidatedImageField
from households.naming import anonymised_name


class Town(models.Model):
    name = models.CharField(_("name"), max_length=64, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("town")
        verbose_name_plural = _("towns")

    def __str__(self):
        return self.name


class Village(models.Model):
    town = models.ForeignKey(Town, on_delete=models.PROTECT, related_name="villages",
                             verbose_name=_("town"))
    name = models.CharField(_("name"), max_length=64)
    code = models.CharField(_("village code"), max_length=12, unique=True,
                            help_text=_("Administrative division code of the village."))

    class Meta:
        ordering = ["code"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        constraints = [models.UniqueConstraint(fields=["town", "name"], name="village_unique_name_in_town")]

    def __str__(self):
        return self.name


class PartyBranch(models.Model):
    """A poverty-alleviation party branch (扶贫党支部); each is set up in one village."""

    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="branches",
                                verbose_name=_("village"))
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("party branch")
        verbose_name_plural = _("party branches")

    def __str__(self):
        return self.name


class Cadre(models.Model):
    """A paired cadre (帮扶干部): a user who belongs to one branch."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="cadre", verbose_name=_("user"))
    branch = models.ForeignKey(PartyBranch, on_delete=models.PROTECT, related_name="cadres",
                               verbose_name=_("party branch"))
    households: models.ManyToManyField = models.ManyToManyField("Household", through="Pairing", related_name="cadres",
                                        verbose_name=_("paired households"))
    # The secretary also sees the whole branch's households (anonymised outside their own pairing).
    is_secretary = models.BooleanField(_("branch secretary"), default=False)

    class Meta:
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


class Official(models.Model):
    """A town or county leader: sees the figures of the town (or, without a town, the county)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="official", verbose_name=_("user"))
    town = models.ForeignKey(Town, on_delete=models.PROTECT, null=True, blank=True, related_name="officials",
                             verbose_name=_("town"), help_text=_("Leave empty for a county leader."))

    class Meta:
        verbose_name = _("town or county leader")
        verbose_name_plural = _("town and county leaders")

    def __str__(self):
        who = self.user.get_full_name() or self.user.get_username()
        return f"{who} ({self.town or _('county')})"


class MonitoringCategory(models.TextChoices):
    """The three kinds of household watched by 防止返贫动态监测."""

    UNSTABLE = "unstable", _("lifted out, unstable (脱贫不稳定户)")
    MARGINAL = "marginal", _("marginal, at risk of poverty (边缘易致贫户)")
    HARDSHIP = "hardship", _("sudden severe hardship (突发严重困难户)")


class Household(models.Model):
    class Status(models.TextChoices):
        IN_POVERTY = "in_poverty", _("in poverty")
        LIFTED = "lifted", _("lifted out of poverty")
        MONITORED = "monitored", _("monitored")

    class PovertyCause(models.TextChoices):
        ILLNESS = "illness", _("illness")
        DISABILITY = "disability", _("disability")
        LACK_OF_LABOUR = "labour", _("lack of labour")
        LACK_OF_SKILLS = "skills", _("lack of skills")
        LACK_OF_LAND = "land", _("lack of land")
        EDUCATION = "education", _("education costs")
        DISASTER = "disaster", _("natural disaster")
        OTHER = "other", _("other")

    registry_number = models.CharField(_("registry number"), max_length=32, unique=True)
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="households",
                                verbose_name=_("village"))
    members = models.PositiveSmallIntegerField(_("members"), validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.IN_POVERTY)
    lifted_in_year = models.PositiveSmallIntegerField(_("lifted out in year"), null=True, blank=True)
    poverty_cause = models.CharField(_("poverty cause"), max_length=16, choices=PovertyCause.choices)
    # Private: shown only to roles whose scope covers the household (see households.access).
    head_name = models.CharField(_("head of household"), max_length=32)
    head_id_number = models.CharField(_("ID number"), max_length=18)
    head_phone = models.CharField(_("phone"), max_length=20, blank=True)
    # A producer profile may be published only while the household's consent is recorded.
    publicity_consent_on = models.DateField(_("consented to a public profile on"), null=True, blank=True)
    # The monitoring state a cadre set (households.monitoring.set_category); empty: not monitored.
    monitoring_category = models.CharField(_("monitoring category"), max_length=16, blank=True,
                                           choices=MonitoringCategory.choices)
    monitoring_since = models.DateField(_("monitored since"), null=True, blank=True)
    monitoring_reason = models.CharField(_("reason for monitoring"), max_length=300, blank=True)
    monitoring_set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="+", verbose_name=_("monitoring set by"))

    class Meta:
        ordering = ["registry_number"]
        verbose_name = _("registered household")
        verbose_name_plural = _("registered households")
        constraints = [
            models.CheckConstraint(condition=models.Q(members__gte=1), name="household_members_at_least_one"),
            models.CheckConstraint(
                condition=~models.Q(status="lifted") | models.Q(lifted_in_year__isnull=False),
                name="household_lifted_has_year",
            ),
        ]

    def __str__(self):
        return f"{self.registry_number} {self.public_name}"

    @property
    def public_name(self):
        """How public pages name the household, as the article does: 于某."""
        return anonymised_name(self.head_name)

    def clean(self):
        if self.status == self.Status.LIFTED and not self.lifted_in_year:
            raise ValidationError({"lifted_in_year": _("Give the year the household was lifted out of poverty.")})


class Pairing(models.Model):
    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="pairings",
                              verbose_name=_("cadre"))
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="pairings",
                                  verbose_name=_("household"))
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        constraints = [models.UniqueConstraint(fields=["cadre", "household"], name="pairing_unique")]


class PovertyLine(models.Model):
    """The year's poverty line and, above it, the province's monitoring line (监测线)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    per_person_income = models.DecimalField(_("annual net income per person (CNY)"), max_digits=10,
                                            decimal_places=2, validators=[MinValueValidator(0)])
    monitoring_income = models.DecimalField(
        _("monitoring line per person (CNY)"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Households projected under this, or within 10 % above it, are warned about."))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("poverty line")
        verbose_name_plural = _("poverty lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monitoring_income__isnull=True)
                | models.Q(monitoring_income__gte=models.F("per_person_income")),
                name="povertyline_monitoring_not_below_poverty"),
        ]

    def clean(self):
        if (self.monitoring_income is not None and self.per_person_income is not None
                and self.monitoring_income < self.per_person_income):
            raise ValidationError({"monitoring_income": _("The monitoring line cannot be below the poverty line.")})

    def __str__(self):
        return f"{self.year}: ¥{self.per_person_income}"


class IncomeSource(models.TextChoices):
    """Income categories of the national poverty-monitoring household survey."""

    WAGES = "wages", _("wages")
    FARMING = "farming", _("farming and husbandry")
    ECOMMERCE = "ecommerce", _("e-commerce sales")
    BUSINESS = "business", _("other household business")
    PROPERTY = "property", _("property income")
    TRANSFER = "transfer", _("policy transfers")


class IncomeEntry(AppendOnlyEntry):
    """One line of a household's income ledger. Never edited, never deleted.

    A correction is a new entry with the opposite amount that points at the one it reverses.
    """

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="income_entries",
                                  verbose_name=_("household"))
    date = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=16, choices=IncomeSource.choices)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2)
    # Unique so one event (a delivered order line, a wage slip) can never be booked twice.
    reference = models.CharField(_("reference"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # A refund of part of a line reverses part of its entry, so one entry may have several reversals.
    reverses = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="reversals", verbose_name=_("reverses"))
    booked_at = models.DateTimeField(_("booked at"), auto_now_add=True)

    ledger_refusal = _("The income ledger is append-only: book a reversing entry instead.")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("income entry")
        verbose_name_plural = _("income entries")
        indexes = [models.Index(fields=["household", "date"]), models.Index(fields=["source", "date"])]

    def __str__(self):
        return f"{self.date} {self.get_source_display()} ¥{self.amount}"


class IncomeWarning(models.Model):
    """A warning computed from the ledger (households.monitoring); the cadre confirms or dismisses it.

    `figures` keeps the latest numbers behind it, so its sentence can be said in the reader's
    language. One row is one episode: from the day its cause was first found (`opened_on`) to the
    day the cause went away (`ended_on`). `key` names the cause and the episode's first day, so
    a decision holds while the cause lasts, and a cause that comes back later is a new warning.
    `closed_on` is the day it stopped being open: decided by the cadre, or cleared by itself.
    """

    class Kind(models.TextChoices):
        PROJECTED_LOW = "projected_low", _("projected income near or under the monitoring line")
        SALES_DROP = "sales_drop", _("e-commerce sales fell by half")
        NO_SUPPLY = "no_supply", _("no supply for weeks")
        LARGE_REVERSAL = "large_reversal", _("large reversal or claim")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CONFIRMED = "confirmed", _("confirmed")
        DISMISSED = "dismissed", _("dismissed")
        CLEARED = "cleared", _("cleared by itself")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="warnings",
                                  verbose_name=_("household"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("occurrence"), max_length=100)
    figures = models.JSONField(_("figures"), default=dict)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    ended_on = models.DateField(_("cause gone on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    review_note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("income warning")
        verbose_name_plural = _("income warnings")
        constraints = [models.UniqueConstraint(fields=["household", "kind", "key"], name="warning_unique_occurrence")]
        indexes = [models.Index(fields=["state", "household"]), models.Index(fields=["opened_on"]),
                   models.Index(fields=["closed_on"])]

    def __str__(self):
        return f"{self.household.registry_number} {self.get_kind_display()}"

    @property
    def is_open(self):
        return self.state == self.State.OPEN


class MonitoringChange(models.Model):
    """Each change of a household's monitoring state, kept: who put it in or took it out, and why."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="monitoring_changes",
                                  verbose_name=_("household"))
    category = models.CharField(_("monitoring category"), max_length=16, blank=True,
                                choices=MonitoringCategory.choices)
    reason = models.CharField(_("reason"), max_length=300)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("changed by"))
    changed_on = models.DateField(_("changed on"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_on", "-id"]
        verbose_name = _("monitoring change")
        verbose_name_plural = _("monitoring changes")


class VisitMeasure(models.TextChoices):
    LISTING = "listing", _("help listing goods for sale")
    SUPPLY = "supply", _("arranging supply to the station")
    TRANSFER = "transfer", _("applying for a policy transfer")
    EMPLOYMENT = "employment", _("arranging work")
    HEALTH = "health", _("medical help")
    TRAINING = "training", _("skills training")
    OTHER = "other", _("other")


def private_storage():
    # Photos of people's homes are served by households.views.VisitPhotoView only, never by a URL
    # of their own.
    from django.core.files.storage import storages

    return storages["private"]


def visit_photo_path(visit, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"visits/{visit.visited_on:%Y}/{uuid.uuid4().hex}.{extension}"


class Visit(models.Model):
    """A cadre's visit to a paired household (帮扶记录)."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="visits",
                                  verbose_name=_("household"))
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="visits", verbose_name=_("cadre"))
    visited_on = models.DateField(_("visited on"))
    findings = models.TextField(_("what was found"), max_length=2000)
    measures = models.JSONField(_("measures"), default=list, blank=True)
    photo = ValidatedImageField(_("photo"), upload_to=visit_photo_path, storage=private_storage, blank=True,
                                max_length=255)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["household", "visited_on"]), models.Index(fields=["visited_on"])]

    def __str__(self):
        return f"{self.visited_on} {self.household.registry_number}"

    def get_measures_display(self) -> str:
        labels = dict(VisitMeasure.choices)
        # Chinese lists with 、, English with a comma.
        return gettext(", ").join(str(labels.get(code, code)) for code in self.measures)


class PrivateDataReveal(models.Model):
    """Someone whose scope covers the household showed a masked private field in full (the
    cadre's "tap to show"): who, which, when. Kept for audit; never changed or deleted."""

    class Field(models.TextChoices):
        ID_NUMBER = "id_number", _("ID number")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="reveals",
                                  verbose_name=_("household"))
    field = models.CharField(_("field"), max_length=16, choices=Field.choices)
    revealed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("shown to"))
    revealed_at = models.DateTimeField(_("shown at"), auto_now_add=True)

    class Meta:
        ordering = ["-revealed_at", "-pk"]
        verbose_name = _("private data shown")
        verbose_name_plural = _("private data shown")


class OneTimeCode(models.Model):
    """A one-time code texted to a mobile (households.onetime), kept as its keyed hash only. In the
    database, not the cache: a guest can still check out, and the tries are still counted, while
    Redis is away. Here because households is the lowest floor with models (guests' checkout and
    the households' own page both use it)."""

    purpose = models.CharField(_("purpose"), max_length=32)
    mobile = models.CharField(_("mobile"), max_length=20)
    client = models.CharField(_("client"), max_length=64)
    digest = models.CharField(_("digest"), max_length=64)
    sent_at = models.DateTimeField(_("sent at"), db_index=True)
    expires_at = models.DateTimeField(_("expires at"))
    checks = models.PositiveSmallIntegerField(_("tries"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["mobile", "sent_at"], name="onetime_mobile_sent"),
                   models.Index(fields=["client", "sent_at"], name="onetime_client_sent")]

    def __str__(self):
        return f"{self.purpose} {self.mobile[:3]}****{self.mobile[-4:]}"
