"""Grow the demo county to the county's size, with history: a sales point in every village, a few
products in every village that has registered households, and (by default) 500,000 order lines over
the last two years, each with the household's supply lot it came from, its income entry and the
link between the two.

This is a load generator for the leaders' pages and their benchmark (tools/benchmark_rollups.py),
not a replay of the loop: rows are written with ``bulk_create`` in chunks, no ``save()``, no signal,
no run planning. What it writes keeps the loop's own invariants where the pages read them:

- a delivered line has one lot allocation (a lot of a household of the line's village, supplied
  before the order was placed) and one e-commerce income entry, ``quantity × the lot's unit price``,
  dated on delivery (2-3 days after placing), linked to the line by a ``LineIncome``;
- about 1 % of those entries are reversed (a refund of one unit or of the whole line), with
  negative entries that point at the entry they reverse;
- a cancelled order (about 2 %) has no allocation and books nothing; an order whose delivery day
  is still to come is "Shipped" and books nothing yet;
- a stock record's stock grows by the units its lots brought and the lines did not take.

Besides the orders it extends the demo's other history to the same years: wages, farming and
transfers for the months before the demo's twelve, and cadres' visits before the demo's first. It
then recomputes the monitoring warnings (households.monitoring.recompute) and refreshes the query
planner's statistics (ANALYZE).

Not written: consignments and pickup runs, payment sources, platform entries (margin, shipping).
The monthly reconciliation (``reconcile``) therefore lists these orders as not adding up: this data
is for the roll-ups and their benchmark, not for the money checks.

Everything the loader writes carries a mark it can be found by: order numbers start with
``ORDER_PREFIX``, income entries' references with ``REFERENCE_PREFIX``.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.db import connection, transaction
from django.db.models import Count, F, Max, Min
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.models import LotAllocation, SupplyLot
from catalog.searching import index_new_products
from demo import county
from demo.history import ADDRESSES
from households import monitoring
from households.models import Household, IncomeEntry, IncomeSource, Pairing, Village, Visit, VisitMeasure
from settlement.models import LineIncome
from shop.order.status import CANCELLED, DELIVERED, SHIPPED

Order = get_model("order", "Order")
Line = get_model("order", "Line")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
WeightBased = get_model("shipping", "WeightBased")

ORDER_PREFIX = "S"
REFERENCE_PREFIX = "scale:"
CENT = Decimal("0.01")
BATCH = 2000
# Flush the generated rows to the database every this many order lines.
CHUNK_LINES = 20_000
CANCELLED_SHARE = 0.02
REVERSED_SHARE = 0.01
OTHER_VILLAGE_SHARE = 0.12
# What a lot's unit price may add to the good's usual price paid to households (yuan, to the jiao).
LOT_PREMIUMS = [Decimal(p) for p in ("0", "0", "0.50", "2.00", "5.80")]
# Demand by month: the Spring Festival, the autumn harvest and Singles' Day sell most.
SEASON = {1: 1.5, 2: 1.3, 3: 0.8, 4: 0.7, 5: 0.8, 6: 0.9, 7: 1.0, 8: 1.1, 9: 1.3, 10: 1.2, 11: 1.4, 12: 1.3}

# (name, class slug, shelf price, net kg, shelf life days, cold chain, unit price paid to households):
# the article's goods, sold by the villages that have none of their own yet.
GOODS = [
    ("散养笨鸡", "poultry", "168.00", "1.500", 5, True, "120.00"),
    ("农家大鹅", "poultry", "288.00", "3.500", 5, True, "210.00"),
    ("椴树蜂蜜", "honey", "98.00", "1.000", 720, False, "68.00"),
    ("庭院蔬菜箱", "vegetables", "58.00", "3.000", 5, False, "38.00"),
    ("稻田河蟹", "aquatic", "158.00", "1.000", 3, True, "110.00"),
    ("杂粮礼盒", "grains", "78.00", "2.500", 365, False, "52.00"),
    ("沙棘原浆", "forest", "68.00", "1.000", 180, False, "45.00"),
    ("平贝母", "forest", "128.00", "0.250", 720, False, "90.00"),
    ("北苍术", "forest", "88.00", "0.500", 720, False, "60.00"),
    ("黄芪片", "forest", "76.00", "0.500", 720, False, "50.00"),
    ("黑土豆", "vegetables", "39.00", "5.000", 60, False, "25.00"),
    ("野生小浆果", "forest", "88.00", "1.000", 7, True, "60.00"),
    ("油豆角", "vegetables", "45.00", "2.500", 7, False, "30.00"),
    ("鲜食玉米", "grains", "49.00", "4.000", 10, False, "32.00"),
    ("红菇娘", "vegetables", "59.00", "1.500", 20, False, "40.00"),
    ("有机小米", "grains", "68.00", "2.500", 365, False, "45.00"),
]
FINDINGS = [
    "了解庭院种养情况，商品按时送站。",
    "核对本月电商收入，户主表示满意。",
    "协助拍摄商品照片，准备上架新品。",
    "询问家庭成员健康和务工情况。",
    "讲解防返贫监测政策和申请渠道。",
]


class AlreadyLoaded(Exception):
    pass


class DemoMissing(Exception):
    pass


def already_loaded() -> bool:
    return Order.objects.filter(number__startswith=ORDER_PREFIX).exists()


def demo_present() -> bool:
    return Village.objects.filter(name=county.XINQING).exists() and Partner.objects.exists()


def check_can_load() -> None:
    if not demo_present():
        raise DemoMissing("The demo county is not loaded: run `manage.py load_demo` first.")
    if already_loaded():
        raise AlreadyLoaded(f"The county-scale history is already loaded (orders numbered {ORDER_PREFIX}…); "
                            "nothing to do.")


@dataclass
class Good:
    """A product on sale at a village's sales point, as the generator needs it."""

    product_id: int
    title: str
    stockrecord_id: int
    partner_id: int
    partner_name: str
    sku: str
    price: Decimal
    kg: Decimal
    perishable: bool
    paid: Decimal


@dataclass
class Lot:
    row: SupplyLot
    left: int


@dataclass
class Counts:
    partners: int = 0
    products: int = 0
    lots: int = 0
    orders: int = 0
    lines: int = 0
    allocations: int = 0
    entries: int = 0
    reversals: int = 0
    other_income: int = 0
    visits: int = 0
    warnings: dict = field(default_factory=dict)


@dataclass
class Chunk:
    addresses: list = field(default_factory=list)
    orders: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    # (line, lot row, quantity, unit price paid, delivery day or None, reversal (units, day) or None)
    sold: list = field(default_factory=list)
    new_lots: list = field(default_factory=list)


# --- the shopfront: a sales point in every village, goods where households live -------------------

def build_shopfront(rng: random.Random, counts: Counts, log: Callable[[str], None]) -> dict[int, Decimal]:
    """Sales points where there are none, goods where households live but nothing is sold; returns
    {stock record id: unit price paid to households} of the new goods."""
    villages = list(Village.objects.select_related("town").filter(sales_point__isnull=True).order_by("code"))
    partners = Partner.objects.bulk_create(
        [Partner(name=f"{v.name}电商服务站", code=f"sales-point-{v.code}", village=v) for v in villages],
        batch_size=BATCH)
    counts.partners = len(partners)

    classes = {c.slug: c for c in ProductClass.objects.all()}
    categories = {c.slug: c for c in Category.objects.filter(slug__in=classes)}
    wanted = (Village.objects.filter(products__isnull=True, households__isnull=False)
              .select_related("town", "sales_point").distinct().order_by("code"))
    products, records, links, paid = [], [], [], []
    for village in wanted:
        chosen = rng.sample(GOODS, rng.choice((3, 4, 4, 5)))
        for seq, (name, cls, price, kg, days, cold, to_household) in enumerate(chosen):
            if cls not in classes:
                continue
            product = Product(title=f"{village.name}{name}", slug=f"v{village.code}-{seq + 1}",
                              product_class=classes[cls], origin_village=village, is_public=True,
                              description=f"{village.town.name}{village.name}农户送到村站的{name}。",
                              net_weight_kg=Decimal(kg), shelf_life_days=days, cold_chain=cold)
            products.append(product)
            paid.append(Decimal(to_household))
            records.append(StockRecord(product=product, partner=village.sales_point,
                                       partner_sku=f"{village.code}-{seq + 1:02d}", price_currency="CNY",
                                       price=Decimal(price), num_in_stock=0, num_allocated=0))
            if cls in categories:
                links.append(ProductCategory(product=product, category=categories[cls]))
    Product.objects.bulk_create(products, batch_size=BATCH)
    StockRecord.objects.bulk_create(records, batch_size=BATCH)
    ProductCategory.objects.bulk_create(links, batch_size=BATCH)
    index_new_products(products)  # bulk_create sends no post_save: search learns them here
    counts.products = len(products)
    log(f"shopfront: {counts.partners} new sales points, {counts.products} new products")
    return {record.pk: price for record, price in zip(records, paid)}


def goods_by_village(new_prices: dict[int, Decimal]) -> dict[int, list[Good]]:
    """{village id: its goods} for the villages with households; the unit price paid to households is
    the new good's, else the highest of its lots', else 70 % of the shelf price."""
    lots = SupplyLot.objects.values("stockrecord").annotate(p=Max("unit_price")).values_list("stockrecord", "p")
    paid = dict(lots) | new_prices
    by_village: dict[int, list[Good]] = {}
    records = (StockRecord.objects.filter(partner__village__households__isnull=False, product__is_public=True)
               .select_related("partner", "product").distinct().order_by("pk"))
    for r in records:
        by_village.setdefault(r.partner.village_id, []).append(Good(
            product_id=r.product_id, title=r.product.title, stockrecord_id=r.pk, partner_id=r.partner_id,
            partner_name=r.partner.name, sku=r.partner_sku, price=r.price, kg=r.product.net_weight_kg,
            perishable=(r.product.shelf_life_days or 0) <= 10,
            paid=paid.get(r.pk) or (r.price * Decimal("0.70")).quantize(CENT)))
    return by_village


# --- orders, lines, lots, income ----------------------------------------------------------------

class Generator:
    def __init__(self, rng: random.Random, *, lines: int, years: int, now: datetime.datetime,
                 counts: Counts, log: Callable[[str], None], new_prices: dict[int, Decimal]):
        self.rng, self.total_lines, self.counts, self.log = rng, lines, counts, log
        self.now = now
        self.today = timezone.localdate(now)
        self.start = _years_before(self.today, years)
        self.tz = timezone.get_current_timezone()
        self.goods = goods_by_village(new_prices)
        homes: dict[int, list[int]] = {}
        for pk, village_id in Household.objects.filter(village_id__in=self.goods).values_list("pk", "village_id"):
            homes.setdefault(village_id, []).append(pk)
        self.homes = {v: hs for v, hs in homes.items() if self.goods.get(v)}
        self.villages = sorted(self.homes)
        self.weights = [len(self.homes[v]) for v in self.villages]
        self.lots: dict[tuple[int, int], Lot] = {}
        self.left_by_record: dict[int, int] = {}
        self.site_id = Site.objects.get_current().pk
        self.country = Country.objects.get(pk="CN")
        User = get_user_model()
        buyers = list(User.objects.filter(username__in=["buyer", "buyer2", "buyer3", "buyer4"]).order_by("username"))
        self.buyers = list(zip(buyers, ADDRESSES)) or [(None, ADDRESSES[0])]
        method = WeightBased.objects.order_by("name").first()
        self.method = (method.name, method.code) if method else ("邮政快递", "postal-express")
        self.bands = (sorted(method.bands.values_list("upper_limit", "charge")) if method else []) or \
            [(Decimal("1000"), Decimal("12.00"))]
        self.number = 0

    def shipping(self, kg: Decimal) -> Decimal:
        for upper, charge in self.bands:
            if kg <= upper:
                return charge
        return self.bands[-1][1]

    def day_targets(self):
        """(day, cumulative lines by the end of it) from the first day to today."""
        days = (self.today - self.start).days + 1
        weights = []
        for i in range(days):
            day = self.start + datetime.timedelta(days=i)
            growth = 0.7 + 0.6 * i / max(days - 1, 1)  # the county sells more every year
            weekend = 1.15 if day.weekday() >= 5 else 1.0
            weights.append(growth * SEASON[day.month] * weekend)
        total, running = sum(weights), 0.0
        for i, w in enumerate(weights):
            running += w
            yield self.start + datetime.timedelta(days=i), round(self.total_lines * running / total)

    def run(self) -> None:
        chunk, made = Chunk(), 0
        for day, target in self.day_targets():
            while made < target:
                made += self.order(chunk, day, target - made)
            if len(chunk.lines) >= CHUNK_LINES:
                self.flush(chunk)
                chunk = Chunk()
        self.flush(chunk)
        self.restock()

    def order(self, chunk: Chunk, day: datetime.date, room: int) -> int:
        rng = self.rng
        village = rng.choices(self.villages, weights=self.weights)[0]
        goods = self.goods[village]
        picked = [(village, g) for g in rng.sample(goods, min(len(goods), rng.choices((1, 2, 3), (60, 28, 12))[0]))]
        if rng.random() < OTHER_VILLAGE_SHARE:
            other = rng.choice(self.villages)
            if other != village:
                picked.append((other, rng.choice(self.goods[other])))
        picked = picked[:room]

        start = datetime.datetime.combine(day, datetime.time(7), tzinfo=self.tz)
        placed = start + datetime.timedelta(seconds=rng.randrange(16 * 3600))
        if placed > self.now:
            placed = self.now - datetime.timedelta(seconds=rng.randrange(1, 3600))
        delivered_on = timezone.localdate(placed) + datetime.timedelta(days=rng.choice((2, 3)))
        status = (CANCELLED if rng.random() < CANCELLED_SHARE
                  else SHIPPED if delivered_on > self.today else DELIVERED)
        user, address = rng.choice(self.buyers)

        self.number += 1
        shipping_address = ShippingAddress(country=self.country, **address)
        shipping_address._update_search_text()
        order = Order(number=f"{ORDER_PREFIX}{self.number:08d}", site_id=self.site_id, user=user, currency="CNY",
                      total_incl_tax=0, total_excl_tax=0, shipping_method=self.method[0],
                      shipping_code=self.method[1], status=status, date_placed=placed,
                      shipping_address=shipping_address)
        total, kg = Decimal("0.00"), Decimal("0.000")
        for line_village, good in picked:
            quantity = rng.choices((1, 2, 3), (70, 22, 8))[0]
            price = good.price * quantity
            line = Line(order=order, partner_id=good.partner_id, partner_name=good.partner_name,
                        partner_sku=good.sku, stockrecord_id=good.stockrecord_id, product_id=good.product_id,
                        title=good.title, quantity=quantity, line_price_incl_tax=price, line_price_excl_tax=price,
                        line_price_before_discounts_incl_tax=price, line_price_before_discounts_excl_tax=price,
                        unit_price_incl_tax=good.price, unit_price_excl_tax=good.price, status=status,
                        num_allocated=0, allocation_cancelled=status == CANCELLED)
            chunk.lines.append(line)
            total += price
            kg += good.kg * quantity
            if status == CANCELLED:
                continue
            lot = self.take(chunk, line_village, good, quantity, timezone.localdate(placed))
            reversal = None
            if status == DELIVERED and rng.random() < REVERSED_SHARE:
                on = delivered_on + datetime.timedelta(days=rng.randrange(1, 15))
                if on <= self.today:
                    reversal = (rng.choice((1, quantity)), on)
            chunk.sold.append((line, lot.row, quantity, lot.row.unit_price,
                               delivered_on if status == DELIVERED else None, reversal))
        shipping = self.shipping(kg)
        order.shipping_incl_tax = order.shipping_excl_tax = shipping
        order.total_incl_tax = order.total_excl_tax = total + shipping
        chunk.addresses.append(shipping_address)
        chunk.orders.append(order)
        return len(picked)

    def take(self, chunk: Chunk, village: int, good: Good, quantity: int, placed_on: datetime.date) -> Lot:
        """The lot the units come from: the household's current lot of the good, or a new one it
        brought in the week before the order."""
        rng = self.rng
        household = rng.choice(self.homes[village])
        key = (household, good.stockrecord_id)
        lot = self.lots.get(key)
        if lot is None or lot.left < quantity:
            if lot is not None:
                self.left_by_record[good.stockrecord_id] = self.left_by_record.get(good.stockrecord_id, 0) + lot.left
            size = max(quantity, rng.randrange(3, 9) if good.perishable else rng.randrange(8, 30))
            row = SupplyLot(household_id=household, product_id=good.product_id, stockrecord_id=good.stockrecord_id,
                            quantity=size, unit_price=good.paid + rng.choice(LOT_PREMIUMS),
                            supplied_on=max(self.start, placed_on - datetime.timedelta(days=rng.randrange(7))))
            chunk.new_lots.append(row)
            lot = self.lots[key] = Lot(row, size)
        lot.left -= quantity
        return lot

    @transaction.atomic
    def flush(self, chunk: Chunk) -> None:
        if not chunk.orders:
            return
        ShippingAddress.objects.bulk_create(chunk.addresses, batch_size=BATCH)
        Order.objects.bulk_create(chunk.orders, batch_size=BATCH)
        Line.objects.bulk_create(chunk.lines, batch_size=BATCH)
        SupplyLot.objects.bulk_create(chunk.new_lots, batch_size=BATCH)
        LotAllocation.objects.bulk_create(
            [LotAllocation(lot=lot, order_line=line, quantity=quantity) for line, lot, quantity, *_ in chunk.sold],
            batch_size=BATCH)
        booked = []
        for line, lot, quantity, unit_price, delivered_on, reversal in chunk.sold:
            if delivered_on is None:
                continue
            entry = IncomeEntry(household_id=lot.household_id, date=delivered_on, source=IncomeSource.ECOMMERCE,
                                amount=(unit_price * quantity).quantize(CENT),
                                reference=f"{REFERENCE_PREFIX}line-{line.pk}",
                                description=f"#{line.order.number} × {quantity}")
            booked.append((entry, line, unit_price, reversal))
        IncomeEntry.objects.bulk_create([b[0] for b in booked], batch_size=BATCH)
        reversals = []
        for entry, line, unit_price, reversal in booked:
            if reversal is not None:
                units, on = reversal
                reversals.append((IncomeEntry(
                    household_id=entry.household_id, date=on, source=IncomeSource.ECOMMERCE,
                    amount=-(unit_price * units).quantize(CENT), reverses=entry,
                    reference=f"{REFERENCE_PREFIX}line-{line.pk}:reversal",
                    description=f"#{line.order.number} −{units}"), line))
        IncomeEntry.objects.bulk_create([r[0] for r in reversals], batch_size=BATCH)
        LineIncome.objects.bulk_create(
            [LineIncome(entry=entry, order_id=line.order_id, line=line) for entry, line, *_ in booked + reversals],
            batch_size=BATCH)

        c = self.counts
        c.orders += len(chunk.orders)
        c.lines += len(chunk.lines)
        c.lots += len(chunk.new_lots)
        c.allocations += len(chunk.sold)
        c.entries += len(booked)
        c.reversals += len(reversals)
        last = chunk.orders[-1].date_placed
        self.log(f"  {c.lines:>9,} lines  {c.orders:>8,} orders  {c.lots:>7,} lots  {c.entries:>8,} entries  "
                 f"(placed up to {timezone.localdate(last)})")

    def restock(self) -> None:
        """What the lots brought and the lines did not take is in the village's stock."""
        for lot in self.lots.values():
            record = lot.row.stockrecord_id
            self.left_by_record[record] = self.left_by_record.get(record, 0) + lot.left
        with transaction.atomic():
            for record, left in self.left_by_record.items():
                if left:
                    StockRecord.objects.filter(pk=record).update(num_in_stock=F("num_in_stock") + left)


# --- the rest of the households' year: other income further back, cadres' visits -----------------

def book_older_income(*, years: int, today: datetime.date) -> int:
    """Wages, farming and transfers for the months before the demo's twelve, a little lower each year
    back. The demo books them monthly ("demo:<registry>:<source>:<YYYY-MM>") for this month and the
    eleven before; last month's entries are the pattern."""
    y, m = divmod(today.year * 12 + today.month - 2, 12)
    last_month = datetime.date(y, m + 1, 1)
    sources = [IncomeSource.WAGES, IncomeSource.FARMING, IncomeSource.TRANSFER]
    base = (IncomeEntry.objects.filter(reference__startswith="demo:", reference__endswith=f":{last_month:%Y-%m}",
                                       source__in=sources, reverses__isnull=True)
            .values_list("household_id", "source", "amount").order_by("pk"))
    entries = []
    for household, source, amount in base:
        for months_back in range(12, years * 12):
            y, m = divmod(today.year * 12 + today.month - 1 - months_back, 12)
            month = datetime.date(y, m + 1, 15)
            factor = Decimal(1) - Decimal("0.07") * (months_back // 12)
            entries.append(IncomeEntry(
                household_id=household, date=month, source=source, amount=(amount * factor).quantize(CENT),
                reference=f"{REFERENCE_PREFIX}{household}:{source}:{month:%Y-%m}"))
    IncomeEntry.objects.bulk_create(entries, batch_size=BATCH)
    return len(entries)


def record_visits(rng: random.Random, *, start: datetime.date, today: datetime.date) -> int:
    """Cadres' visits further back: every paired household every one to two months from the start of
    the history up to its first visit the demo recorded (the demo records the last year's)."""
    first = dict(Visit.objects.values("household").annotate(first=Min("visited_on"))
                 .values_list("household", "first"))
    measures = list(VisitMeasure.values)
    visits = []
    for household, cadre in Pairing.objects.order_by("pk").values_list("household", "cadre"):
        day = first.get(household, today + datetime.timedelta(days=1)) - datetime.timedelta(days=rng.randrange(30, 62))
        while day >= start:
            visits.append(Visit(household_id=household, cadre_id=cadre, visited_on=day,
                                findings=rng.choice(FINDINGS), measures=rng.sample(measures, rng.choice((0, 1, 1, 2)))))
            day -= datetime.timedelta(days=rng.randrange(30, 62))
    Visit.objects.bulk_create(visits, batch_size=BATCH)
    return len(visits)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years) + datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28) + datetime.timedelta(days=1)


def load(*, lines: int = 500_000, years: int = 2, seed: int = 2026,
         log: Callable[[str], None] = print) -> Counts:
    """Grow the loaded demo county; refuses (AlreadyLoaded, DemoMissing) rather than load twice."""
    check_can_load()
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate(now)
    counts = Counts()
    with transaction.atomic():
        new_prices = build_shopfront(rng, counts, log)
        generator = Generator(rng, lines=lines, years=years, now=now, counts=counts, log=log, new_prices=new_prices)
        households = sum(generator.weights)
        log(f"orders: {lines:,} lines over {len(generator.villages)} villages with {households} households, "
            f"{generator.start} to {today}")
        generator.run()
        counts.other_income = book_older_income(years=years, today=today)
        counts.visits = record_visits(rng, start=generator.start, today=today)
        counts.warnings = monitoring.recompute(today=today)
        log("warnings recomputed: {opened} opened, {updated} updated, {cleared} cleared".format(**counts.warnings))
    analyze()
    return counts


def analyze() -> None:
    """Refresh the query planner's statistics after the bulk load. Without them SQLite's planner reads
    a month's order lines partner by partner over all of history (0.8 s instead of 30 ms on the report);
    PostgreSQL's autovacuum would get there, but later."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def summary() -> dict[str, int]:
    """What is in the database now, for the command's final count."""
    scale_orders = Order.objects.filter(number__startswith=ORDER_PREFIX)
    return {
        "sales points": Partner.objects.count(),
        "products": Product.objects.count(),
        "supply lots": SupplyLot.objects.count(),
        "orders": Order.objects.count(),
        "  of them county-scale": scale_orders.count(),
        "order lines": Line.objects.count(),
        "lot allocations": LotAllocation.objects.count(),
        "income entries": IncomeEntry.objects.count(),
        "  e-commerce": IncomeEntry.objects.filter(source=IncomeSource.ECOMMERCE).count(),
        "  reversals": IncomeEntry.objects.filter(reverses__isnull=False).count(),
        "visits": Visit.objects.count(),
        "villages selling": Village.objects.annotate(n=Count("products")).filter(n__gt=0).count(),
    }

