import factory
from django.contrib.auth import get_user_model

from annotations.models import Article

PASSWORD = "pw-for-tests-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@newsroom.example")
    password = factory.django.Password(PASSWORD)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    publication = "The Daily"
    url = factory.Sequence(lambda n: f"https://news.example/{n}")
    body = "First paragraph with leaders of 24 countries.\n\nSecond paragraph about Ashgatat and Ashgabat."
    created_by = factory.SubFactory(UserFactory)
