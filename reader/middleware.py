"""Public answers vary by encoding only.

LocaleMiddleware adds `Vary: Accept-Language` to every answer, since pages speak the reader's language. The public
answers do not: the embed's claims speak the article's language, the feed is the same for everyone. Left in, every
cache (the browser's, a CDN's) would keep one copy per Accept-Language header its readers send. Listed in settings
after the compression middleware (which adds Accept-Encoding) and before LocaleMiddleware, so its answer passes
here after LocaleMiddleware has added its Vary."""

from django.utils.cache import patch_vary_headers

ATTRIBUTE = "vary_only_by"  # set by reader.http.public on the answers it serves


class PublicVary:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        only = getattr(response, ATTRIBUTE, None)
        if only is not None:
            del response["Vary"]
            patch_vary_headers(response, only)
        return response
