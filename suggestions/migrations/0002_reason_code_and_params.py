"""Suggestion reasons become a code and parameters, translated when shown, instead of stored English sentences.

Existing rows are read back into codes by matching their sentence against the English templates as they were
when this migration was written (copied here, so later wording changes do not change what it does). A sentence
that matches none is kept as written under the code "text".
"""

import re

from django.db import migrations, models

TEMPLATES = {
    "number.date": "Date: check the day, month and year.",
    "number.proportion": "Proportion: check the share against the source.",
    "number.money": "Amount of money: check the figure, the currency and what it refers to.",
    "number.percentage": "Percentage: check the figure and what it is a share of.",
    "number.duration": "Duration: check how long.",
    "number.measure": "Quantity: check the figure and the unit.",
    "number.count": "Count or quantity: check the figure.",
    "number.year": "Year: check when this happened.",
    "number.month": "Date: check the month.",
    "number.weekday": "Date: check the day of the week against the calendar.",
    "comparison.than": "Comparison: check both sides of it.",
    "comparison.ratio": "Comparison: check the ratio.",
    "comparison.superlative": "Superlative: check that nothing else beats it.",
    "comparison.first": "A first: check that it has not happened before.",
    "comparison.trend": "Change over time: check the trend in the data.",
    "comparison.multiple": "Change over time: check the ratio against the data.",
    "comparison.standard": "Comparison with a standard: check both sides of it.",
    "comparison.past": "Comparison with the past: check the record.",
    "quote.attributed": "Quoted speech: check the words against a recording or transcript, and who said them.",
    "quote.previous_paragraph": "Quoted speech, attributed in the previous paragraph to %(speaker)s: check the words and the speaker.",
    "quote.unattributed": "Quoted speech without attribution: check who said it.",
    "name.did_you_mean": "Did you mean %(correction)s?",
    "name.gazetteer_variant": "“%(phrase)s” is an unusual spelling of %(name)s in the gazetteer.",
    "name.newsroom_list": "%(name)s is on the newsroom’s list of names; “%(phrase)s” is not.",
    "name.known_place": "%(name)s is a known place; “%(phrase)s” is not.",
    "name.article_listed": "The article also writes “%(spelling)s”, the listed spelling.",
    "name.article_known": "The article also writes “%(spelling)s”, a known name.",
    "name.article_more_often": "The article also writes “%(spelling)s” (%(count)s times).",
    "name.article_also": "The article also writes “%(spelling)s”.",
}
NAME_CODE = "name.did_you_mean"
DETAIL_CODES = [code for code in TEMPLATES if code.startswith("name.") and code != NAME_CODE]
UNPARSED = "text"


def _pattern(template: str, named: bool = True) -> str:
    parts = re.split(r"%\((\w+)\)s", template)
    return "".join(
        re.escape(p) if i % 2 == 0 else (f"(?P<{p}_{i}>.+?)" if named else "(?:.+?)") for i, p in enumerate(parts)
    )


def _params(match) -> dict:
    params = {}
    for key, value in match.groupdict().items():
        name = key.rsplit("_", 1)[0]
        params[name] = int(value) if name == "count" and value.isdigit() else value
    return params


def parse(text: str) -> tuple[str, dict]:
    for code, template in TEMPLATES.items():
        if code.startswith("name."):
            continue
        m = re.fullmatch(_pattern(template), text)
        if m:
            return code, _params(m)
    head = re.fullmatch(r"Did you mean (?P<correction>.+?)\? (?P<rest>.+)", text, re.S)
    if head:
        rest = head.group("rest")
        for first in DETAIL_CODES:
            for second in [None, *DETAIL_CODES]:
                codes = [first] + ([second] if second else [])
                m = re.fullmatch(
                    " ".join(f"(?P<d{n}>{_pattern(TEMPLATES[c], named=False)})" for n, c in enumerate(codes)),
                    rest,
                    re.S,
                )
                if not m:
                    continue
                details = []
                for n, c in enumerate(codes):
                    sub = re.fullmatch(_pattern(TEMPLATES[c]), m.group(f"d{n}"), re.S)
                    details.append({"code": c, "params": _params(sub)})
                return NAME_CODE, {"correction": head.group("correction"), "details": details}
    return UNPARSED, {"text": text}


def render(code: str, params: dict) -> str:
    if code not in TEMPLATES:
        return str(params.get("text", ""))
    values = {k: v for k, v in params.items() if k != "details"}
    sentence = TEMPLATES[code] % values
    return " ".join([sentence, *(render(d["code"], d.get("params") or {}) for d in params.get("details", ()))])


def forwards(apps, schema_editor):
    Suggestion = apps.get_model("suggestions", "Suggestion")
    batch = []
    for suggestion in Suggestion.objects.only("pk", "reason").iterator(chunk_size=2000):
        suggestion.reason_code, suggestion.reason_params = parse(suggestion.reason)
        batch.append(suggestion)
        if len(batch) >= 2000:
            Suggestion.objects.bulk_update(batch, ["reason_code", "reason_params"])
            batch = []
    Suggestion.objects.bulk_update(batch, ["reason_code", "reason_params"])


def backwards(apps, schema_editor):
    Suggestion = apps.get_model("suggestions", "Suggestion")
    batch = []
    for suggestion in Suggestion.objects.only("pk", "reason_code", "reason_params").iterator(chunk_size=2000):
        suggestion.reason = render(suggestion.reason_code, suggestion.reason_params)[:400]
        batch.append(suggestion)
        if len(batch) >= 2000:
            Suggestion.objects.bulk_update(batch, ["reason"])
            batch = []
    Suggestion.objects.bulk_update(batch, ["reason"])


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0001_initial")]

    operations = [
        migrations.AddField(
            "suggestion", "reason_code", models.CharField(default="", max_length=40), preserve_default=False
        ),
        migrations.AddField("suggestion", "reason_params", models.JSONField(blank=True, default=dict)),
        migrations.AlterField("suggestion", "reason", models.CharField(blank=True, default="", max_length=400)),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField("suggestion", "reason"),
    ]
