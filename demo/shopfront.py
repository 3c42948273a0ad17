"""Demo catalogue, stations, bus lines, accounts and story."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from oscar.core.loading import get_model

from cms.permissions import editors_group
from demo.photos import draw_jpeg
from households.models import Official
from logistics.models import BusLine, Departure, Station, Stop

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

PRODUCT_CLASSES = {
    "poultry": "禽类", "honey": "蜂产品", "aquatic": "水产", "grains": "杂粮", "vegetables": "蔬菜",
    "forest": "山林药材",
}
# The categories' names on the English pages.
ENGLISH_NAMES = {"poultry": "Poultry", "honey": "Bee products", "aquatic": "River catch", "grains": "Coarse grains",
                 "vegetables": "Vegetables", "forest": "Forest herbs"}
# (title, class, photo, price, net kg, shelf days, cold chain, unit price paid to households)
XINQING_PRODUCTS = [
    ("新青村散养笨鸡", "poultry", "chicken", "168.00", "1.500", 5, True, "120.00",
     "林下散养一年以上的笨鸡，吃玉米和青草长大，宰杀后冷链发货。"),
    ("新青村农家大鹅", "poultry", "goose", "288.00", "3.500", 5, True, "210.00",
     "河边放养的大鹅，肉质紧实，适合铁锅炖。"),
    ("新青村椴树蜂蜜", "honey", "honey", "98.00", "1.000", 720, False, "68.00",
     "长白山余脉椴树林中的椴树蜜，自然成熟，两斤装玻璃瓶。"),
    ("新青村时令蔬菜箱", "vegetables", "vegetables", "58.00", "3.000", 5, False, "38.00",
     "当季庭院蔬菜组合：豆角、柿子、黄瓜、小白菜，当天采摘。"),
    ("新青村稻田河蟹", "aquatic", "crab", "158.00", "1.000", 3, True, "110.00",
     "稻田里养的河蟹，一斤约四到五只，活蟹冷链发货。"),
    ("新青村杂粮礼盒", "grains", "grains", "78.00", "2.500", 365, False, "52.00",
     "小米、黄豆、红豆、高粱米、玉米碴子，五种杂粮各半斤。"),
]
# What a buyer who chose English reads (title, description).
ENGLISH = {
    "新青村散养笨鸡": ("Free-range chicken from Xinqing",
                 "Raised in the woods for over a year on maize and grass; shipped chilled."),
    "新青村农家大鹅": ("Farm goose from Xinqing", "Goose raised by the river, firm meat for an iron-pot stew."),
    "新青村椴树蜂蜜": ("Linden honey from Xinqing", "Linden honey ripened in the hive, in a 1 kg glass jar."),
    "新青村时令蔬菜箱": ("Seasonal vegetable box from Xinqing",
                  "Beans, tomatoes, cucumbers and greens picked that day."),
    "新青村稻田河蟹": ("Paddy-field river crab from Xinqing",
                 "Crabs raised in rice paddies, 4–5 to the jin, shipped live."),
    "新青村杂粮礼盒": ("Coarse grain box from Xinqing", "Millet, soybeans, red beans, sorghum and maize grits."),
    "沙棘原浆": ("Sea buckthorn juice", "Pressed from wild sea buckthorn berries."),
    "平贝母": ("Fritillary bulb", "Grown under the forest, sun-dried and packed."),
}
OTHER_PRODUCTS = [
    ("沙棘原浆", "forest", "berries", "68.00", "1.000", 180, False, "45.00", "野生沙棘鲜果压榨的原浆。"),
    ("平贝母", "forest", "herbs", "128.00", "0.250", 720, False, "90.00", "林下种植的平贝母，晒干分装。"),
]


def build_catalogue(xinqing, other_village):
    classes = {}
    for code, name in PRODUCT_CLASSES.items():
        classes[code], _ = ProductClass.objects.get_or_create(
            slug=code, defaults={"name": name, "requires_shipping": True, "track_stock": True})
    root = Category.add_root(name="乡村好物", name_en="Village goods", slug="village-goods")
    categories = {code: root.add_child(name=name, name_en=ENGLISH_NAMES[code], slug=code)
                  for code, name in PRODUCT_CLASSES.items()}

    products = []
    for village, rows in ((xinqing, XINQING_PRODUCTS), (other_village, OTHER_PRODUCTS)):
        partner = Partner.objects.create(name=f"{village.name}电商服务站", village=village)
        for seq, (title, cls, photo, price, kg, days, cold, paid, description) in enumerate(rows):
            product = Product.objects.create(
                title=title, product_class=classes[cls], origin_village=village, description=description,
                title_en=ENGLISH.get(title, ("", ""))[0], description_en=ENGLISH.get(title, ("", ""))[1],
                net_weight_kg=Decimal(kg), shelf_life_days=days, cold_chain=cold, is_public=True)
            ProductCategory.objects.create(product=product, category=categories[cls])
            StockRecord.objects.create(product=product, partner=partner, partner_sku=f"{village.code}-{seq + 1:02d}",
                                       price_currency="CNY", price=Decimal(price), num_in_stock=0)
            image = ProductImage(product=product, display_order=0, caption=title)
            image.original.save(f"{photo}.jpg", ContentFile(draw_jpeg(photo, seed=seq)), save=True)
            products.append((product, Decimal(paid)))
    return products


def build_transport(villages, xinqing):
    """A station in every village, one bus line per town ending at the county postal hub."""
    hub = Station.objects.create(name="林口县邮政分拣中心", is_hub=True)
    # 0453 is Mudanjiang's area code; the demo county's numbers are made up.
    stations = Station.objects.bulk_create([Station(name=f"{v.town.name}{v.name}邮政站", village=v,
                                                    service_phone=f"0453-55{i:05d}")
                                            for i, v in enumerate(villages, start=1)])
    by_town = {}
    for station, village in zip(stations, villages):
        by_town.setdefault(village.town, []).append(station)
    for town, town_stations in by_town.items():
        daily = xinqing.town_id == town.pk
        # The cool box takes live crabs and chilled poultry; the rest of the hold takes the rest.
        line = BusLine.objects.create(name=f"{town.name}—县城客运线", capacity_kg=Decimal("300" if daily else "200"),
                                      cooler_capacity_kg=Decimal("80" if daily else "40"))
        stops = [Stop(line=line, station=s, position=i + 1, minutes_from_start=i * 12)
                 for i, s in enumerate(town_stations)]
        stops.append(Stop(line=line, station=hub, position=len(town_stations) + 1,
                          minutes_from_start=len(town_stations) * 12 + 40))
        Stop.objects.bulk_create(stops)
        days = range(7) if daily else (0, 2, 4)
        Departure.objects.bulk_create([Departure(line=line, weekday=d, time=datetime.time(7, 30)) for d in days])
    return hub


DEMO_PASSWORDS = {
    "buyer": "linkou-buyer-2026",
    "coordinator": "linkou-coordinator-2026",
    "cadre": "linkou-cadre-2026",
    "hub": "linkou-hub-2026",
    "admin": "linkou-admin-2026",
    "editor": "linkou-editor-2026",
    "secretary": "linkou-secretary-2026",
    "town": "linkou-town-2026",
    "county": "linkou-county-2026",
}


def demo_email(role):
    return f"{role}@demo.linkou.invalid"


def build_accounts(xinqing, first_cadre):
    User = get_user_model()
    dashboard_access = Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")

    buyer = User.objects.create_user("buyer", demo_email("buyer"), DEMO_PASSWORDS["buyer"],
                                     first_name="晓雨", last_name="陈")

    coordinator = User.objects.create_user("coordinator", demo_email("coordinator"), DEMO_PASSWORDS["coordinator"],
                                           first_name="春梅", last_name="邵")
    coordinator.user_permissions.add(dashboard_access)
    xinqing.sales_point.users.add(coordinator)

    # The demo cadre is the first cadre of 新青村's branch, paired to households there.
    cadre = first_cadre.user
    cadre.username, cadre.email = "cadre", demo_email("cadre")
    cadre.set_password(DEMO_PASSWORDS["cadre"])
    cadre.save()

    hub_clerks, _ = Group.objects.get_or_create(name="Hub clerks")
    hub_clerks.permissions.add(dashboard_access, *Permission.objects.filter(
        content_type__app_label="logistics", codename__in=["change_pickuprun", "change_consignment",
                                                           "view_pickuprun", "view_consignment"]))
    clerk = User.objects.create_user("hub", demo_email("hub"), DEMO_PASSWORDS["hub"], first_name="建国", last_name="孟")
    clerk.groups.add(hub_clerks)

    admin = User.objects.create_superuser("admin", demo_email("admin"), DEMO_PASSWORDS["admin"])
    editor = User.objects.create_user("editor", demo_email("editor"), DEMO_PASSWORDS["editor"],
                                      first_name="文", last_name="宋")
    editor.groups.add(editors_group())
    return buyer, coordinator, cadre, clerk, admin


def build_leader_accounts(xinqing, secretary_cadre):
    """新青村's branch secretary (a cadre of that branch), 青山镇's leader and a county leader."""
    User = get_user_model()
    secretary = secretary_cadre.user
    secretary.username, secretary.email = "secretary", demo_email("secretary")
    secretary.set_password(DEMO_PASSWORDS["secretary"])
    secretary.save()
    secretary_cadre.is_secretary = True
    secretary_cadre.save(update_fields=["is_secretary"])
    town = User.objects.create_user("town", demo_email("town"), DEMO_PASSWORDS["town"],
                                    first_name="立新", last_name="白")
    Official.objects.create(user=town, town=xinqing.town)
    county = User.objects.create_user("county", demo_email("county"), DEMO_PASSWORDS["county"],
                                      first_name="振华", last_name="周")
    Official.objects.create(user=county, town=None)
    return secretary, town, county
