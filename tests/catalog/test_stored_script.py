"""HTML a coordinator (or staff) types is cleaned before it is stored: Oscar renders it with |safe."""

import importlib

import pytest
from django.apps import apps
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.urls import reverse
from oscar.core.loading import get_model

from tests.helpers import form_fields, log_in

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")
pytestmark = pytest.mark.django_db

PAYLOAD = ('<p>椴树蜂蜜，<strong>自然成熟</strong>，<em>一斤装</em>。</p><ul><li>林下</li></ul>'
           '<script>alert("stored")</script><img src=x onerror=alert(1)>'
           '<p onclick="alert(2)">点我</p><a href="javascript:alert(3)">坏链接</a>'
           '<a href="https://linkou.example/honey">好链接</a><iframe src="https://evil.example/"></iframe>'
           '<!-- <script>alert(4)</script> --><style>body{display:none}</style>')


def description_section(page):
    return page.split('id="product_description"', 1)[1].split("</article>", 1)[0]


def assert_harmless(html):
    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<style", "alert(", "<img"):
        assert bad not in html, bad


def test_a_coordinators_script_in_a_product_description_never_reaches_the_product_page(client, county):
    log_in(client, county.coordinator)
    url = reverse("dashboard:catalogue-product", kwargs={"pk": county.honey.pk})
    data = form_fields(client.get(url).content.decode(), "create_update_product_form")
    data.update({"description": PAYLOAD, "productcategory_set-0-category": str(county.category.pk)})
    response = client.post(url, data)
    assert response.status_code == 302

    section = description_section(client.get(county.honey.get_absolute_url()).content.decode())
    assert_harmless(section)
    # Harmless formatting stays.
    assert "<strong>自然成熟</strong>" in section and "<em>一斤装</em>" in section and "<li>林下</li>" in section
    assert 'href="https://linkou.example/honey"' in section and "坏链接" in section


def test_every_way_of_saving_cleans_the_description(county):
    county.chicken.description = PAYLOAD  # the shell, the admin, a data import
    county.chicken.save()
    county.chicken.refresh_from_db()
    assert_harmless(county.chicken.description)
    assert "<strong>自然成熟</strong>" in county.chicken.description


def test_links_go_to_web_addresses_only(county):
    county.chicken.description = ('<a href="/catalogue/">rel</a><a href="data:text/html,x">data</a>'
                                  '<a href=" JAVASCRIPT:alert(1)">js</a><a href="//evil.example/">nos</a>'
                                  '<a href="http://ok.example/">ok</a>')
    county.chicken.save()
    assert county.chicken.description.count("href=") == 1
    assert 'href="http://ok.example/"' in county.chicken.description
    assert 'rel="noopener noreferrer nofollow"' in county.chicken.description


def test_category_descriptions_are_cleaned_and_the_category_page_is_harmless(client, county):
    county.category.description = PAYLOAD
    county.category.long_description = PAYLOAD
    county.category.save()
    county.category.refresh_from_db()
    assert_harmless(county.category.description)
    assert_harmless(county.category.long_description)
    page = client.get(county.category.get_absolute_url()).content.decode()
    assert "alert(" not in page and "onerror" not in page and "<strong>自然成熟</strong>" in page


def test_rich_text_attributes_are_cleaned(county):
    ProductAttribute = get_model("catalogue", "ProductAttribute")
    ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
    attribute = ProductAttribute.objects.create(product_class=county.honey.product_class, name="产地故事",
                                                code="story", type="richtext")
    value = ProductAttributeValue.objects.create(product=county.honey, attribute=attribute, value_richtext=PAYLOAD)
    value.refresh_from_db()
    assert_harmless(value.value_richtext)
    assert_harmless(str(value.value_as_html))  # Oscar marks it safe


def test_staff_edited_html_elsewhere_is_cleaned_too(county):
    flatpage = FlatPage.objects.create(url="/about/", title="关于", content=PAYLOAD)
    flatpage.sites.add(Site.objects.get_current())
    offer_range = Range.objects.create(name="蜂蜜", description=PAYLOAD)
    WeightBased = get_model("shipping", "WeightBased")
    OrderAndItemCharges = get_model("shipping", "OrderAndItemCharges")
    postal = WeightBased.objects.create(name="冷链快递", description=PAYLOAD)
    flat = OrderAndItemCharges.objects.create(name="同城", description=PAYLOAD)
    offer = ConditionalOffer.objects.create(
        name="满减", description=PAYLOAD, offer_type="Site",
        condition=Condition.objects.create(range=offer_range, type="Count", value=1),
        benefit=Benefit.objects.create(range=offer_range, type="Percentage", value=10))
    for obj, field in ((flatpage, "content"), (offer_range, "description"), (offer, "description"),
                       (postal, "description"), (flat, "description")):
        obj.refresh_from_db()
        assert_harmless(getattr(obj, field))
        assert "<strong>自然成熟</strong>" in getattr(obj, field)


def test_the_migration_cleans_what_was_stored_before(county):
    # Rows written before the rule (update() skips save()).
    Product.objects.filter(pk=county.honey.pk).update(description=PAYLOAD)
    Category.objects.filter(pk=county.category.pk).update(description=PAYLOAD, long_description=PAYLOAD)
    ProductAttribute = get_model("catalogue", "ProductAttribute")
    ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
    attribute = ProductAttribute.objects.create(product_class=county.honey.product_class, name="产地故事",
                                                code="story", type="richtext")
    value = ProductAttributeValue.objects.create(product=county.honey, attribute=attribute, value_richtext="")
    ProductAttributeValue.objects.filter(pk=value.pk).update(value_richtext=PAYLOAD)
    migration = importlib.import_module("catalog.migrations.0036_sanitise_descriptions_and_set_lot_limits")
    migration.forwards(apps, None)
    county.honey.refresh_from_db()
    county.category.refresh_from_db()
    assert_harmless(county.honey.description)
    assert_harmless(county.category.description)
    assert_harmless(county.category.long_description)
    value.refresh_from_db()
    assert_harmless(value.value_richtext)
    assert "<strong>自然成熟</strong>" in county.honey.description
