from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The API's plumbing as a Django app only so that it owns its tables (tokens, the throttle's windows); it knows
    no article, and no app of the project is imported from here."""

    name = "factcheck.api"
    label = "api"
    verbose_name = "API"
