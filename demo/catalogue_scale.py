"""A catalogue the size of a county's online shop at full stretch: N public products over the
county's villages, for the benchmarks (`make bench-compare`, `manage.py load_catalogue_scale`).

Each village offers the article's goods in a few varieties and pack sizes, priced as the demo's,
with stock, a category and a photo. Photos are shared: every good of a kind points at the demo's
photo of that kind and its thumbnails, as a shop with a house style of product shots would.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from oscar.core.loading import get_model

from catalog.searching import index_new_products
from catalog.thumbnails import make_thumbnails
from demo.photos import draw_jpeg
from households.models import Village

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

BATCH = 1000
# (kind, class slug, photo, English, price per pack of `kg`, kg, shelf days, cold, varieties)
KINDS = [
    ("笨鸡", "poultry", "chicken", "free-range chicken", "168", "1.5", 5, True, ["散养", "林下", "农家", "小"]),
    ("大鹅", "poultry", "goose", "farm goose", "288", "3.5", 5, True, ["农家", "河边放养", "笨"]),
    ("蜂蜜", "honey", "honey", "honey", "98", "1.0", 720, False, ["椴树", "百花", "椴树雪", "山花"]),
    ("河蟹", "aquatic", "crab", "river crab", "158", "1.0", 3, True, ["稻田", "活", "鲜"]),
    ("杂粮", "grains", "grains", "coarse grains", "78", "2.5", 365, False, ["礼盒", "小米", "黄豆", "高粱米"]),
    ("蔬菜箱", "vegetables", "vegetables", "vegetable box", "58", "3.0", 5, False, ["时令", "庭院", "有机"]),
    ("山货", "forest", "herbs", "forest goods", "88", "0.5", 720, False, ["黑木耳", "榛蘑", "平贝母", "北苍术"]),
    ("沙棘原浆", "forest", "berries", "sea buckthorn juice", "68", "1.0", 180, False, ["野生", "鲜榨"]),
]
PACKS = [("", Decimal("1")), ("两份装", Decimal("2")), ("家庭装", Decimal("4"))]


def _photos(classes) -> dict[str, ProductImage]:
    """One photo per kind, with its thumbnails made: the demo's where it has one, else drawn."""
    photos = {}
    for kind, cls, photo, *_rest in KINDS:
        image = (ProductImage.objects.filter(product__product_class__slug=cls, original__contains=photo)
                 .exclude(thumbnails={}).first())
        if image is None:
            holder = Product.objects.filter(product_class=classes[cls]).order_by("pk").first()
            if holder is None:
                continue
            image = ProductImage(product=holder, display_order=9, caption=kind)
            image.original.save(f"{photo}.jpg", ContentFile(draw_jpeg(photo, seed=7)), save=True)
            make_thumbnails(image.pk)
            image.refresh_from_db()
        photos[kind] = image
    return photos


def titles():
    """Every (kind row, variety, pack), the kinds interleaved so that any prefix mixes them."""
    for pack in PACKS:
        for depth in range(max(len(row[-1]) for row in KINDS)):
            for row in KINDS:
                if depth < len(row[-1]):
                    yield row, row[-1][depth], pack


@transaction.atomic
def grow_catalogue(*, products: int, seed: int = 2026, log=print) -> int:
    """Add public products until there are `products`; returns how many were added."""
    rng = random.Random(seed)
    need = products - Product.objects.browsable().count()
    if need <= 0:
        return 0
    villages = list(Village.objects.select_related("town").order_by("code"))
    if not villages:
        raise ValueError("No villages: load the demo county first (manage.py load_demo).")
    partners = {p.village_id: p for p in Partner.objects.filter(village__isnull=False)}
    missing = [v for v in villages if v.pk not in partners]
    for partner in Partner.objects.bulk_create([Partner(name=f"{v.name}电商服务站", code=f"sales-point-{v.code}",
                                                        village=v) for v in missing]):
        partners[partner.village_id] = partner
    classes = {c.slug: c for c in ProductClass.objects.all()}
    categories = {c.slug: c for c in Category.objects.filter(slug__in=classes)}
    photos = _photos(classes)
    taken = set(Product.objects.values_list("title", flat=True))

    made, stock, links, images = [], [], [], []
    choices = [(village, choice) for choice in titles() for village in villages]
    for village, (row, variety, (pack, times)) in choices:
        if len(made) == need:
            break
        kind, cls, _photo, english, price, kg, days, cold, _varieties = row
        title = f"{village.name}{variety}{kind}{pack}"
        if title in taken or cls not in classes:
            continue
        taken.add(title)
        product = Product(
            title=title, slug=slugify(f"{village.code}-{len(made)}-{variety}{kind}", allow_unicode=True)[:128],
            structure=Product.STANDALONE, product_class=classes[cls], origin_village=village, is_public=True,
            title_en=f"{english.capitalize()} from {village.name}",
            description=f"{village.town.name}{village.name}农户送到村站的{variety}{kind}，{kg} 公斤一份。",
            net_weight_kg=Decimal(kg) * times, shelf_life_days=days, cold_chain=cold)
        made.append(product)
        pack_price = (Decimal(price) * times * Decimal(rng.choice(("0.9", "0.95", "1", "1.05")))).quantize(
            Decimal("1"))
        stock.append(StockRecord(product=product, partner=partners[village.pk], partner_sku=f"scale-{product.slug}",
                                 price_currency="CNY", price=pack_price, num_in_stock=rng.randint(5, 60),
                                 num_allocated=0))
        if cls in categories:
            links.append(ProductCategory(product=product, category=categories[cls]))
        if kind in photos:
            photo = photos[kind]
            images.append(ProductImage(product=product, original=photo.original.name, caption=title,
                                       display_order=0, thumbnails=photo.thumbnails))
    Product.objects.bulk_create(made, batch_size=BATCH)
    StockRecord.objects.bulk_create(stock, batch_size=BATCH)
    ProductCategory.objects.bulk_create(links, batch_size=BATCH)
    ProductImage.objects.bulk_create(images, batch_size=BATCH)
    index_new_products(made)
    log(f"catalogue: {len(made)} products added, {Product.objects.browsable().count()} in all")
    return len(made)
