from django.db import models


class HostSlot(models.Model):
    """When the next request to a host may start: one request per host every few seconds, shared by every worker
    (and longer when the host asked for it with Retry-After)."""

    host = models.CharField(max_length=255, primary_key=True)
    next_at = models.DateTimeField()

    def __str__(self):
        return f"{self.host} after {self.next_at:%Y-%m-%d %H:%M:%S}"
