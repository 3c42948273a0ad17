"""The demo county's monitoring: the lines, a year of cadres' visits, and households in every
warning state and every monitoring category, reached through the same functions cadres use."""

import datetime
from decimal import Decimal

from catalog.supply import record_supply
from households import monitoring
from households.ledger import book_income, reverse_entry
from households.models import (
    Household,
    IncomeSource,
    IncomeWarning,
    MonitoringCategory,
    Pairing,
    PovertyLine,
    Visit,
    VisitMeasure,
)

FINDINGS = [
    "家中院子里的蔬菜长势好，建议多报一些到服务站。",
    "老人腰腿不好，暂时不能下地，儿子在县城打工。",
    "蜂箱已经做好过冬准备，缺少包装瓶，帮助联系了供货。",
    "大鹅出栏二十只，已经交到服务站，等下周的班车。",
    "孩子上学的费用压力大，申请了教育补助。",
    "新盖的鸡舍已经用上了，笨鸡数量比去年多一倍。",
    "商量了明年多种一亩小米，服务站可以包销。",
    "家里有人住院，收入下降，已经联系镇里的医疗救助。",
]
MEASURES = [[VisitMeasure.LISTING], [VisitMeasure.SUPPLY], [VisitMeasure.TRANSFER], [VisitMeasure.HEALTH],
            [VisitMeasure.LISTING, VisitMeasure.SUPPLY], [VisitMeasure.EMPLOYMENT], [VisitMeasure.TRAINING], []]


def set_lines(*, today: datetime.date) -> None:
    """The province's monitoring lines beside the poverty lines of the last two years."""
    for year, amount in ((today.year - 1, "7200.00"), (today.year, "7500.00")):
        PovertyLine.objects.filter(year=year).update(monitoring_income=Decimal(amount))


def book_visits(rng, *, today: datetime.date) -> int:
    """Every paired household visited every one to two months over the last year."""
    visits = []
    for pairing in Pairing.objects.select_related("cadre").order_by("pk"):
        day = today - datetime.timedelta(days=rng.randrange(0, 40))
        while day > today - datetime.timedelta(days=365):
            i = rng.randrange(len(FINDINGS))
            visits.append(Visit(household_id=pairing.household_id, cadre=pairing.cadre, visited_on=day,
                                findings=FINDINGS[i], measures=[str(m) for m in MEASURES[i]]))
            day -= datetime.timedelta(days=rng.randrange(30, 62))
    Visit.objects.bulk_create(visits, batch_size=2000)
    return len(visits)


def resting_household(other_products) -> Household:
    """The household of the second village with goods that stops bringing supply."""
    product, _paid = other_products[0]
    return product.origin_village.households.order_by("pk").first()


def build_monitoring(rng, *, today: datetime.date, xinqing, other_products, admin, cadre) -> dict:
    """other_products: [(product, unit price)] of the second village with goods."""
    set_lines(today=today)
    book_visits(rng, today=today)
    elsewhere = list(Household.objects.exclude(village=xinqing).order_by("pk"))
    last_year = monitoring.one_year_before(today)

    # Sales that collapsed: sea-buckthorn sold well in this season last year, hardly at all now.
    dropped = elsewhere[3]
    book_income(household=dropped, date=last_year - datetime.timedelta(days=30), source=IncomeSource.ECOMMERCE,
                amount=Decimal("1280.00"), reference=f"demo:{dropped.pk}:ecommerce:last-year",
                description="沙棘原浆 × 28")
    book_income(household=dropped, date=today - datetime.timedelta(days=20), source=IncomeSource.ECOMMERCE,
                amount=Decimal("225.00"), reference=f"demo:{dropped.pk}:ecommerce:now", description="沙棘原浆 × 5")

    # A large refund: the demo cadre's second household had a parcel of goose refunded.
    paired = list(Household.objects.filter(pairings__cadre__user=cadre).order_by("pk"))
    refunded = paired[-1]
    sale, _ = book_income(household=refunded, date=today - datetime.timedelta(days=25),
                          source=IncomeSource.ECOMMERCE, amount=Decimal("630.00"),
                          reference=f"demo:{refunded.pk}:ecommerce:goose", description="新青村农家大鹅 × 3")
    reverse_entry(sale, date=today - datetime.timedelta(days=12), reference=f"demo:{refunded.pk}:ecommerce:refund",
                  amount=Decimal("420.00"), description="退款 新青村农家大鹅 × 2（质量问题）")

    # Supply that stopped: a household of the second village brought goods 75 days ago, then nothing.
    product, paid = other_products[0]
    idle = resting_household(other_products)
    brought = today - datetime.timedelta(days=75)
    record_supply(recorded_by=admin, household=idle, product=product, quantity=6, unit_price=paid,
                  supplied_on=brought, recorded_on=brought)

    monitoring.recompute(today=today)

    # Cadres decide some warnings: confirm (putting households under monitoring) and dismiss.
    def first_open(kind, exclude=()):
        return (IncomeWarning.objects.filter(kind=kind, state=IncomeWarning.State.OPEN)
                .exclude(household__in=exclude).order_by("household_id").first())

    decided = []
    low = IncomeWarning.Kind.PROJECTED_LOW
    for category, note in ((MonitoringCategory.UNSTABLE, "主要劳力外出务工不稳定，收入预计低于监测线。"),
                           (MonitoringCategory.MARGINAL, "老人独居，庭院经济规模小，纳入边缘易致贫户监测。")):
        warning = first_open(low, exclude=[refunded, *decided])
        monitoring.review_warning(warning=warning, by=admin, confirm=True, note=note, category=category, on=today)
        decided.append(warning.household)
    for note in ("子女每月寄钱，实际收入高于账面。", "秋季河蟹款尚未结算，下月入账后会超过监测线。"):
        warning = first_open(low, exclude=[refunded, *decided])
        monitoring.review_warning(warning=warning, by=admin, confirm=False, note=note, on=today)
        decided.append(warning.household)

    # Sudden hardship: a house fire; the temporary assistance paid lifts the projection and the
    # household's warning clears itself.
    hardship = first_open(low, exclude=[refunded, *decided]).household
    monitoring.set_category(household=hardship, category=MonitoringCategory.HARDSHIP,
                            reason="房屋失火，申请临时救助。", by=admin, on=today - datetime.timedelta(days=14))
    book_income(household=hardship, date=today - datetime.timedelta(days=7), source=IncomeSource.TRANSFER,
                amount=Decimal("9000.00") * hardship.members, reference=f"demo:{hardship.pk}:assistance",
                description="临时救助金")
    monitoring.recompute(today=today)
    return {state: IncomeWarning.objects.filter(state=state).count() for state in IncomeWarning.State.values}
