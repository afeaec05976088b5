"""Why a detector flags a span, as a code and parameters; the sentence is put together where it is shown, in the
reader's language (suggestions.reasons). Pure Python, no Django.

The English templates are marked with `gettext_noop` so that `makemessages` finds them; their placeholders are
named (`%(name)s`) so that a translation may put them in any order. A name suggestion's reason is "Did you mean X?"
followed by the rules that agree on X (`details`).
"""

from __future__ import annotations

from dataclasses import dataclass, field


def gettext_noop(message: str) -> str:
    return message


# Numbers and dates (numbers.py)
DATE = "number.date"
PROPORTION = "number.proportion"
MONEY = "number.money"
PERCENTAGE = "number.percentage"
DURATION = "number.duration"
MEASURE = "number.measure"
COUNT = "number.count"
YEAR = "number.year"
MONTH = "number.month"
WEEKDAY = "number.weekday"
# Comparisons (comparisons.py)
THAN = "comparison.than"
RATIO = "comparison.ratio"
SUPERLATIVE = "comparison.superlative"
FIRST = "comparison.first"
TREND = "comparison.trend"
MULTIPLE = "comparison.multiple"
STANDARD = "comparison.standard"
PAST = "comparison.past"
# Quoted speech (quotes.py)
QUOTE_ATTRIBUTED = "quote.attributed"
QUOTE_PREVIOUS_PARAGRAPH = "quote.previous_paragraph"
QUOTE_UNATTRIBUTED = "quote.unattributed"
# Names (names.py)
DID_YOU_MEAN = "name.did_you_mean"
GAZETTEER_VARIANT = "name.gazetteer_variant"
NEWSROOM_LIST = "name.newsroom_list"
KNOWN_PLACE = "name.known_place"
ARTICLE_LISTED = "name.article_listed"
ARTICLE_KNOWN = "name.article_known"
ARTICLE_MORE_OFTEN = "name.article_more_often"
ARTICLE_ALSO = "name.article_also"
# Statements (statements.py): a sentence the check-worthiness model scores at or above the threshold
CHECKWORTHY = "statement.checkworthy"
UNPARSED = "text"  # an English sentence from before the codes that matched no template, kept in params["text"]

TEMPLATES = {
    DATE: gettext_noop("Date: check the day, month and year."),
    PROPORTION: gettext_noop("Proportion: check the share against the source."),
    MONEY: gettext_noop("Amount of money: check the figure, the currency and what it refers to."),
    PERCENTAGE: gettext_noop("Percentage: check the figure and what it is a share of."),
    DURATION: gettext_noop("Duration: check how long."),
    MEASURE: gettext_noop("Quantity: check the figure and the unit."),
    COUNT: gettext_noop("Count or quantity: check the figure."),
    YEAR: gettext_noop("Year: check when this happened."),
    MONTH: gettext_noop("Date: check the month."),
    WEEKDAY: gettext_noop("Date: check the day of the week against the calendar."),
    THAN: gettext_noop("Comparison: check both sides of it."),
    RATIO: gettext_noop("Comparison: check the ratio."),
    SUPERLATIVE: gettext_noop("Superlative: check that nothing else beats it."),
    FIRST: gettext_noop("A first: check that it has not happened before."),
    TREND: gettext_noop("Change over time: check the trend in the data."),
    MULTIPLE: gettext_noop("Change over time: check the ratio against the data."),
    STANDARD: gettext_noop("Comparison with a standard: check both sides of it."),
    PAST: gettext_noop("Comparison with the past: check the record."),
    QUOTE_ATTRIBUTED: gettext_noop(
        "Quoted speech: check the words against a recording or transcript, and who said them."
    ),
    QUOTE_PREVIOUS_PARAGRAPH: gettext_noop(
        "Quoted speech, attributed in the previous paragraph to %(speaker)s: check the words and the speaker."
    ),
    QUOTE_UNATTRIBUTED: gettext_noop("Quoted speech without attribution: check who said it."),
    DID_YOU_MEAN: gettext_noop("Did you mean %(correction)s?"),
    GAZETTEER_VARIANT: gettext_noop("“%(phrase)s” is an unusual spelling of %(name)s in the gazetteer."),
    NEWSROOM_LIST: gettext_noop("%(name)s is on the newsroom’s list of names; “%(phrase)s” is not."),
    KNOWN_PLACE: gettext_noop("%(name)s is a known place; “%(phrase)s” is not."),
    ARTICLE_LISTED: gettext_noop("The article also writes “%(spelling)s”, the listed spelling."),
    ARTICLE_KNOWN: gettext_noop("The article also writes “%(spelling)s”, a known name."),
    # The count is at least 2 (the more frequent of two spellings): no singular form is needed.
    ARTICLE_MORE_OFTEN: gettext_noop("The article also writes “%(spelling)s” (%(count)s times)."),
    ARTICLE_ALSO: gettext_noop("The article also writes “%(spelling)s”."),
    CHECKWORTHY: gettext_noop(
        "Statement to check: the model scores this sentence %(score)s of 1, like the sentences fact-checkers check."
    ),
}


@dataclass(frozen=True)
class Reason:
    """A reason as data: `code` names the sentence template, `params` fills it; `details` are further reasons
    shown after it (the rules behind a "Did you mean ...?")."""

    code: str
    params: dict = field(default_factory=dict)
    details: tuple[Reason, ...] = ()

    def text(self, translate=lambda message: message, value=str) -> str:
        """The sentence, each template passed through `translate` and each parameter through `value`."""
        if self.code not in TEMPLATES:  # a sentence stored before reasons had codes (migration 0002), as written
            return value(self.params.get("text", ""))
        sentence = translate(TEMPLATES[self.code]) % {k: value(v) for k, v in self.params.items()}
        return " ".join([sentence, *(d.text(translate, value) for d in self.details)])

    def key(self) -> tuple:
        return (self.code, tuple(sorted(self.params.items())), tuple(d.key() for d in self.details))

    def stored(self) -> tuple[str, dict]:
        """(code, params) as a database row keeps them: the details go into the params under "details"."""
        params = dict(self.params)
        if self.details:
            params["details"] = [dict(zip(("code", "params"), d.stored(), strict=True)) for d in self.details]
        return self.code, params

    @classmethod
    def from_stored(cls, code: str, params: dict | None) -> Reason:
        params = dict(params or {})
        details = tuple(cls.from_stored(d["code"], d.get("params")) for d in params.pop("details", ()))
        return cls(code, params, details)
