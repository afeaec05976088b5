from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from factcheck import paging
from factcheck.paging import CappedPaginator


class ApiPaginator(CappedPaginator):
    cap = 10_000


class Pagination(PageNumberPagination):
    """Pages of `page_size` rows; `count` stops at 10,000 (then `count_capped` is true), so counting a list of
    100,000 articles costs what counting 10,001 does. Pages past the count stay reachable.

    A `page` or `page_size` that is not a whole number in range is a 400 naming it, a page past the end a 404 naming
    `page` (factcheck.paging says why; factcheck.api.errors gives both the API's shape)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = ApiPaginator

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        return paging.page_size(
            raw, default=self.page_size, maximum=self.max_page_size, param=self.page_size_query_param
        )

    def get_page_number(self, request, paginator=None):
        raw = request.query_params.get(self.page_query_param)
        if raw in self.last_page_strings:
            return "last" if paginator is None else paginator.num_pages
        return paging.page_number(raw, param=self.page_query_param)

    def window(self, request) -> tuple[int, int] | None:
        """The rows the request's page and size ask for (offset, limit), checked as for any page; None for "last"
        (the count decides) and for a page past any list's end (the paginator answers it)."""
        size, number = self.get_page_size(request), self.get_page_number(request)
        if number == "last" or (number - 1) * size > paging.MAX_OFFSET:
            return None
        return (number - 1) * size, size

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        self.page = paging.page_of(paginator, self.get_page_number(request, paginator), param=self.page_query_param)
        return list(self.page)

    def get_paginated_response(self, data, headers: dict | None = None):
        return Response(
            headers=headers,
            data={
                "count": self.page.paginator.count,
                "count_capped": getattr(self.page.paginator, "capped", False),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            },
        )
