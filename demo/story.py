"""Demo content: the home page, 新青村's story, two producer profiles, a notice and a news item."""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale

from cms.models import NewsPage, PolicyNoticePage, ProducerProfilePage, VillageStoryPage
from cms.permissions import let_coordinator_edit, moderation_workflow
from cms.site import install_site
from demo.photos import draw_jpeg

STORY = """
<p>新青村在林口县的大山深处，离县城七十多公里。村里的贫困户养笨鸡、大鹅和蜜蜂，在稻田里养河蟹，
在房前屋后种蔬菜和杂粮，可东西好卖不出去：快递不进村，村民也不敢相信网上能卖货。</p>
<p>扶贫党支部和县里想出了“交邮合作”的办法：跑乡村线路的客车顺路捎带邮件，把村邮政站的包裹送到县邮政分拣中心，
再由邮政快递发往全国。支部的帮扶干部挨家挨户讲电商，帮贫困户拍照、上架、打包。</p>
<p>5 个月里，新青村的笨鸡、大鹅、蜂蜜、蔬菜、河蟹和杂粮通过淘宝网、邮乐网、微店和微信群卖出了 22 万元。
于某原来“等靠要”，如今是全镇的脱贫示范户。你在这里买下的每一件村货，货款都会记进供货农户的收入账。</p>
"""

PROFILES = [
    ("于某家的林下笨鸡", "chicken",
     "于某家在村东头的林子里散养笨鸡。过去他觉得“等靠要”也能过日子，帮扶干部一次次上门，"
     "帮他搭鸡舍、联系防疫。如今他家的笨鸡坐着客车走出大山，他也成了全镇的脱贫示范户。"),
    ("包某家的椴树蜜", "honey",
     "包某家养了二十多箱蜜蜂，七月椴树开花时最忙。以前蜂蜜只能等收购商上门压价，"
     "现在装进玻璃瓶、贴上村里的标签，在网上卖出了好价钱。"),
]


STORY_EN = """
<p>Xinqing lies deep in the hills of Linkou County, more than seventy kilometres from the county town. Its poor
households keep free-range chickens, geese and bees, raise river crabs in the rice paddies and grow vegetables
and coarse grains around their houses, but they had no way to ship them: couriers did not come to the village.</p>
<p>The party branch and the county found a way: the buses on the rural lines carry the village post station's
parcels to the county postal hub, and China Post delivers them across the country. In five months the village
sold 220,000 yuan of goods online. Every jar you buy here is booked to the household that supplied it.</p>
"""


def translate(page, **fields):
    """The English version an editor adds with Wagtail's "Translate"."""
    english = Locale.objects.get(language_code="en")
    translation = page.copy_for_translation(english, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def photo(title, kind, seed=0, shows_people=False, description=""):
    Image = get_image_model()
    image = Image(title=title, description=description, shows_people=shows_people,
                  file=ImageFile(io.BytesIO(draw_jpeg(kind, seed=seed)), name=f"{kind}.jpg"))
    image.save()
    return image


def build_stories(xinqing, products, coordinator):
    home, index = install_site(home_title="林口乡村优品", stories_title="村庄故事",
                               stories_intro="<p>林口县的村庄，和村货背后的人家。</p>", site_name="林口乡村优品")
    story = index.add_child(instance=VillageStoryPage(
        title="新青村：客车捎来的电商路", slug="xinqing", village=xinqing,
        photo=photo("新青村的村口和县城客车", "village"),
        location="林口县东北，距县城七十多公里，青山镇客运线每天一班",
        summary="交邮合作让大山里的笨鸡、大鹅和蜂蜜走出了村。", body=STORY.strip(),
        gallery=[("photo", {"image": {"image": photo("村里的蜂箱", "honey", seed=3), "alt_text": "蜂箱",
                                      "decorative": False}, "caption": "椴树开花时的蜂箱"}),
                 ("photo", {"image": {"image": photo("稻田河蟹", "crab", seed=4), "alt_text": "河蟹",
                                      "decorative": False}, "caption": "稻田里养的河蟹"})]))
    story.save_revision().publish()
    translate(story, title="Xinqing: e-commerce by county bus",
              summary="How the bus-and-post cooperation brought the village's chicken, goose and honey to the city.",
              body=STORY_EN.strip())

    households = {h.head_name[0]: h for h in xinqing.households.order_by("registry_number")[:2]}
    for (title, kind, text), surname in zip(PROFILES, "于包"):
        household = households[surname]
        household.publicity_consent_on = datetime.date(2026, 3, 1)
        household.save(update_fields=["publicity_consent_on"])
        profile = story.add_child(instance=ProducerProfilePage(
            title=title, slug=f"producer-{kind}", household=household,
            photo=photo(title, kind, seed=7, shows_people=False),
            body=[("text", f"<p>{text}</p>")]))
        profile.save_revision().publish()

    today = timezone.localdate()
    notice = index.add_child(instance=PolicyNoticePage(
        title="防止返贫动态监测和帮扶政策问答", slug="monitoring-policy", date=today - datetime.timedelta(days=20),
        body=[("text", "<p>脱贫户和边缘易致贫户，因病、因灾、因意外事故等导致收入骤减或支出骤增的，"
                       "可以向村党支部或帮扶干部申报，经核实后纳入监测，落实帮扶措施。</p>"
                       "<p>帮扶干部每月入户走访一次，村党支部每月向镇党委报告一次工作进展。</p>")]))
    notice.save_revision().publish()
    news = index.add_child(instance=NewsPage(
        title="青山镇客运线开通每日邮件捎带", slug="daily-parcel-run", date=today - datetime.timedelta(days=5),
        body=[("text", "<p>县交通运输局与县邮政分公司合作，青山镇—县城客运线从本月起每天早上七点半"
                       "顺路捎带各村邮政站的包裹，当天到达县邮政分拣中心。</p>")]))
    news.save_revision().publish()

    featured = [str(p.pk) for p, _paid in products[:4]]
    home.body = [
        ("featured_villages", {"heading": "走进村庄", "stories": [story]}),
        ("featured_products", {"heading": "新青村好货", "products": [{"product": pk, "note": ""} for pk in featured]}),
        ("latest_stories", {"heading": "最新故事与通知", "count": 4}),
    ]
    home.save_revision().publish()

    moderation_workflow()
    let_coordinator_edit(story, coordinator)
    return story
