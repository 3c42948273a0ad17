"""Builders of the tests' data: a small county (新青村 with two supplying households, a neighbour
village, cadres, a bus line with a daily run, the village sales points with their products), the
county's goods, buyers' addresses, placed orders and photos. Tests build with these, never with the
demo's or another test's data."""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from oscar.core.loading import get_model

from households.ledger import book_income
from households.models import Cadre, Household, IncomeSource, Pairing, PartyBranch, PovertyLine, Town, Village
from logistics.models import BusLine, Departure, PostalTransit, Station, Stop
from logistics.transit_data import load_postal_transit_days
from shop.payments.cash import place_cash_order

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

PASSWORD = "a-long-test-password"

# A buyer's address in 哈尔滨 (what the checkout's address form posts, by name).
ADDRESS = {
    "first_name": "陈晓雨", "phone_number": "13945100001", "state": "黑龙江省", "line4": "哈尔滨市",
    "line3": "南岗区", "line1": "学府路 74 号 3 单元 502", "postcode": "150080", "notes": "",
}
# What the address form posts: the province, city and county are chosen from GB/T 2260 by code.
ADDRESS_CODES = {"state": "230000", "line4": "230100", "line3": "230103"}
# The fields of a shipping address an order is placed with directly (place_order).
ADDR = {k: v for k, v in ADDRESS.items() if k in ("first_name", "line1", "line4", "state", "phone_number")}


def address_form(**changes):
    return {**ADDRESS, **ADDRESS_CODES, **changes}


def place_order(user, items, *, address, placed_at=None):
    """An order placed and planned as checkout places one, paid cash on delivery: items are
    [(product, quantity)]."""
    return place_cash_order(user=user, items=items, address=address, placed_at=placed_at)


def jpeg(*, size=(800, 600), colour=(200, 150, 40)) -> bytes:
    """A photo as a phone would upload it: a JPEG of the given size, with a little texture."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 40):
        draw.line([(x, 0), (x, size[1])], fill=(colour[0] // 2, colour[1] // 2, colour[2] // 2), width=3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


# The county's goods, as the article names them (title, class, shelf price, net kg, cold chain,
# title and description in English, description in Chinese).
GOODS = {
    "新青村": [
        ("新青村散养笨鸡", "poultry", "168.00", "1.500", True, "Free-range chicken from Xinqing",
         "Raised in the woods for over a year on maize and grass; shipped chilled.",
         "林下散养一年以上的笨鸡，吃玉米和青草长大，宰杀后冷链发货。"),
        ("新青村农家大鹅", "poultry", "288.00", "3.500", True, "Farm goose from Xinqing",
         "Goose raised by the river, firm meat for an iron-pot stew.",
         "河边放养的大鹅，肉质紧实，适合铁锅炖。"),
        ("新青村椴树蜂蜜", "honey", "98.00", "1.000", False, "Linden honey from Xinqing",
         "Linden honey ripened in the hive, in a 1 kg glass jar.",
         "长白山余脉椴树林中的椴树蜜，自然成熟，两斤装玻璃瓶。"),
        ("新青村时令蔬菜箱", "vegetables", "58.00", "3.000", False, "Seasonal vegetable box from Xinqing",
         "Beans, tomatoes, cucumbers and greens picked that day.",
         "当季庭院蔬菜组合：豆角、柿子、黄瓜、小白菜，当天采摘。"),
        ("新青村稻田河蟹", "aquatic", "158.00", "1.000", True, "Paddy-field river crab from Xinqing",
         "Crabs raised in rice paddies, 4–5 to the jin, shipped live.",
         "稻田里养的河蟹，一斤约四到五只，活蟹冷链发货。"),
        ("新青村杂粮礼盒", "grains", "78.00", "2.500", False, "Coarse grain box from Xinqing",
         "Millet, soybeans, red beans, sorghum and maize grits.",
         "小米、黄豆、红豆、高粱米、玉米碴子，五种杂粮各半斤。"),
    ],
    "东兴村": [
        ("沙棘原浆", "forest", "68.00", "1.000", False, "Sea buckthorn juice",
         "Pressed from wild sea buckthorn berries.",
         "野生沙棘鲜果压榨的原浆。"),
        ("平贝母", "forest", "128.00", "0.250", False, "Fritillary bulb",
         "Grown under the forest, sun-dried and packed.",
         "林下种植的平贝母，晒干分装。"),
    ],
}


def stock_goods(county) -> dict:
    """The county's goods (titles, English names, descriptions, types) in 新青村 and 东兴村, on sale
    with no stock: {title: product}. The county's own chicken and honey are among them."""
    made = {}
    for village in (county.xinqing, county.neighbour):
        partner = Partner.objects.get(village=village)
        for title, cls, price, kg, cold, title_en, description_en, description in GOODS[village.name]:
            product_class = ProductClass.objects.get(slug=cls)
            product = Product.objects.filter(title=title).first() or make_product(
                title, village, partner, price=price, kg=kg, cold=cold, product_class=product_class)
            product.description, product.title_en, product.description_en = description, title_en, description_en
            product.product_class = product_class
            product.save()
            made[title] = product
    return made


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
    today = today or timezone.localdate()
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
