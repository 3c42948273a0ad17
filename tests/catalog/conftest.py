import pytest
from oscar.core.loading import get_model

from shop.demo.shopfront import ENGLISH, OTHER_PRODUCTS, XINQING_PRODUCTS
from tests.county import make_product

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Partner = get_model("partner", "Partner")


@pytest.fixture
def goods(county):
    """The demo county's goods (titles, English names, descriptions, types) in 新青村 and 东兴村:
    {title: product}."""
    made = {}
    for village, rows in ((county.xinqing, XINQING_PRODUCTS), (county.neighbour, OTHER_PRODUCTS)):
        partner = Partner.objects.get(village=village)
        for title, cls, _photo, price, kg, _days, cold, _paid, description in rows:
            product = Product.objects.filter(title=title).first() or make_product(
                title, village, partner, price=price, kg=kg, cold=cold,
                product_class=ProductClass.objects.get(slug=cls))
            product.description = description
            product.title_en, product.description_en = ENGLISH.get(title, ("", ""))
            product.product_class = ProductClass.objects.get(slug=cls)
            product.save()
            made[title] = product
    return made
