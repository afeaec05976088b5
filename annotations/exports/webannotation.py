"""Claims as a W3C Web Annotation AnnotationPage (https://www.w3.org/TR/annotation-model/). Pure mapping.

One Annotation per claim, motivated `assessing`; its target is the article with a TextQuoteSelector and a
TextPositionSelector (code point offsets, as the model defines them); its bodies are the verdict, the
rationale, the correction and the sources.
"""

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def _time(value) -> str:
    return value.isoformat().replace("+00:00", "Z")


def annotation(*, claim, article_url: str, claim_iri: str, user_iri, cached_iri=None) -> dict:
    bodies = []
    if claim.verdict_id is not None:
        bodies.append(
            {"type": "TextualBody", "purpose": "assessing", "value": claim.verdict.label, "format": "text/plain"}
        )
    bodies.append({"type": "TextualBody", "purpose": "describing", "value": claim.statement, "format": "text/plain"})
    if claim.rationale:
        bodies.append(
            {"type": "TextualBody", "purpose": "commenting", "value": claim.rationale, "format": "text/plain"}
        )
    if claim.correction:
        bodies.append({"type": "TextualBody", "purpose": "editing", "value": claim.correction, "format": "text/plain"})
    for source in claim.sources.all():
        # An external resource may not carry a purpose itself; a SpecificResource around it may.
        resource = {"id": source.url, "type": "Text"}
        if source.title:
            resource["title"] = source.title
        body = {"type": "SpecificResource", "purpose": "linking", "source": resource}
        snapshot = source.current_snapshot
        cached = cached_iri(snapshot) if cached_iri and snapshot is not None and snapshot.state == "archived" else None
        if cached:
            # Our copy of the page as it was when cited: the model's TimeState (section 4.2.4).
            body["state"] = {"type": "TimeState", "cached": cached, "sourceDate": _time(snapshot.fetched_at)}
        bodies.append(body)
    selectors = [{"type": "TextQuoteSelector", "exact": claim.exact, "prefix": claim.prefix, "suffix": claim.suffix}]
    if claim.anchor_state != "orphaned":
        selectors.append({"type": "TextPositionSelector", "start": claim.start, "end": claim.end})
    return {
        "@context": CONTEXT,
        "id": claim_iri,
        "type": "Annotation",
        "motivation": "assessing",
        "created": _time(claim.created),
        "modified": _time(claim.updated),
        "creator": {"id": user_iri(claim.created_by), "type": "Person", "nickname": claim.created_by.get_username()},
        "body": bodies,
        "target": {"source": article_url, "type": "Text", "format": "text/plain", "selector": selectors},
    }


def annotation_page(*, page_iri: str, claims, article_url: str, claim_iri, user_iri, cached_iri=None) -> dict:
    items = [
        annotation(claim=c, article_url=article_url, claim_iri=claim_iri(c), user_iri=user_iri, cached_iri=cached_iri)
        for c in claims
    ]
    return {"@context": CONTEXT, "id": page_iri, "type": "AnnotationPage", "startIndex": 0, "items": items}
