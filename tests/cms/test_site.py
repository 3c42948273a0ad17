"""Stories woven into the shop: the page tree, live product blocks, consent and privacy, editing rights."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.models import Page

from catalog.supply import record_supply
from cms.models import (
    HomePage,
    NewsPage,
    PolicyNoticePage,
    ProducerProfilePage,
    StoriesIndexPage,
    VillagePhoto,
    VillageStoryPage,
)
from cms.permissions import editors_group, let_coordinator_edit, moderation_workflow
from cms.site import install_site
from tests.factories import make_user
from tests.helpers import log_in

StockRecord = get_model("partner", "StockRecord")
pytestmark = pytest.mark.django_db


@pytest.fixture
def site(county):
    home, index = install_site(home_title="林口乡村优品", stories_title="村庄故事")
    story = index.add_child(instance=VillageStoryPage(title="新青村的故事", slug="xinqing", village=county.xinqing,
                                                      body="<p>交邮合作</p>"))
    neighbour = index.add_child(instance=VillageStoryPage(title="东兴村的故事", slug="dongxing",
                                                          village=county.neighbour, body="<p>林下参</p>"))
    home.body = [("featured_products", {"heading": "好货",
                                        "products": [{"product": str(county.honey.pk), "note": ""}]}),
                 ("featured_villages", {"heading": "村庄", "stories": [story]}),
                 ("latest_stories", {"heading": "最新", "count": 3})]
    home.save_revision().publish()
    return home, index, story, neighbour


def test_the_page_tree(site):
    home, index, story, _neighbour = site
    assert Page.get_first_root_node().get_children().get().specific == home
    assert index.get_parent().specific == home and story.get_parent().specific == index
    assert not VillageStoryPage.can_create_at(home)
    assert ProducerProfilePage.can_create_at(story) and not ProducerProfilePage.can_create_at(index)
    assert PolicyNoticePage.can_create_at(index) and NewsPage.can_create_at(index)
    assert not HomePage.can_create_at(index)
    assert (home.url, index.url, story.url) == ("/", "/stories/", "/stories/xinqing/")


def test_the_shop_front_page_is_the_wagtail_home_with_its_sections(client, site):
    page = client.get("/").content.decode()
    assert "好货" in page and "新青村椴树蜂蜜" in page and "新青村的故事" in page
    assert "购物车" in page and "村庄故事" in page  # the shop's header, basket and navigation


def test_the_product_block_shows_live_price_and_stock_and_adds_to_the_basket(client, county, site):
    page = client.get("/").content.decode()
    assert "¥98.00" in page and reverse("basket:add", kwargs={"pk": county.honey.pk}) not in page  # none in stock
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=4,
                  unit_price="68")
    StockRecord.objects.filter(product=county.honey).update(price=Decimal("88.00"))
    page = client.get("/").content.decode()
    assert "¥88.00" in page and "库存 4 件" in page
    assert reverse("basket:add", kwargs={"pk": county.honey.pk}) in page
    client.post(reverse("basket:add", kwargs={"pk": county.honey.pk}), {"quantity": 1})
    assert "¥88.00" in client.get(reverse("basket:summary")).content.decode()


def test_a_village_page_lists_goods_households_station_and_line(client, county, site):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=2,
                  unit_price="68")
    page = client.get(site[2].url).content.decode()
    assert "新青村椴树蜂蜜" in page and "¥98.00" in page and "于某" in page
    assert "新青村邮政站" in page and county.line.name in page
    assert "于德福" not in page and "东兴村林下参" not in page


def test_search_finds_stories_as_well_as_products(client, county, site):
    page = client.get(reverse("search:search"), {"q": "交邮合作"}).content.decode()
    assert 'id="story-results"' in page and "新青村的故事" in page


def profile(story, household, **extra):
    return story.add_child(instance=ProducerProfilePage(title="于某家的笨鸡", slug="yu", household=household,
                                                        body=[("text", "<p>林下散养</p>")], **extra))


def test_a_producer_profile_needs_the_households_recorded_consent(county, site):
    story = site[2]
    with pytest.raises(ValidationError, match="尚未同意|not consented"):
        profile(story, county.yu)
    county.far.publicity_consent_on = timezone.localdate() - datetime.timedelta(days=30)
    county.far.save()
    with pytest.raises(ValidationError):
        profile(story, county.far)  # a household of another village
    assert not ProducerProfilePage.objects.exists()


def test_a_profile_never_shows_private_fields_and_goes_when_consent_is_withdrawn(client, county, site):
    county.yu.publicity_consent_on = timezone.localdate() - datetime.timedelta(days=30)
    county.yu.save()
    page = profile(site[2], county.yu)
    html = client.get(page.url).content.decode()
    assert "于某" in html and "林下散养" in html
    for private in ("于德福", "231025196501010011", "13900000001", "H-XQ-1"):
        assert private not in html
    county.yu.publicity_consent_on = None
    county.yu.save()
    assert client.get(page.url).status_code == 404


def test_a_coordinator_drafts_their_own_village_story_only_and_an_editor_publishes(county, site):
    _home, _index, story, neighbour = site
    moderation_workflow()
    let_coordinator_edit(story, county.coordinator)
    coordinator = Client()
    coordinator.force_login(county.coordinator)
    edit = reverse("wagtailadmin_pages:edit", args=[story.pk])
    assert coordinator.get(edit).status_code == 200
    assert coordinator.get(reverse("wagtailadmin_pages:edit", args=[neighbour.pk])).status_code in (302, 403)
    assert not story.permissions_for_user(county.coordinator).can_publish()
    assert not neighbour.permissions_for_user(county.coordinator).can_edit()
    assert story.permissions_for_user(county.coordinator).can_submit_for_moderation()
    editor = make_user("editor-song")
    editor.groups.add(editors_group())
    assert story.permissions_for_user(editor).can_publish() and neighbour.permissions_for_user(editor).can_publish()


def test_photos_of_people_need_alt_text(county):
    data = io.BytesIO()
    PILImage.new("RGB", (20, 20), "green").save(data, "JPEG")
    photo = VillagePhoto(title="于某在鸡舍", shows_people=True, file=ImageFile(data, name="p.jpg"))
    with pytest.raises(ValidationError):
        photo.full_clean()
    photo.description = "于某在林下鸡舍喂鸡"
    photo.full_clean()


def test_uploads_are_limited_in_pixels_and_format(settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100
    data = io.BytesIO()
    PILImage.new("RGB", (20, 20), "green").save(data, "JPEG")
    with pytest.raises(ValidationError):
        WagtailImageField().clean(SimpleUploadedFile("big.jpg", data.getvalue(), "image/jpeg"))
    with pytest.raises(ValidationError):
        WagtailImageField().clean(SimpleUploadedFile("x.gif", b"GIF89a", "image/gif"))


def test_the_stories_index_lists_stories_and_notices(client, site):
    index = site[1]
    three_days_ago = timezone.localdate() - datetime.timedelta(days=3)
    index.add_child(instance=NewsPage(title="客运线每日捎带", slug="news-1", date=three_days_ago,
                                      body=[("text", "<p>每天早上七点半</p>")]))
    html = client.get(index.url).content.decode()
    assert "新青村的故事" in html and "客运线每日捎带" in html
    assert StoriesIndexPage.objects.count() == 1


def test_a_submitted_story_goes_live_only_when_an_editor_approves(client, county, site):
    story = site[2]
    workflow = moderation_workflow()
    let_coordinator_edit(story, county.coordinator)
    editor = make_user("editor-li")
    editor.groups.add(editors_group())

    story.body = "<p>新的故事：客车每天来</p>"
    story.save_revision(user=county.coordinator)
    state = workflow.start(story, county.coordinator)
    assert "客车每天来" not in client.get(story.url).content.decode()  # waiting for an editor

    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(story, editor)
    task_state.task.specific.on_action(task_state, editor, "approve")
    assert "客车每天来" in client.get(story.url).content.decode()


def test_an_english_translation_shows_at_the_same_address_for_english_readers(client, site):
    from wagtail.models import Locale

    story = site[2]
    english = Locale.objects.get_or_create(language_code="en")[0]
    translated = story.copy_for_translation(english, copy_parents=True)
    translated.title, translated.body = "Xinqing: e-commerce by county bus", "<p>Buses carry the village's parcels.</p>"
    translated.save_revision().publish()
    assert "交邮合作" in client.get(story.url).content.decode()
    client.cookies["django_language"] = "en"
    html = client.get(story.url).content.decode()
    assert "Buses carry the village" in html and "交邮合作" not in html
    # Lists keep the pages that have addresses, once each.
    assert client.get(site[1].url).content.decode().count(story.url) == 1


def test_featured_products_cost_the_same_queries_however_many(client, county, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    home = site[0]

    def queries_with(products):
        home.body = [("featured_products", {"heading": "好货", "products": [
            {"product": str(p.pk), "note": ""} for p in products]})]
        home.save_revision().publish()
        client.get("/")
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        return len(captured)

    assert queries_with([county.honey]) == queries_with([county.honey, county.chicken, county.ginseng])


def test_an_editor_finds_the_cms_from_the_shops_footer_and_a_buyer_does_not(client, county, stories_index):
    editor = make_user("editor-wang")
    editor.groups.add(editors_group())
    log_in(client, editor)
    page = client.get(reverse("catalogue:index")).content.decode()
    assert 'id="cms_link" href="/cms-admin/"' in page
    log_in(client, county.buyer)
    assert 'id="cms_link"' not in client.get(reverse("catalogue:index")).content.decode()


def test_the_approval_task_is_named_in_chinese_even_on_sites_set_up_in_english(db):
    from wagtail.models import GroupApprovalTask, Workflow

    GroupApprovalTask.objects.create(name="Editors approve")
    Workflow.objects.create(name="Editors approve")
    moderation_workflow()
    moderation_workflow()
    assert list(GroupApprovalTask.objects.filter(name__in=["编辑审核", "Editors approve"])
                .values_list("name", flat=True)) == ["编辑审核"]
    assert list(Workflow.objects.filter(name__in=["编辑审核", "Editors approve"]).values_list("name", flat=True)) == [
        "编辑审核"]
