"""After-sales claims: within 48 hours of delivery a buyer claims units of a line, with up to
three photos; staff refund all or part of them, or reject, with a reason; money follows the cause
(settlement.models.Liability) through the same refund function as every other refund."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.models import Claim, ClaimDecision, ClaimPhoto
from aftersales.tasks import tell_claim_decided
from core.uploads import validate_image_upload
from logistics.models import Consignment, TrackingEvent
from settlement.models import Liability
from shop.payments.refunds import lines_with_refunds, refund_order

MAX_PHOTOS = 3


def claim_window() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.AFTERSALES_CLAIM_HOURS)


def delivered_at(order) -> dict[int, datetime.datetime]:
    """{village id: when that village's parcel of the order was delivered}; one query."""
    rows = (TrackingEvent.objects.filter(consignment__order=order, kind=Consignment.Status.DELIVERED)
            .values_list("consignment__village_id", "happened_at"))
    return dict(rows)


def closed_windows(order, *, now: datetime.datetime | None = None) -> dict[int, dict]:
    """{line pk: {"closed_at", "station"}} for the order's delivered lines whose claim window has
    passed: the buyer is told why there is no after-sales link, and whom to call instead."""
    now = now or timezone.now()
    delivered = delivered_at(order)
    stations = {c.village_id: c.station for c in order.consignments.select_related("station")}
    closed = {}
    for line in order.lines.select_related("stockrecord__partner"):
        village_id = line.stockrecord.partner.village_id if line.stockrecord else None
        when = delivered.get(village_id)
        if when is not None and now > when + claim_window():
            closed[line.pk] = {"closed_at": when + claim_window(), "station": stations.get(village_id)}
    return closed


def claimable_lines(order, *, now: datetime.datetime | None = None) -> list:
    """The order's lines a buyer can still claim on, each with `claimable` units and `claim_until`."""
    now = now or timezone.now()
    delivered = delivered_at(order)
    open_units = dict(Claim.objects.filter(order=order, status=Claim.Status.OPEN).values("line")
                      .annotate(s=Sum("quantity")).values_list("line", "s"))
    result = []
    for line in lines_with_refunds(order):
        when = delivered.get(line.stockrecord.partner.village_id) if line.stockrecord else None
        if when is None or now > when + claim_window():
            continue
        line.claimable = line.refundable - open_units.get(line.pk, 0)
        line.claim_until = when + claim_window()
        if line.claimable > 0:
            result.append(line)
    return result


@transaction.atomic
def open_claim(*, buyer, line, reason: str, quantity: int, description: str = "", photos=(),
               now: datetime.datetime | None = None) -> Claim:
    """Record a buyer's claim. Raises ValidationError (by field) and writes nothing when it is not
    theirs, too late, too many units, or a photo is refused."""
    order = type(line.order).objects.select_for_update().get(pk=line.order_id)
    if order.user_id != buyer.pk:
        raise ValidationError(_("This is not your order."))
    errors = {}
    photos = list(photos)
    if reason not in Claim.Reason.values:
        errors["reason"] = [_("Choose what happened.")]
    allowed = {candidate.pk: candidate for candidate in claimable_lines(order, now=now)}
    if line.pk not in allowed:
        errors["quantity"] = [_("After-sales claims are possible within %(hours)s hours of delivery; "
                                "this item can no longer be claimed.") % {"hours": settings.AFTERSALES_CLAIM_HOURS}]
    elif not 1 <= quantity <= allowed[line.pk].claimable:
        errors["quantity"] = [_("Claim between 1 and %(n)s units.") % {"n": allowed[line.pk].claimable}]
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = [_("At most %(n)s photos.") % {"n": MAX_PHOTOS}]
    else:
        photo_errors = []
        for photo in photos:
            try:
                validate_image_upload(photo)
            except ValidationError as exc:
                photo_errors.extend(f"{photo.name}: {message}" for message in exc.messages)
        if photo_errors:
            errors["photos"] = photo_errors
    if errors:
        raise ValidationError(errors)
    claim = Claim.objects.create(order=order, line=line, buyer=buyer, reason=reason, quantity=quantity,
                                 description=description[:1000])
    for photo in photos:
        ClaimPhoto.objects.create(claim=claim, image=photo)
    return claim


@transaction.atomic
def decide_claim(claim: Claim, *, by, refund_quantity: int, liability: str, reason: str) -> ClaimDecision:
    """Refund `refund_quantity` of the claimed units (0 rejects the claim), with a reason.

    The decision is kept whatever it is. A refund goes through shop.payments.refunds.refund_order:
    for a transit cause the households keep their income and the platform books a logistics loss;
    for a quality cause the households' entries are reversed lot by lot.
    """
    claim = Claim.objects.select_for_update().select_related("order", "line").get(pk=claim.pk)
    reason = (reason or "").strip()
    errors = {}
    if claim.status != Claim.Status.OPEN:
        raise ValidationError(_("This claim has already been decided."))
    if not reason:
        errors["reason"] = [_("Give the reason for the decision; the buyer reads it.")]
    if not 0 <= refund_quantity <= claim.quantity:
        errors["refund_quantity"] = [_("Refund between 0 and %(n)s units.") % {"n": claim.quantity}]
    if refund_quantity and liability not in (Liability.TRANSIT, Liability.QUALITY):
        errors["liability"] = [_("Say whether transit or quality caused it.")]
    if errors:
        raise ValidationError(errors)
    refund = None
    if refund_quantity:
        refund = refund_order(claim.order, quantities={claim.line_id: refund_quantity}, reason=reason, by=by,
                              liability=liability)
    decision = ClaimDecision.objects.create(
        claim=claim, outcome=ClaimDecision.Outcome.REFUND if refund else ClaimDecision.Outcome.REJECT,
        liability=liability if refund else "", quantity=refund_quantity, refund=refund, reason=reason,
        decided_by=by)
    claim.status = Claim.Status.REFUNDED if refund else Claim.Status.REJECTED
    claim.save(update_fields=["status"])
    tell_claim_decided.delay_on_commit(decision.pk)
    return decision
