"""The corrections log as an Atom feed (Django's syndication framework): the newest corrections, each with what
changed and the public note."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from annotations import selectors as core_selectors

FEED_ITEMS = 50


class CorrectionsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("%(desk)s: corrections") % {"desk": settings.PUBLIC_BYLINE}

    def subtitle(self):
        return _("Fact-checks corrected after publication: what changed, and why.")

    def link(self):
        return reverse("publishing:corrections_log")

    def author_name(self):
        return settings.PUBLIC_BYLINE

    def items(self):
        return list(core_selectors.corrections()[:FEED_ITEMS])

    def item_title(self, correction):
        return _("Correction: %(claim)s") % {"claim": correction.claim.published.statement[:120]}

    def item_description(self, correction):
        return render_to_string("publishing/_correction_entry.html", {"correction": correction})

    def item_link(self, correction):
        return f"{reverse('publishing:corrections_log')}#correction-{correction.pk}"

    def item_guid(self, correction):
        return f"{settings.SITE_URL}/public/corrections/{correction.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, correction):
        return correction.created

    def item_updateddate(self, correction):
        return correction.created

    def item_author_name(self, correction):
        return settings.PUBLIC_BYLINE
