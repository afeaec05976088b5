from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from factcheck.paging import CappedPaginator


class ApiPaginator(CappedPaginator):
    cap = 10_000


class Pagination(PageNumberPagination):
    """Pages of `page_size` rows; `count` stops at 10,000 (then `count_capped` is true), so counting a list of
    100,000 articles costs what counting 10,001 does. Pages past the count stay reachable."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = ApiPaginator

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
