"""Charts for the cadres' and leaders' pages: ECharts options built with pyecharts.

The options go into the page as JSON (``json_script``) and the site's own copy of ECharts draws
them (``static/vendor/echarts``); nothing is loaded from another host.
"""

import json
import math
from decimal import Decimal
from typing import Any

from pyecharts import options as opts
from pyecharts.charts import Bar

from households.models import IncomeSource

# One colour per income source, the same on every chart.
SOURCE_COLOURS: dict[str, str] = {
    IncomeSource.ECOMMERCE: "#c0392b", IncomeSource.FARMING: "#27ae60", IncomeSource.WAGES: "#2980b9",
    IncomeSource.BUSINESS: "#8e44ad", IncomeSource.PROPERTY: "#7f8c8d", IncomeSource.TRANSFER: "#f39c12",
}
PALETTE = ["#c0392b", "#2980b9", "#27ae60", "#f39c12", "#8e44ad", "#16a085", "#d35400", "#2c3e50",
           "#7f8c8d", "#e84393", "#00b894"]


def _options(chart: Bar) -> dict[str, Any]:
    return json.loads(chart.dump_options())


def _number(value: Any) -> float:
    return float(Decimal(value or 0).quantize(Decimal("0.01")))


def _stacked_bar(labels: list[str], series: list[tuple[str, list[Any], str | None]]) -> dict[str, Any]:
    chart = Bar(init_opts=opts.InitOpts(animation_opts=opts.AnimationOpts(animation=False)))
    chart.add_xaxis(labels)
    for name, values, colour in series:
        chart.add_yaxis(name, [_number(v) for v in values], stack="total", color=colour,
                        label_opts=opts.LabelOpts(is_show=False))
    chart.set_global_opts(
        legend_opts=opts.LegendOpts(pos_bottom=0, item_width=14, item_gap=8),
        tooltip_opts=opts.TooltipOpts(trigger="axis"),
        yaxis_opts=opts.AxisOpts(name="¥"),
    )
    options = _options(chart)
    # Room below the month numbers for a legend that wraps onto more rows on a phone: at 360–390 px
    # two or three names of income sources fit a row, so room for two a row.
    options["grid"] = {"left": 48, "right": 8, "top": 28, "bottom": 40 + 22 * math.ceil(max(len(series), 1) / 2)}
    return options


def income_by_source_chart(months: dict[int, dict[str, Decimal]]) -> dict[str, Any]:
    """A year's income, month by month (1–12), stacked by source."""
    series: list[tuple[str, list[Any], str | None]] = []
    for source, label in IncomeSource.choices:
        values = [months.get(m, {}).get(source, 0) for m in range(1, 13)]
        if any(values):
            series.append((str(label), values, SOURCE_COLOURS[source]))
    return _stacked_bar([str(m) for m in range(1, 13)], series)


def sales_by_month_chart(labels: list[str], rows: list[tuple[str, dict[str, Decimal]]]) -> dict[str, Any]:
    """E-commerce income per month (x-axis `labels`), one stacked series per (name, {label: amount})."""
    series: list[tuple[str, list[Any], str | None]] = [
        (name, [by_month.get(label, 0) for label in labels], PALETTE[i % len(PALETTE)])
        for i, (name, by_month) in enumerate(rows)]
    return _stacked_bar(labels, series)
