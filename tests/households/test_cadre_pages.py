"""The cadre's phone pages: households by risk with charts, one household's warnings, monitoring
state, ledger and visits; names and numbers only for the paired cadre and the admin."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from households import monitoring
from households.ledger import book_income
from households.models import IncomeSource, IncomeWarning
from households.wording import warning_sentence
from tests.helpers import log_in, messages_of

pytestmark = pytest.mark.django_db


def detail_url(household, **query):
    url = reverse("cadre:household-detail", kwargs={"pk": household.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_cadre_pages_have_their_own_layout_without_the_shop(client, county):
    log_in(client, county.cadre)
    for url in (reverse("cadre:household-list"), detail_url(county.yu)):
        page = client.get(url).content.decode()
        assert "/basket/" not in page and "购物车" not in page
        assert "households/workbench.css" in page
        # Charts are drawn by the site's own copy of ECharts.
        assert '<script src="/static/vendor/echarts/echarts.min.js">' in page
        assert "http://" not in page.replace("http://testserver", "") and "https://" not in page


def test_households_with_open_warnings_come_first(client, county, monitoring_line, today):
    # 包某 (¥2,000 alone) has more per person than 于某 (¥3,000 for two); rich, 于某 has no warning.
    book_income(household=county.yu, date=today, source=IncomeSource.WAGES, amount=Decimal("40000"),
                reference="yu:rich")
    monitoring.recompute(today=today)
    log_in(client, county.cadre)
    page = client.get(reverse("cadre:household-list")).content.decode()
    assert page.index("包长友") < page.index("于德福")
    assert warning_sentence(IncomeWarning.objects.get(household=county.bao)) in page


def test_each_card_has_a_twelve_month_chart_by_source(client, county):
    log_in(client, county.cadre)
    response = client.get(reverse("cadre:household-list"))
    cards = {c["household"].pk: c for c in response.context["cards"]}
    chart = cards[county.yu.pk]["chart"]
    assert chart["xAxis"][0]["data"] == [str(m) for m in range(1, 13)]
    (wages,) = chart["series"]
    assert wages["name"] == str(IncomeSource.WAGES.label) and wages["data"][0] == 3000.0
    assert f'id="chart-{county.yu.pk}" type="application/json"' in response.content.decode()


def test_the_paired_cadre_can_call_the_household(client, county):
    log_in(client, county.cadre)
    assert 'href="tel:13900000001"' in client.get(reverse("cadre:household-list")).content.decode()
    assert 'href="tel:13900000002"' in client.get(detail_url(county.bao)).content.decode()


def test_the_year_picker_offers_the_years_with_income(client, county, today):
    book_income(household=county.yu, date=datetime.date(today.year - 2, 6, 1), source=IncomeSource.WAGES,
                amount=Decimal("100"), reference="yu:old")
    log_in(client, county.cadre)
    page = client.get(reverse("cadre:household-list"), {"year": today.year - 2}).content.decode()
    assert f'<option value="{today.year - 2}" selected>' in page
    assert f'<option value="{today.year}">' in page


def test_the_whole_ledger_is_shown_page_by_page(client, county, today):
    for i in range(60):
        book_income(household=county.yu, date=today.replace(month=1, day=1), source=IncomeSource.FARMING,
                    amount=Decimal("1.00"), reference=f"yu:farm:{i}")
    log_in(client, county.cadre)
    first = client.get(detail_url(county.yu))
    second = client.get(detail_url(county.yu, page=2))
    shown = len(first.context["entries"]) + len(second.context["entries"])
    assert shown == county.yu.income_entries.filter(date__year=today.year).count() == 61


def test_the_cadre_confirms_a_warning_and_sets_the_monitoring_category(client, county, today):
    monitoring.recompute(today=today)
    warning = IncomeWarning.objects.get(household=county.yu)
    log_in(client, county.cadre)
    prefix = f"w{warning.pk}"
    response = client.post(detail_url(county.yu), {
        "action": "review", "warning": warning.pk, f"{prefix}-decision": "confirm", f"{prefix}-category": "marginal",
        f"{prefix}-note": "家中有病人，收入下降"}, follow=True)
    assert "预警已确认。" in messages_of(response)
    warning.refresh_from_db()
    county.yu.refresh_from_db()
    assert warning.state == IncomeWarning.State.CONFIRMED and warning.reviewed_by == county.cadre
    assert county.yu.monitoring_category == "marginal"


def test_dismissing_without_a_note_is_refused_and_changes_nothing(client, county, today):
    monitoring.recompute(today=today)
    warning = IncomeWarning.objects.get(household=county.yu)
    log_in(client, county.cadre)
    prefix = f"w{warning.pk}"
    response = client.post(detail_url(county.yu), {"action": "review", "warning": warning.pk,
                                                   f"{prefix}-decision": "dismiss", f"{prefix}-note": "  "})
    assert response.status_code == 200
    form = dict(response.context["open_warnings"])[warning]
    assert "note" in form.errors
    warning.refresh_from_db()
    assert warning.is_open


def test_a_warning_of_another_household_cannot_be_decided(client, county, today):
    monitoring.recompute(today=today)
    theirs = IncomeWarning.objects.get(household=county.far)
    log_in(client, county.cadre)
    prefix = f"w{theirs.pk}"
    response = client.post(detail_url(county.yu), {"action": "review", "warning": theirs.pk,
                                                   f"{prefix}-decision": "dismiss", f"{prefix}-note": "x"})
    assert response.status_code == 404
    assert client.post(detail_url(county.far), {"action": "review", "warning": theirs.pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_open


def monitor(client, household, category, reason):
    return client.post(detail_url(household), {"action": "monitoring", "monitoring-category": category,
                                               "monitoring-reason": reason})


def test_the_monitoring_state_changes_with_a_reason_and_is_kept(client, county):
    log_in(client, county.cadre)
    response = monitor(client, county.bao, "hardship", "  ")
    assert response.status_code == 200 and "reason" in response.context["monitoring_form"].errors
    county.bao.refresh_from_db()
    assert county.bao.monitoring_category == "" and not county.bao.monitoring_changes.exists()
    monitor(client, county.bao, "hardship", "房屋失火")
    county.bao.refresh_from_db()
    assert county.bao.monitoring_category == "hardship" and county.bao.monitoring_reason == "房屋失火"
    # Taking the household out needs a reason too, and both changes are kept.
    assert "reason" in monitor(client, county.bao, "", "").context["monitoring_form"].errors
    monitor(client, county.bao, "", "已获临时救助，收入恢复")
    county.bao.refresh_from_db()
    assert county.bao.monitoring_category == "" and county.bao.monitoring_set_by is None
    changes = list(county.bao.monitoring_changes.order_by("pk").values_list("category", "reason", "changed_by"))
    assert changes == [("hardship", "房屋失火", county.cadre.pk), ("", "已获临时救助，收入恢复", county.cadre.pk)]
    assert "已获临时救助，收入恢复" in client.get(detail_url(county.bao)).content.decode()


def test_a_post_without_its_action_changes_nothing_and_says_so(client, county):
    monitoring.set_category(household=county.bao, category="marginal", reason="独居老人", by=county.cadre)
    log_in(client, county.cadre)
    response = client.post(detail_url(county.bao), {}, follow=True)
    assert "没有做任何修改：无法识别提交的表单，请重试。" in messages_of(response)
    county.bao.refresh_from_db()
    assert county.bao.monitoring_category == "marginal"


def test_deciding_a_warning_that_is_no_longer_open_changes_nothing_and_says_so(client, county, today):
    monitoring.recompute(today=today)
    warning = IncomeWarning.objects.get(household=county.yu)
    monitoring.review_warning(warning=warning, by=county.cadre, confirm=False, note="已核实")
    log_in(client, county.cadre)
    prefix = f"w{warning.pk}"
    response = client.post(detail_url(county.yu), {"action": "review", "warning": warning.pk,
                                                   f"{prefix}-decision": "confirm", f"{prefix}-note": "x"},
                           follow=True)
    assert response.status_code == 200
    assert "这条预警已经处理过或已自动解除，没有做任何修改。" in messages_of(response)
    warning.refresh_from_db()
    assert warning.state == IncomeWarning.State.DISMISSED and warning.review_note == "已核实"


def test_a_dismissal_cannot_put_the_household_under_monitoring(client, county, today):
    monitoring.recompute(today=today)
    warning = IncomeWarning.objects.get(household=county.yu)
    log_in(client, county.cadre)
    prefix = f"w{warning.pk}"
    response = client.post(detail_url(county.yu), {"action": "review", "warning": warning.pk,
                                                   f"{prefix}-decision": "dismiss", f"{prefix}-category": "unstable",
                                                   f"{prefix}-note": "没问题"})
    assert "category" in dict(response.context["open_warnings"])[warning].errors
    warning.refresh_from_db()
    county.yu.refresh_from_db()
    assert warning.is_open and county.yu.monitoring_category == ""


def test_the_admin_starts_on_the_county_page_and_opens_any_household(client, county, leaders):
    log_in(client, leaders.admin)
    response = client.get(reverse("cadre:household-list"))
    assert response.status_code == 302 and response.url == reverse("county:overview")
    page = client.get(detail_url(county.far)).content.decode()
    assert "白秀英" in page and "2310**********0033" in page  # the ID masked until tapped (test_id_reveal)


def test_leaders_who_are_not_paired_get_404_on_the_household_page(client, county, leaders):
    for user in (leaders.secretary, leaders.town, leaders.county, county.coordinator, county.buyer):
        client.logout()
        log_in(client, user)
        assert client.get(detail_url(county.yu)).status_code == 404
    assert client.get(reverse("cadre:household-list")).status_code == 403
