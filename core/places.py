"""Place names in the reader's language.

Places are registered in Chinese (新青村, 青山镇, 黑龙江省). On an English page a province-level
division takes its official English name (Heilongjiang, Inner Mongolia, Guangxi Zhuang Autonomous
Region), and any other place its name in pinyin followed by its kind: 新青村 → Xinqing Village,
青山镇 → Qingshan Town, 林口县 → Linkou County. Chinese pages show the registered name unchanged.
"""

from django.utils.translation import get_language
from pypinyin import lazy_pinyin

PROVINCES = {
    "北京市": "Beijing", "天津市": "Tianjin", "河北省": "Hebei", "山西省": "Shanxi",
    "内蒙古自治区": "Inner Mongolia", "辽宁省": "Liaoning", "吉林省": "Jilin", "黑龙江省": "Heilongjiang",
    "上海市": "Shanghai", "江苏省": "Jiangsu", "浙江省": "Zhejiang", "安徽省": "Anhui", "福建省": "Fujian",
    "江西省": "Jiangxi", "山东省": "Shandong", "河南省": "Henan", "湖北省": "Hubei", "湖南省": "Hunan",
    "广东省": "Guangdong", "广西壮族自治区": "Guangxi Zhuang Autonomous Region", "海南省": "Hainan",
    "重庆市": "Chongqing", "四川省": "Sichuan", "贵州省": "Guizhou", "云南省": "Yunnan", "西藏自治区": "Xizang",
    "陕西省": "Shaanxi", "甘肃省": "Gansu", "青海省": "Qinghai", "宁夏回族自治区": "Ningxia Hui Autonomous Region",
    "新疆维吾尔自治区": "Xinjiang Uygur Autonomous Region", "台湾省": "Taiwan",
    "香港特别行政区": "Hong Kong", "澳门特别行政区": "Macao",
}
# The kind a name ends with, longest first.
KINDS = (("自治县", "Autonomous County"), ("街道", "Subdistrict"), ("村", "Village"), ("屯", "Hamlet"),
         ("镇", "Town"), ("乡", "Township"), ("县", "County"), ("区", "District"), ("市", "City"), ("省", "Province"))


def in_english(name: str) -> str:
    """The English name of a place registered in Chinese (see the module's docstring)."""
    name = (name or "").strip()
    if not name or not any("\u4e00" <= ch <= "\u9fff" for ch in name):
        return name
    if name in PROVINCES:
        return PROVINCES[name]
    for suffix, kind in KINDS:
        if name.endswith(suffix) and len(name) > len(suffix):
            return f"{_pinyin(name[:-len(suffix)])} {kind}"
    return _pinyin(name)


def _pinyin(text: str) -> str:
    return "".join(lazy_pinyin(text)).capitalize()


def localised(name: str) -> str:
    """The place's name in the active language."""
    return in_english(name) if (get_language() or "").startswith("en") else name


__all__ = ["in_english", "localised"]
