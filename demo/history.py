"""A year of the loop, run through the same functions the shop uses: households supply,
buyers order, buses carry, the hub delivers, income is booked."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Sum
from django.utils import timezone
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_model

from catalog.expiry import write_off_expired
from catalog.supply import record_supply
from households.models import IncomeEntry, IncomeSource
from logistics import tracking
from logistics.models import Consignment, PickupRun
from shop.payments.cash import place_cash_order

UserAddress = get_model("address", "UserAddress")

ADDRESSES = [
    {"first_name": "陈晓雨", "state": "黑龙江省", "line4": "哈尔滨市", "line3": "南岗区",
     "line1": "学府路 74 号 3 单元 502",
     "postcode": "150080", "phone_number": "+8613945100001"},
    {"first_name": "刘洋", "state": "黑龙江省", "line4": "牡丹江市", "line3": "东安区", "line1": "太平路 118 号",
     "postcode": "157000", "phone_number": "+8613945300002"},
    {"first_name": "王敏", "state": "北京市", "line4": "北京市", "line3": "朝阳区",
     "line1": "望京西路 9 号院 2 号楼 1101",
     "postcode": "100102", "phone_number": "+8613801000003"},
    {"first_name": "张磊", "state": "上海市", "line4": "上海市", "line3": "徐汇区", "line1": "漕溪北路 201 弄 6 号 702",
     "postcode": "200030", "phone_number": "+8613916000004"},
]


def make_buyers(buyer):
    User = get_user_model()
    others = User.objects.bulk_create([
        User(username=f"buyer{i}", email=f"buyer{i}@demo.linkou.invalid", first_name=a["first_name"][1:],
             last_name=a["first_name"][0], password=make_password(None)) for i, a in enumerate(ADDRESSES[1:], 2)])
    buyers = list(zip([buyer, *others], ADDRESSES))
    # What the web checkout does for a signed-in buyer: the address goes into the address book.
    for user, address in buyers:  # save(), not bulk_create: it computes the hash Oscar matches addresses by
        UserAddress(user=user, country_id="CN", is_default_for_shipping=True, **address).save()
    return buyers


def run_history(rng, *, weeks, products, coordinator, admin, buyers, now, resting=frozenset(), resting_days=75):
    """products: [(product, unit price paid to households)]. Households in `resting` bring
    nothing in the last `resting_days` days (the demo's "no supply for weeks" warning)."""
    start = now - datetime.timedelta(weeks=weeks)
    resting_from = now - datetime.timedelta(days=resting_days)
    for week in range(weeks + 1):
        week_start = start + datetime.timedelta(weeks=week)
        last_week = week == weeks
        # What the hourly check did through the week: lots past their shelf life off the shelf.
        write_off_expired(on=timezone.localdate(week_start))
        # Monday morning: where the station runs low, households bring more.
        for product, paid in products:
            if product.stockrecords.get().net_stock_level >= 8:
                continue
            households = [h for h in product.origin_village.households.all()
                          if not (h.pk in resting and week_start >= resting_from)]
            recorder = coordinator if product.origin_village_id == coordinator.partners.get().village_id else admin
            for household in rng.sample(households, min(2, len(households))):
                # Replayed history: each lot is recorded on the day it was brought.
                record_supply(recorded_by=recorder, household=household, product=product,
                              quantity=rng.randrange(3, 7), unit_price=paid + rng.choice((0, 2, 5)),
                              supplied_on=timezone.localdate(week_start),
                              recorded_on=timezone.localdate(week_start))
        # Through the week: buyers order.
        for n in range(rng.randrange(3, 6)):
            placed_at = now if last_week else week_start + datetime.timedelta(days=1 + n, hours=3 + 2 * n)
            user, address = rng.choice(buyers)
            chosen = [(p, rng.choice((1, 1, 2))) for p, _ in rng.sample(products, rng.choice((1, 1, 2, 3)))]
            # Buyers can only take what the station has (the web shop refuses the rest).
            items = [(p, q) for p, q in chosen if p.stockrecords.get().net_stock_level >= q]
            if items:
                try:
                    place_cash_order(user=user, items=items, address=address, placed_at=placed_at)
                except UnableToPlaceOrder:
                    pass  # short-lived goods the bus could not get there fresh: the web shop refuses them too
        if not last_week:
            _carry(week_start + datetime.timedelta(days=7), rng)


def open_orders(rng, *, products, coordinator, buyers, now):
    """Today's orders from 新青村, not yet on a bus: live crabs and chilled chickens for buyers in
    Heilongjiang (the crabs keep 3 days: farther provinces are refused), in the cool box beside
    honey and grain, so that the hub screen and the station have a day's work."""
    goods = {p.title: (p, paid) for p, paid in products}
    crab, chicken = goods["新青村稻田河蟹"], goods["新青村散养笨鸡"]
    honey, grains = goods["新青村椴树蜂蜜"], goods["新青村杂粮礼盒"]
    baskets = [[(crab, 2)], [(crab, 1), (honey, 2)], [(chicken, 1), (grains, 1)], [(crab, 3)], [(honey, 1)]]
    near = [(user, address) for user, address in buyers if address["state"] == "黑龙江省"]
    write_off_expired(on=timezone.localdate(now))
    for n, basket in enumerate(baskets):
        for (product, paid), quantity in basket:
            if product.stockrecords.get().net_stock_level < quantity:
                household = rng.choice(list(product.origin_village.households.all()))
                record_supply(recorded_by=coordinator, household=household, product=product, quantity=quantity + 4,
                              unit_price=paid, supplied_on=timezone.localdate(now), recorded_on=timezone.localdate(now))
        user, address = near[n % len(near)]
        place_cash_order(user=user, items=[(product, quantity) for (product, _paid), quantity in basket],
                         address=address, placed_at=now - datetime.timedelta(minutes=30 * (len(baskets) - n)))


def _carry(until, rng):
    """Each run that left before `until` goes through the steps whose time has come: a run
    that left yesterday is still on its way, as it would be (no step is stamped in the future)."""
    now = timezone.now()
    runs = (PickupRun.objects.filter(status=PickupRun.Status.PLANNED, departs_at__lt=min(until, now),
                                     consignments__isnull=False).distinct().order_by("departs_at"))
    for run in runs:
        tracking.mark_run_loaded(run, at=run.departs_at)
        at_hub = run.departs_at + datetime.timedelta(hours=3)
        if at_hub > now:
            continue
        tracking.mark_run_at_hub(run, at=at_hub)
        dispatched, delivered = (run.departs_at + datetime.timedelta(hours=5),
                                 run.departs_at + datetime.timedelta(days=2, hours=2))
        if dispatched > now:
            continue
        for consignment in run.consignments.filter(status=Consignment.Status.AT_HUB):
            tracking.dispatch_consignment(consignment, f"9{rng.randrange(10**12):012d}", at=dispatched)
            if delivered <= now:
                tracking.deliver_consignment(consignment, at=delivered)


def sales_total(products):

    return IncomeEntry.objects.filter(source=IncomeSource.ECOMMERCE).aggregate(s=Sum("amount"))["s"] or Decimal(0)
