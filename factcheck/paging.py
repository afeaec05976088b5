"""Bounded lists for the HTML pages: every page shows at most `per_page` rows and never counts past a cap.

Two kinds, one result shape (`Pager`) for the templates' `_pager.html`:
- `paginate(request, queryset)`: numbered pages for lists a user sorts; the total is counted up to
  `COUNT_CAP` (shown as "10,000+"), so counting 100,000 rows costs what counting 10,001 does, and page links go
  as far as the counted rows.
- `keyset(request, queryset, field=...)`: "next" and "first" links for lists with one fixed order (oldest
  first, newest first), where the next page starts after the last row shown (`?after=...`) instead of
  skipping rows, so page 2,000 costs what page 1 costs.

What a page number means, the same for every list, HTML and API (`page_number`, `page_size`, `page_of`):
- `page` left out is page 1; `page` that is not a whole number of at least 1 (`x`, `0`, `-1`, `1.5`) is a 400
  naming `page`, and so is a `page_size` outside 1 to the list's maximum, or a keyset cursor (`after`) that this
  server did not write.
- A well-formed `page` past the last page (`99`, or `317947150077727510364160`) is a 404 naming `page`: the page
  does not exist. Lists whose count is capped find the end by reading: an empty page past the first is past the end.
The API answers these in its error shape (factcheck.api.errors); a page shows the message in the layout
(`PageErrors`, a middleware), with a link to the list's first page.
"""

import base64
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

PER_PAGE = 50
COUNT_CAP = 1_000  # 20 pages of 50: past that a reader narrows the filter rather than pages on
# Row offsets beyond this are past the end of any list (and past PostgreSQL's bigint OFFSET).
MAX_OFFSET = 2**62
ERR_PAGE_NOT_NUMBER = _("%(param)s must be a whole number of at least 1.")
ERR_PAGE_PAST_END = _("%(param)s %(number)s is past the end of the list; the last page is %(last)s.")
ERR_PAGE_PAST_CAPPED_END = _("%(param)s %(number)s is past the end of the list.")
ERR_PAGE_SIZE = _("%(param)s must be a whole number from 1 to %(max)s.")
ERR_CURSOR = _("%(param)s is not a position in this list; follow the list's own links.")
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


class PageError(Exception):
    """A page parameter that names no page: 400, with the parameter's name and what is wrong."""

    status = 400

    def __init__(self, param: str, message):
        super().__init__(str(message))
        self.param, self.message = param, str(message)


class PageNotFound(PageError):
    """A well-formed page number past the end of the list: 404."""

    status = 404


def page_number(raw, *, param: str = "page") -> int:
    """The page a query asks for: 1 when left out; PageError unless a whole number of at least 1; PageNotFound when
    so large that no list reaches it."""
    if raw is None or raw == "":
        return 1
    raw = str(raw).strip()
    if not _DIGITS.fullmatch(raw) or not raw.strip("0"):
        raise PageError(param, ERR_PAGE_NOT_NUMBER % {"param": param})
    digits = raw.lstrip("0")
    if len(digits) > 18:  # more rows than PostgreSQL can count; int() of thousands of digits would also refuse
        raise PageNotFound(param, ERR_PAGE_PAST_CAPPED_END % {"param": param, "number": digits[:30]})
    return int(digits)


def page_size(raw, *, default: int, maximum: int, param: str = "page_size") -> int:
    """Rows per page: `default` when left out; PageError unless a whole number from 1 to `maximum`."""
    if raw is None or raw == "":
        return default
    raw = str(raw).strip()
    if not _DIGITS.fullmatch(raw) or len(raw) > 18 or not 1 <= int(raw) <= maximum:
        raise PageError(param, ERR_PAGE_SIZE % {"param": param, "max": maximum})
    return int(raw)


def page_of(paginator: Paginator, number: int, *, param: str = "page") -> Page:
    """The paginator's page `number`, or PageNotFound naming `param` and, when the count is exact, the last page."""
    if (number - 1) * paginator.per_page > MAX_OFFSET:
        raise PageNotFound(param, ERR_PAGE_PAST_CAPPED_END % {"param": param, "number": number})
    try:
        return paginator.page(number)
    except InvalidPage:
        if getattr(paginator, "capped", False):
            raise PageNotFound(param, ERR_PAGE_PAST_CAPPED_END % {"param": param, "number": number}) from None
        last = max(paginator.num_pages, 1)
        raise PageNotFound(param, ERR_PAGE_PAST_END % {"param": param, "number": number, "last": last}) from None


def requested_page(request, paginator: Paginator, *, param: str = "page") -> Page:
    """The page of a Django paginator that the query's `param` asks for, checked as every list's is."""
    return page_of(paginator, page_number(request.GET.get(param), param=param), param=param)


class PageErrors:
    """Middleware: a PageError raised by an HTML view is its page with the message, not a 500 (the API's views
    answer it in the API's shape themselves)."""

    template = "page_error.html"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PageError):
            return None
        query = request.GET.copy()
        query.pop(exception.param, None)
        first = f"{request.path}?{query.urlencode()}" if query else request.path
        context = {"message": exception.message, "param": exception.param, "first_url": first}
        return render(request, self.template, context, status=exception.status)


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
        number = self.validate_number(number)
        if (number - 1) * self.per_page > MAX_OFFSET:
            raise EmptyPage("That page contains no results")
        page = super().page(number)
        if getattr(self, "capped", False):
            # Beyond the counted rows there is a next page as long as this one is full.
            start = (page.number - 1) * self.per_page
            rows = list(self.object_list[start : start + self.per_page + 1])
            if not rows and page.number > 1:
                raise EmptyPage("That page contains no results")
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
    clamp: bool = False,
) -> Pager:
    """One page of `queryset`: the page named by `number`, else by the query's `param` (see the module's docstring
    for what a bad one is). With `clamp`, for a page number the server itself sent back after a change that may have
    emptied it, a page past the end is the last one. Links are relative to the page, or to `path` when given (see
    `_url`)."""
    paginator = CappedPaginator(queryset, per_page)
    paginator.cap = cap
    wanted = page_number(number if number is not None else request.GET.get(param), param=param)
    try:
        page = page_of(paginator, wanted, param=param)
    except PageNotFound:
        if not clamp:
            raise
        page = paginator.page(paginator.num_pages)
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


def _decode(cursor: str, param: str):
    """The cursor's value and primary key; PageError naming `param` for anything `_encode` did not write."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        value, pk = raw.rsplit("|", 1)
        pk = int(pk)
        when = parse_datetime(value)  # ValueError for a well-formed impossible date
        if when is None or not 0 < pk < 2**63:
            raise ValueError(value)
        return when, pk
    except (ValueError, UnicodeDecodeError):
        raise PageError(param, ERR_CURSOR % {"param": param}) from None


def keyset(
    request, queryset, *, field: str, per_page: int = PER_PAGE, param: str = "after", cap: int = COUNT_CAP
) -> Pager:
    """Rows ordered by `field` ("submitted_at" or "-reviewed_at", a date and time) and then the primary key, after
    the cursor.

    `field` must not be null in the rows listed. The count (capped) is one more bounded query.
    """
    descending = field.startswith("-")
    name = field.lstrip("-")
    ordered = queryset.order_by(field, "-pk" if descending else "pk")
    after = _decode(request.GET[param], param) if request.GET.get(param) else None
    if after:
        value, pk = after
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
