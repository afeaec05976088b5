from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from factcheck.paging import CappedPaginator


class Pagination(PageNumberPagination):
    """Pages of `page_size` rows; `count` stops at factcheck.paging.COUNT_CAP (then `count_capped` is true),
    so counting a list of 100,000 articles costs what counting 10,001 does."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        return Response({
            "count": self.page.paginator.count,
            "count_capped": getattr(self.page.paginator, "capped", False),
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })
