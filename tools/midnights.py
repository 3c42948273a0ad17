"""The moments `make test-midnights` runs the date-sensitive tests at: 30 seconds before and after
Shanghai's midnight at the end of this month and at the end of this year (printed one a line)."""

import datetime
import zoneinfo

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def midnights(today: datetime.date) -> list[datetime.datetime]:
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    next_year = datetime.date(today.year + 1, 1, 1)
    moments = []
    for day in sorted({next_month, next_year}):
        midnight = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=SHANGHAI)
        moments += [midnight - datetime.timedelta(seconds=30), midnight + datetime.timedelta(seconds=30)]
    return moments


if __name__ == "__main__":
    for moment in midnights(datetime.datetime.now(SHANGHAI).date()):
        print(moment.isoformat())
