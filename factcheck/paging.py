"""Bounded lists for the HTML pages: every page shows at most `per_page` rows and never counts past a cap.

Two kinds, one result shape (`Pager`) for the templates' `_pager.html`:
- `paginate(request, queryset)`: numbered pages for lists a user sorts; the total is counted up to
  `COUNT_CAP` (shown as "10,000+"), so counting 100,000 rows costs what counting 10,001 does, and page links go
  as far as the counted rows.
- `keyset(request, queryset, field=...)`: "next" and "first" links for lists with one fixed order (oldest
  first, newest first), where the next page starts after the last row shown (`?after=...`) instead of
  skipping rows, so page 2,000 costs what page 1 costs.
"""

import base64
from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property

PER_PAGE = 50
COUNT_CAP = 1_000  # 20 pages of 50: past that a reader narrows the filter rather than pages on


@dataclass
class Pager:
    rows: list
    count: int
    capped: bool  # more rows than `count` exist
    links: list[tuple[int | None, str | None, bool]] = field(default_factory=list)  # (number, url, current); None = gap
    previous_url: str | None = None
    next_url: str | None = None
    first_url: str | None = None
    number: int = 1

    @property
    def shown(self) -> bool:
        return bool(self.previous_url or self.next_url or self.first_url)


def _url(request, path: str | None = None, **changes) -> str:
    """The list's address with `changes` to its query; relative ("?page=2") unless `path` is given, as for a panel
    that htmx loads into another page, whose links must name the panel's own address."""
    query = request.GET.copy()
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    encoded = query.urlencode()
    if path is not None:
        return f"{path}?{encoded}" if encoded else path
    return f"?{encoded}" if encoded else request.path


def capped_count(queryset, cap: int) -> int:
    """Rows up to cap + 1, counted without the list's order and annotations (a sort would read them all)."""
    if not isinstance(queryset, QuerySet):
        return len(queryset)
    return queryset.order_by().values("pk")[: cap + 1].count()


class _Page(Page):
    """Iterates its rows as a list: Django's Page goes through __getitem__ once per row (DRF's paginator lists
    every page it serves that way)."""

    def __iter__(self):
        if not isinstance(self.object_list, list):
            self.object_list = list(self.object_list)
        return iter(self.object_list)


class CappedPaginator(Paginator):
    """Django's paginator with a count that stops at `cap` rows. Pages past the cap stay reachable (they may be
    empty), so a client that walks page after page still gets every row."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        counted = capped_count(self.object_list, self.cap)
        self.capped = counted > self.cap
        return min(counted, self.cap)

    def validate_number(self, number):
        if self.count and getattr(self, "capped", False):
            try:
                number = int(number)
            except (TypeError, ValueError):
                raise PageNotAnInteger("That page number is not an integer") from None
            if number < 1:
                raise EmptyPage("That page number is less than 1")
            return number
        return super().validate_number(number)

    def _get_page(self, *args, **kwargs):
        return _Page(*args, **kwargs)

    def page(self, number):
        page = super().page(number)
        if getattr(self, "capped", False):
            # Beyond the counted rows there is a next page as long as this one is full.
            start = (page.number - 1) * self.per_page
            rows = list(self.object_list[start : start + self.per_page + 1])
            page.object_list, more = rows[: self.per_page], len(rows) > self.per_page
            page.has_next = lambda: more
        return page


def paginate(
    request,
    queryset,
    *,
    per_page: int = PER_PAGE,
    param: str = "page",
    cap: int = COUNT_CAP,
    path: str | None = None,
    number=None,
) -> Pager:
    """One page of `queryset`: the page named by `number`, else by the query's `param`. Links are relative to the
    page, or to `path` when given (see `_url`)."""
    paginator = CappedPaginator(queryset, per_page)
    paginator.cap = cap
    wanted = number if number is not None else request.GET.get(param)
    try:
        page = paginator.page(wanted or 1)
    except InvalidPage:
        page = paginator.page(paginator.num_pages if str(wanted or "").isdigit() else 1)
    number, last = page.number, max(paginator.num_pages, page.number)
    links = []
    shown = sorted({1, last, *range(max(1, number - 2), min(last, number + 2) + 1)})
    for i, n in enumerate(shown):
        if i and n - shown[i - 1] > 1:
            links.append((None, None, False))
        links.append((n, _url(request, path, **{param: n if n > 1 else None}), n == number))
    return Pager(
        rows=list(page.object_list),
        count=paginator.count,
        capped=getattr(paginator, "capped", False),
        links=links if last > 1 else [],
        previous_url=_url(request, path, **{param: number - 1 if number > 2 else None})
        if page.has_previous()
        else None,
        next_url=_url(request, path, **{param: number + 1}) if page.has_next() else None,
        number=number,
    )


def _encode(value, pk) -> str:
    raw = f"{value.isoformat() if isinstance(value, datetime) else value}|{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str):
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        value, pk = raw.rsplit("|", 1)
        return value, int(pk)
    except (ValueError, UnicodeDecodeError):
        return None


def keyset(
    request, queryset, *, field: str, per_page: int = PER_PAGE, param: str = "after", cap: int = COUNT_CAP
) -> Pager:
    """Rows ordered by `field` ("submitted_at" or "-reviewed_at") and then the primary key, after the cursor.

    `field` must not be null in the rows listed. The count (capped) is one more bounded query.
    """
    descending = field.startswith("-")
    name = field.lstrip("-")
    ordered = queryset.order_by(field, "-pk" if descending else "pk")
    after = _decode(request.GET.get(param, "")) if request.GET.get(param) else None
    if after:
        raw, pk = after
        value = parse_datetime(raw) or raw
        beyond, same = ("lt", "lt") if descending else ("gt", "gt")
        # The range condition on the field alone lets PostgreSQL start the index scan at the cursor.
        ordered = ordered.filter(**{f"{name}__{beyond}e": value}).filter(
            Q(**{f"{name}__{beyond}": value}) | Q(**{f"pk__{same}": pk})
        )
    rows = list(ordered[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    counted = capped_count(queryset, cap)
    next_url = _url(request, **{param: _encode(getattr(rows[-1], name), rows[-1].pk)}) if more else None
    return Pager(
        rows=rows,
        count=min(counted, cap),
        capped=counted > cap,
        next_url=next_url,
        first_url=_url(request, **{param: None}) if after else None,
        number=0,
    )
