import io

from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from cms.models import VillageStoryPage
from cms.site import install_stories_index
from shop.demo.photos import draw_jpeg

STORY = """
<p>新青村在林口县的大山深处，离县城七十多公里。村里的贫困户养笨鸡、大鹅和蜜蜂，在稻田里养河蟹，
在房前屋后种蔬菜和杂粮，可东西好卖不出去：快递不进村，村民也不敢相信网上能卖货。</p>
<p>扶贫党支部和县里想出了“交邮合作”的办法：跑乡村线路的客车顺路捎带邮件，把村邮政站的包裹送到县邮政分拣中心，
再由邮政快递发往全国。支部的帮扶干部挨家挨户讲电商，帮贫困户拍照、上架、打包。</p>
<p>5 个月里，新青村的笨鸡、大鹅、蜂蜜、蔬菜、河蟹和杂粮通过淘宝网、邮乐网、微店和微信群卖出了 22 万元。
于某原来“等靠要”，如今是全镇的脱贫示范户。你在这里买下的每一件村货，货款都会记进供货农户的收入账。</p>
"""


def build_stories(xinqing):
    index = install_stories_index(title="村庄故事", intro="<p>林口县的村庄，和村货背后的人家。</p>",
                                  site_name="林口乡村优品")
    Image = get_image_model()
    photo = Image(title="新青村的村口和县城客车",
                  file=ImageFile(io.BytesIO(draw_jpeg("village")), name="xinqing.jpg"))
    photo.save()
    story = index.add_child(instance=VillageStoryPage(
        title="新青村：客车捎来的电商路", slug="xinqing", village=xinqing, photo=photo,
        summary="交邮合作让大山里的笨鸡、大鹅和蜂蜜走出了村。", body=STORY.strip()))
    story.save_revision().publish()
    return story
