"""The demo county, shaped like Linkou County in the source article.

11 towns, 176 villages, 618 registered households with 1,204 members, 127 party branches
with 1,355 paired cadres. Every name, ID number and phone number is made up.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from households.models import (
    Cadre,
    Household,
    IncomeEntry,
    IncomeSource,
    Pairing,
    PartyBranch,
    PovertyLine,
    Town,
    Village,
)

COUNTY_CODE = "231025"
TOWNS = ["林口镇", "古城镇", "刁翎镇", "莲花镇", "朱家镇", "柳树镇", "三道通镇", "龙爪镇", "青山镇", "奎山镇", "建堂镇"]
VILLAGE_COUNT, HOUSEHOLDS, MEMBERS, BRANCHES, CADRES = 176, 618, 1204, 127, 1355
XINQING = "新青村"
XINQING_TOWN = "青山镇"
XINQING_HOUSEHOLDS = 12

SURNAMES = list(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅"
    "沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆"
    "郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文包")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华"
             "玉兰萍红鹏辉建国建华志强春梅海燕凤兰淑珍德福长友宝山")
VILLAGE_WORDS = [
    "东兴", "西山", "南岗", "北沟", "太平", "永安", "红旗", "胜利", "团结", "和平",
    "前进", "双河", "三合", "兴隆", "长青", "富民", "新华", "光明", "五星", "解放",
    "保安", "河东", "河西", "北山", "中心", "朝阳", "四道", "榆树", "柳河", "杨木",
    "桦树", "松林", "青松", "龙山", "凤山", "宝山", "金沙", "银河", "东风", "民主",
    "建设", "新民", "新立", "新胜", "新兴", "合心", "合发", "同心", "向阳", "曙光",
    "永丰", "永胜", "丰收", "德胜", "福山", "长山", "石头", "土城", "古城", "新合",
]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def id_number(rng, birth_year):
    birth = datetime.date(birth_year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    body = f"{COUNTY_CODE}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS)) % 11]


def person_name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def split_members(rng, households, members):
    """`households` sizes of at least 1 (at most 6) adding up to exactly `members`."""
    sizes = [1] * households
    for _ in range(members - households):
        while True:
            i = rng.randrange(households)
            if sizes[i] < 6:
                sizes[i] += 1
                break
    return sizes


def build_county(rng, *, today):
    towns = Town.objects.bulk_create([Town(name=name) for name in TOWNS])
    names = [w + "村" for w in VILLAGE_WORDS]
    villages = []
    # 16 villages in each town (176 in all); 新青村 is one of them.
    for t, town in enumerate(towns):
        for v in range(16):
            index = t * 16 + v
            name = XINQING if (town.name == XINQING_TOWN and v == 0) else names[index % len(names)]
            if name != XINQING and index >= len(names):
                name = name[:-1] + ("一二三四五六七八九十"[index // len(names) - 1]) + "村"
            villages.append(Village(town=town, name=name, code=f"{COUNTY_CODE}{t + 1:03d}{v + 1:03d}"))
    villages = Village.objects.bulk_create(villages)
    xinqing = next(v for v in villages if v.name == XINQING)

    # Households live in the 127 villages that have a poverty-alleviation branch.
    branch_villages = [xinqing] + rng.sample([v for v in villages if v != xinqing], BRANCHES - 1)
    branches = PartyBranch.objects.bulk_create([
        PartyBranch(village=v, name=f"{v.town.name}{v.name}扶贫党支部") for v in branch_villages])

    sizes = split_members(rng, HOUSEHOLDS, MEMBERS)
    homes = [xinqing] * XINQING_HOUSEHOLDS + [branch_villages[1 + i % (BRANCHES - 1)]
                                              for i in range(HOUSEHOLDS - XINQING_HOUSEHOLDS)]
    households = []
    for i, (village, size) in enumerate(zip(homes, sizes)):
        status = rng.choices(["lifted", "monitored", "in_poverty"], weights=[80, 15, 5])[0]
        households.append(Household(
            registry_number=f"{village.code}{i + 1:04d}", village=village, members=size, status=status,
            lifted_in_year=rng.choice([2017, 2018, 2019]) if status == "lifted" else None,
            poverty_cause=rng.choice(Household.PovertyCause.values), head_name=person_name(rng),
            head_id_number=id_number(rng, rng.randrange(1940, 1990)),
            head_phone=f"13{rng.randrange(10**9):09d}"))
    households = Household.objects.bulk_create(households)
    # The article's households, by the names it gives them: 于某 and 包某 supply 新青村's goods.
    for household, surname in zip(households[:2], "于包"):
        household.head_name = surname + household.head_name[1:]
        household.save(update_fields=["head_name"])

    users = []
    User = get_user_model()
    unusable = make_password(None)
    for i in range(CADRES):
        name = person_name(rng)
        users.append(User(username=f"cadre{i + 1:04d}", email=f"cadre{i + 1:04d}@demo.linkou.invalid",
                          first_name=name[1:], last_name=name[0], password=unusable))
    users = User.objects.bulk_create(users)
    # Every branch gets at least one cadre, the rest spread evenly.
    cadres = Cadre.objects.bulk_create([Cadre(user=u, branch=branches[i % BRANCHES]) for i, u in enumerate(users)])

    by_village = {}
    for h in households:
        by_village.setdefault(h.village_id, []).append(h)
    pairings = []
    for branch_index, branch in enumerate(branches):
        branch_cadres = cadres[branch_index::BRANCHES]
        for j, household in enumerate(by_village.get(branch.village_id, [])):
            pairings.append(Pairing(cadre=branch_cadres[j % len(branch_cadres)], household=household,
                                    since=datetime.date(2018, 3, 1)))
    Pairing.objects.bulk_create(pairings)

    for year, amount in ((2019, "3218.00"), (2020, "4000.00"), (today.year - 1, "6500.00"), (today.year, "6800.00")):
        PovertyLine.objects.get_or_create(year=year, defaults={"per_person_income": Decimal(amount)})
    return xinqing, villages, households, cadres


def book_other_income(rng, households, *, today):
    """Wages, farming and policy transfers for this month and the eleven before, per household."""
    entries = []
    for h in households:
        base = {IncomeSource.WAGES: rng.randrange(0, 900), IncomeSource.FARMING: rng.randrange(100, 500),
                IncomeSource.TRANSFER: rng.randrange(150, 300)}
        for months_back in range(12):
            y, m = divmod(today.year * 12 + today.month - 1 - months_back, 12)
            # Mid-month, but never after today: the ledger books what has been earned.
            month = datetime.date(y, m + 1, 15 if months_back else min(15, today.day))
            for source, amount in base.items():
                if amount == 0:
                    continue
                entries.append(IncomeEntry(
                    household=h, date=month, source=source,
                    amount=Decimal(amount * h.members).quantize(Decimal("0.01")),
                    reference=f"demo:{h.registry_number}:{source}:{month:%Y-%m}",
                    description=""))
    IncomeEntry.objects.bulk_create(entries, batch_size=2000)
