"""Branch secretaries, town and county leaders see their part of the county, drill down to a
household, and never see a name outside their own pairing or any ID or phone number."""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.models import SupplyLot
from households import monitoring
from households.ledger import book_income
from households.models import Household, IncomeSource, Pairing, PartyBranch, Town, Village
from tests.helpers import log_in

pytestmark = pytest.mark.django_db
PRIVATE = re.compile(r"于德福|包长友|白秀英|2310251\d{11}|139000000\d\d|H-XQ-|H-DX-")


@pytest.fixture
def elsewhere(county):
    """A second town with a village and a household, outside 青山镇."""
    town = Town.objects.create(name="莲花镇")
    village = Village.objects.create(town=town, name="西山村", code="231025004001")
    household = Household.objects.create(registry_number="H-XS-1", village=village, members=2, status="lifted",
                                         lifted_in_year=2018, poverty_cause="skills", head_name="周玉兰",
                                         head_id_number="231025198001010044", head_phone="13900000004")
    PartyBranch.objects.create(village=village, name="西山村扶贫党支部")
    return household


def urls(household):
    village = household.village
    return [reverse("county:town", kwargs={"pk": village.town_id}),
            reverse("county:village", kwargs={"pk": village.pk}),
            reverse("county:household", kwargs={"pk": household.pk})]


def test_the_county_leader_sees_every_town_and_the_admin_too(client, county, leaders, elsewhere):
    for user in (leaders.county, leaders.admin):
        client.logout()
        log_in(client, user)
        response = client.get(reverse("county:overview"))
        assert response.status_code == 200
        names = {p.name for p in response.context["figures"].parts}
        assert names == {"青山镇", "莲花镇"} and response.context["figures"].households == 4
        for url in urls(elsewhere) + urls(county.yu):
            assert client.get(url).status_code == 200, url


def test_a_town_leader_sees_the_town_and_nothing_beyond(client, county, leaders, elsewhere):
    log_in(client, leaders.town)
    response = client.get(reverse("county:overview"))
    assert {p.name for p in response.context["figures"].parts} == {"新青村", "东兴村"}
    for url in urls(county.far):
        assert client.get(url).status_code == 200
    for url in urls(elsewhere):
        assert client.get(url).status_code == 404, url


def test_a_branch_secretary_sees_the_branchs_households_only(client, county, leaders, elsewhere):
    log_in(client, leaders.secretary)
    response = client.get(reverse("county:overview"))
    assert {p.name for p in response.context["figures"].parts} == {"新青村"}
    assert response.context["figures"].households == 2
    assert client.get(reverse("county:household", kwargs={"pk": county.yu.pk})).status_code == 200
    # 青山镇 is the branch's town, but only the branch's part of it shows.
    town = client.get(urls(county.far)[0])
    assert {p.name for p in town.context["figures"].parts} == {"新青村"}
    for url in urls(county.far)[1:] + urls(elsewhere):
        assert client.get(url).status_code == 404, url


def test_a_household_paired_to_the_branchs_cadres_elsewhere_belongs_to_the_branch(client, county, leaders,
                                                                                 elsewhere):
    Pairing.objects.create(cadre=county.cadre.cadre, household=elsewhere)
    log_in(client, leaders.secretary)
    assert client.get(reverse("county:household", kwargs={"pk": elsewhere.pk})).status_code == 200


def test_users_without_a_scope_are_refused(client, county, leaders, today):
    for user in (county.cadre, county.buyer, county.coordinator):
        client.logout()
        log_in(client, user)
        assert client.get(reverse("county:overview")).status_code == 403
        assert client.get(reverse("county:report", kwargs={"month": f"{today:%Y-%m}"})).status_code == 403
        for url in urls(county.yu):
            assert client.get(url).status_code == 404, url


def readable(response):
    """The page as a person reads it, charts included (json_script escapes Chinese as \\uXXXX)."""
    page = response.content.decode()
    return page + "".join(json.dumps(json.loads(m), ensure_ascii=False)
                          for m in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S))


def test_roll_up_pages_name_households_as_the_article_does(client, county, leaders, today):
    monitoring.recompute(today=today)
    # 于某 brought goods this week and sold nothing: the list of idle sellers names them too.
    SupplyLot.objects.create(household=county.yu, product=county.honey, stockrecord=county.honey.stockrecords.get(),
                             quantity=2, unit_price=Decimal("60.00"), supplied_on=today)
    month = reverse("county:report", kwargs={"month": f"{today:%Y-%m}"})
    for user in (leaders.secretary, leaders.town, leaders.county, leaders.admin):
        client.logout()
        log_in(client, user)
        for url in [reverse("county:overview"), month] + urls(county.yu) + urls(county.far):
            page = readable(client.get(url))
            assert not PRIVATE.search(page), (user, url, PRIVATE.search(page))
        village = client.get(reverse("county:village", kwargs={"pk": county.xinqing.pk}))
        assert "于某" in readable(village) and "包某" in readable(village)
        assert [h["name"] for h in village.context["figures"].idle_sellers] == ["于某"]


def test_the_paired_cadre_as_secretary_sees_their_own_households_by_name(client, county, leaders):
    cadre = county.cadre.cadre
    cadre.is_secretary = True
    cadre.save()
    log_in(client, county.cadre)
    village = client.get(reverse("county:village", kwargs={"pk": county.xinqing.pk})).content.decode()
    assert "于德福" in village
    household = client.get(reverse("county:household", kwargs={"pk": county.yu.pk})).content.decode()
    assert reverse("cadre:household-detail", kwargs={"pk": county.yu.pk}) in household
    assert "231025196501010011" not in household and "13900000001" not in household


def test_the_county_page_counts_households_by_line_state_and_warning(client, county, leaders, monitoring_line, today):
    monitoring.recompute(today=today)
    log_in(client, leaders.county)
    figures = client.get(reverse("county:overview")).context["figures"]
    # All three test households are far below ¥6,800 per person.
    assert figures.under_poverty == figures.under_monitoring == 3
    assert figures.by_status == {"lifted": 1, "monitored": 1, "in_poverty": 1}
    assert figures.warnings_by_kind == {"projected_low": 3}


def test_the_county_page_takes_at_most_ten_queries_however_many_households(client, county, leaders, today):
    log_in(client, leaders.county)
    client.get(reverse("county:overview"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("county:overview")).status_code == 200
    town = Town.objects.create(name="柳树镇")
    for v in range(3):
        village = Village.objects.create(town=town, name=f"新村{v}", code=f"23102500600{v}")
        Household.objects.bulk_create([Household(registry_number=f"H-N-{v}-{i}", village=village, members=2,
                                                 poverty_cause="other", head_name=f"王{i}", head_id_number="x")
                                       for i in range(5)])
    monitoring.recompute(today=today)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("county:overview")).status_code == 200
    assert len(many) == len(few) <= 10, [q["sql"][:120] for q in many.captured_queries]


def test_e_commerce_income_is_rolled_up_by_month_town_and_village(client, county, leaders, elsewhere, today):
    from decimal import Decimal

    from households.ledger import book_income
    from households.models import IncomeSource

    day = today.replace(day=1)
    for household, amount in ((county.yu, "120.50"), (county.bao, "80.00"), (county.far, "40.00"),
                              (elsewhere, "300.00")):
        book_income(household=household, date=day, source=IncomeSource.ECOMMERCE, amount=Decimal(amount),
                    reference=f"sale:{household.pk}")
    log_in(client, leaders.county)
    figures = client.get(reverse("county:overview")).context["figures"]
    towns = {p.name: p for p in figures.parts}
    assert towns["青山镇"].ecommerce == Decimal("240.50") and towns["莲花镇"].ecommerce == Decimal("300.00")
    assert towns["青山镇"].months == {day.month: Decimal("240.50")}
    assert figures.best_villages == [("西山村", Decimal("300.00")), ("新青村", Decimal("200.50")),
                                     ("东兴村", Decimal("40.00"))]
    assert figures.ecommerce == Decimal("540.50")


def test_a_household_with_two_kinds_of_warning_is_one_warned_household(client, county, leaders, monitoring_line, today):
    from households.models import IncomeWarning

    monitoring.recompute(today=today)
    IncomeWarning.objects.create(household=county.yu, kind=IncomeWarning.Kind.NO_SUPPLY, key="since-x@x",
                                 figures={"days": 61, "last": today.isoformat()}, opened_on=today)
    log_in(client, leaders.town)
    figures = client.get(reverse("county:overview")).context["figures"]
    xinqing = next(p for p in figures.parts if p.name == "新青村")
    assert xinqing.warned == 2  # 于某 (two warnings) and 包某
    assert figures.warnings_by_kind == {"projected_low": 2 + 1, "no_supply": 1}


def test_households_of_one_surname_are_told_apart_in_the_village_chart(client, county, leaders, today):
    from households.ledger import book_income
    from households.models import IncomeSource

    namesake = Household.objects.create(registry_number="H-XQ-3", village=county.xinqing, members=2,
                                        poverty_cause="other", head_name="于秀兰", head_id_number="x")
    for household in (county.yu, namesake):
        book_income(household=household, date=today.replace(day=1), source=IncomeSource.ECOMMERCE,
                    amount=Decimal("50.00"), reference=f"sale:{household.pk}")
    log_in(client, leaders.town)
    chart = client.get(reverse("county:village", kwargs={"pk": county.xinqing.pk})).context["chart"]
    assert sorted(s["name"] for s in chart["series"]) == ["于某 1", "于某 2"]


def test_a_branch_counts_only_its_own_villages_sales(client, county, leaders, elsewhere, today):
    from catalog.supply import record_supply
    from tests.factories import ADDR, Partner, make_product, place_order

    # 新青村's branch cadre is also paired with a household of 西山村, which sells its own goods.
    Pairing.objects.create(cadre=county.cadre.cadre, household=elsewhere)
    from logistics.models import Station

    Station.objects.create(name="西山村邮政站", village=elsewhere.village)
    partner = Partner.objects.create(name="西山村电商服务站", village=elsewhere.village)
    berries = make_product("西山村沙棘原浆", elsewhere.village, partner, price="68.00", kg="1.000",
                           product_class=county.honey.product_class)
    berries.shelf_life_days = None  # keeps: it may wait for a bus line to reach 西山村
    berries.save()
    record_supply(recorded_by=leaders.admin, household=elsewhere, product=berries, quantity=3,
                  unit_price=Decimal("40.00"))
    place_order(county.buyer, [(berries, 2)], address=ADDR)
    log_in(client, leaders.secretary)
    figures = client.get(reverse("county:overview")).context["figures"]
    assert figures.goods == []
    report = client.get(reverse("county:report", kwargs={"month": f"{today:%Y-%m}"})).context["report"]
    assert report.totals.units_sold == 0 and {r.village for r in report.rows} == {"新青村", "西山村"}


def test_the_village_page_costs_the_same_queries_however_many_households(client, county, leaders, today):
    log_in(client, leaders.town)
    url = reverse("county:village", kwargs={"pk": county.xinqing.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    Household.objects.bulk_create([Household(registry_number=f"H-XQ-N{i}", village=county.xinqing, members=2,
                                             poverty_cause="other", head_name=f"王{i}", head_id_number="x")
                                   for i in range(8)])
    monitoring.recompute(today=today)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).context["figures"].parts) == 10
    assert len(many) == len(few) <= 10, [q["sql"][:100] for q in many.captured_queries]


def test_the_leaders_rankings_are_named_for_what_they_rank(client, county, leaders):
    log_in(client, leaders.county)
    page = client.get(reverse("county:overview")).content.decode()
    # They rank the households' e-commerce income, not the shop's sales.
    assert "电商收入领先的村" in page and "销售额领先的村" not in page


def test_villages_are_listed_by_need_and_the_near_count_is_explained(client, county, leaders, monitoring_line):
    """东兴村 comes first by name and by code; 新青村, with a household under the line, comes first."""
    book_income(household=county.far, date=timezone.localdate().replace(month=1, day=20),
                source=IncomeSource.WAGES, amount=Decimal("60000.00"), reference="test:far:wages")
    log_in(client, leaders.county)
    response = client.get(reverse("county:town", args=[county.xinqing.town_id]))
    names = [part.name for part in response.context["figures"].parts]
    assert names == ["新青村", "东兴村"]
    page = response.content.decode()
    assert 'id="parts-legend"' in page and 'data-label="电商收入"' in page
