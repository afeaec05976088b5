"""Dates as every page shows them: "11 Oct 2024" in the interface's language (template filter: ui's `|day`)."""

import datetime

from django.utils import translation
from django.utils.translation import pgettext, pgettext_lazy

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

# The months as a date in a list shows them: short, in the interface's language ("Oct", "окт.", "اکتبر").
MONTHS = [
    pgettext_lazy("abbreviated month", "Jan"),
    pgettext_lazy("abbreviated month", "Feb"),
    pgettext_lazy("abbreviated month", "Mar"),
    pgettext_lazy("abbreviated month", "Apr"),
    pgettext_lazy("abbreviated month", "May"),
    pgettext_lazy("abbreviated month", "Jun"),
    pgettext_lazy("abbreviated month", "Jul"),
    pgettext_lazy("abbreviated month", "Aug"),
    pgettext_lazy("abbreviated month", "Sep"),
    pgettext_lazy("abbreviated month", "Oct"),
    pgettext_lazy("abbreviated month", "Nov"),
    pgettext_lazy("abbreviated month", "Dec"),
]


def _digits(text: str) -> str:
    return text.translate(_PERSIAN_DIGITS) if translation.get_language() == "fa" else text


def day_text(value: datetime.date, with_time: bool = False) -> str:
    """ "11 Oct 2024" (or "11 Oct 2024, 14:05"), in the interface's language: the month named, never 11/10/2024,
    which half the world reads as 10 November. A datetime should already be in the time zone to show."""
    text = pgettext("a date: day, abbreviated month, year", "%(day)s %(month)s %(year)s") % {
        "day": _digits(str(value.day)),
        "month": MONTHS[value.month - 1],
        "year": _digits(str(value.year)),
    }
    if with_time and isinstance(value, datetime.datetime):
        time = _digits(f"{value.hour:02}:{value.minute:02}")
        text = pgettext("a date with the time of day", "%(date)s, %(time)s") % {"date": text, "time": time}
    return text


def iso_day_text(value: str) -> str:
    """A date recorded as ISO text (a history row's "2024-10-11") as pages show dates; other text unchanged."""
    try:
        return day_text(datetime.date.fromisoformat(value))
    except (TypeError, ValueError):
        return value
