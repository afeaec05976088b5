"""POST /api/v1/articles/from-url/: an article made from a page, fetched by the outbound rules (docs/api.md)."""

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from annotations.api import representations
from annotations.api import serializers as s
from annotations.models import Channel
from evidence import services
from factcheck.api.views import ApiView, respond, validated


class FromUrlInputSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=2000, help_text="The address of the article's page (http or https).")


@extend_schema(tags=["articles"])
class ArticleFromUrlView(ApiView):
    @extend_schema(
        request=FromUrlInputSerializer,
        responses={201: s.ArticleSerializer},
        description="Fetch the page, extract its title, main text, publication (site name), date and language, "
        "keep a copy as the article's origin, and create the article. A 400 names `url` with why it failed: not a "
        "web page, nothing extracted, too large, a private address, a timeout.",
    )
    def post(self, request):
        data = validated(FromUrlInputSerializer, request.data)
        article = services.article_create_from_url(url=data["url"], user=request.user, channel=Channel.API)
        location = reverse("api:article_detail", args=[article.pk])
        return respond(request, representations.article(article.pk), status_code=201, headers={"Location": location})


urlpatterns = [path("articles/from-url/", ArticleFromUrlView.as_view(), name="article_from_url")]
