"""A small county for tests: 新青村 with two supplying households, a neighbour village,
cadres, a bus line with a daily run, and the village sales points with their products."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from oscar.core.loading import get_model

from households.ledger import book_income
from households.models import Cadre, Household, IncomeSource, Pairing, PartyBranch, PovertyLine, Town, Village
from logistics.models import BusLine, Departure, PostalTransit, Station, Stop
from logistics.transit_data import load_postal_transit_days

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

PASSWORD = "a-long-test-password"


@dataclass
class County:
    xinqing: Village
    neighbour: Village
    yu: Household  # 于某: 2 members, lower income per person
    bao: Household  # 包某: 1 member, higher income per person
    far: Household  # a household of the neighbour village
    chicken: Product
    honey: Product
    ginseng: Product  # the neighbour village's product
    coordinator: object
    neighbour_coordinator: object
    cadre: object
    other_cadre: object
    clerk: object
    buyer: object
    line: BusLine
    category: object


def make_user(username, **extra):
    User = get_user_model()
    return User.objects.create_user(username, f"{username}@example.com", PASSWORD, **extra)


def make_product(title, village, partner, *, price, kg, cold=False, product_class):
    product = Product.objects.create(title=title, product_class=product_class, origin_village=village,
                                     net_weight_kg=Decimal(kg), cold_chain=cold, shelf_life_days=5)
    StockRecord.objects.create(product=product, partner=partner, partner_sku=f"SKU-{product.pk}",
                               price_currency="CNY", price=Decimal(price), num_in_stock=0)
    return product


def build_county(today=None):
    today = today or datetime.date.today()
    town = Town.objects.create(name="青山镇")
    xinqing = Village.objects.create(town=town, name="新青村", code="231025009001")
    neighbour = Village.objects.create(town=town, name="东兴村", code="231025009002")
    branch = PartyBranch.objects.create(village=xinqing, name="新青村扶贫党支部")
    other_branch = PartyBranch.objects.create(village=neighbour, name="东兴村扶贫党支部")

    yu = Household.objects.create(registry_number="H-XQ-1", village=xinqing, members=2, status="lifted",
                                  lifted_in_year=2019, poverty_cause="illness", head_name="于德福",
                                  head_id_number="231025196501010011", head_phone="13900000001")
    bao = Household.objects.create(registry_number="H-XQ-2", village=xinqing, members=1, status="monitored",
                                   poverty_cause="labour", head_name="包长友",
                                   head_id_number="231025195803030022", head_phone="13900000002")
    far = Household.objects.create(registry_number="H-DX-1", village=neighbour, members=3, status="in_poverty",
                                   poverty_cause="land", head_name="白秀英",
                                   head_id_number="231025197007070033", head_phone="13900000003")
    # 于某 has earned less per person this year than 包某: 3000/2 < 2000/1.
    book_income(household=yu, date=today.replace(month=1, day=15), source=IncomeSource.WAGES,
                amount=Decimal("3000.00"), reference="test:yu:wages")
    book_income(household=bao, date=today.replace(month=1, day=15), source=IncomeSource.TRANSFER,
                amount=Decimal("2000.00"), reference="test:bao:transfer")
    PovertyLine.objects.create(year=today.year, per_person_income=Decimal("6800.00"))

    cadre_user = make_user("cadre-li", first_name="明", last_name="李")
    cadre = Cadre.objects.create(user=cadre_user, branch=branch)
    Pairing.objects.create(cadre=cadre, household=yu)
    Pairing.objects.create(cadre=cadre, household=bao)
    other_cadre_user = make_user("cadre-zhao", first_name="强", last_name="赵")
    other_cadre = Cadre.objects.create(user=other_cadre_user, branch=other_branch)
    Pairing.objects.create(cadre=other_cadre, household=far)

    dashboard_access = Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
    sales_point = Partner.objects.create(name="新青村电商服务站", village=xinqing)
    neighbour_point = Partner.objects.create(name="东兴村电商服务站", village=neighbour)
    coordinator = make_user("coordinator-xq")
    coordinator.user_permissions.add(dashboard_access)
    sales_point.users.add(coordinator)
    neighbour_coordinator = make_user("coordinator-dx")
    neighbour_coordinator.user_permissions.add(dashboard_access)
    neighbour_point.users.add(neighbour_coordinator)

    clerk = make_user("hub-clerk")
    clerks, _ = Group.objects.get_or_create(name="Hub clerks")
    clerks.permissions.add(dashboard_access, *Permission.objects.filter(
        content_type__app_label="logistics", codename__in=["change_pickuprun", "change_consignment"]))
    clerk.groups.add(clerks)
    buyer = make_user("buyer-chen")

    # The six classes of the article's goods come with the migrations.
    poultry = ProductClass.objects.get(slug="poultry")
    honey_class = ProductClass.objects.get(slug="honey")
    chicken = make_product("新青村散养笨鸡", xinqing, sales_point, price="168.00", kg="1.500", cold=True,
                           product_class=poultry)
    honey = make_product("新青村椴树蜂蜜", xinqing, sales_point, price="98.00", kg="1.000", product_class=honey_class)
    ginseng = make_product("东兴村林下参", neighbour, neighbour_point, price="268.00", kg="0.200",
                           product_class=honey_class)

    category = Category.add_root(name="乡村好物", slug="village-goods")
    hub = Station.objects.create(name="县邮政分拣中心", is_hub=True)
    xq_station = Station.objects.create(name="新青村邮政站", village=xinqing)
    dx_station = Station.objects.create(name="东兴村邮政站", village=neighbour)
    load_postal_transit_days(PostalTransit)  # gone when a transactional test has emptied the tables
    line = BusLine.objects.create(name="青山镇—县城客运线", capacity_kg=Decimal("100"),
                                  cooler_capacity_kg=Decimal("100"))
    Stop.objects.bulk_create([Stop(line=line, station=s, position=i + 1) for i, s in
                              enumerate([xq_station, dx_station, hub])])
    Departure.objects.bulk_create([Departure(line=line, weekday=d, time=datetime.time(7, 30)) for d in range(7)])

    return County(xinqing=xinqing, neighbour=neighbour, yu=yu, bao=bao, far=far, chicken=chicken, honey=honey,
                  ginseng=ginseng, coordinator=coordinator, neighbour_coordinator=neighbour_coordinator,
                  cadre=cadre_user, other_cadre=other_cadre_user, clerk=clerk, buyer=buyer, line=line,
                  category=category)
