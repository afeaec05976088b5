"""The article text with every approved correction applied, and where each change sits. Pure, no Django.

Offsets are code points, in the old text and in the new one, so a CMS can apply the changes itself or
highlight them. Of overlapping corrections the first (by position) wins; the others are listed as skipped.
"""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Change:
    claim: int
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old_text: str
    new_text: str


def apply_corrections(body: str, corrections: list[tuple[int, int, int, str]]) -> tuple[str, list[Change], list[int]]:
    """corrections: (claim id, start, end, replacement). Returns the new text, the changes, the skipped ids."""
    parts, changes, skipped = [], [], []
    at = shift = 0
    for claim_id, start, end, replacement in sorted(corrections, key=lambda c: (c[1], c[2], c[0])):
        if start < at or not (0 <= start < end <= len(body)):
            skipped.append(claim_id)
            continue
        parts.append(body[at:start])
        parts.append(replacement)
        new_start = start + shift
        changes.append(
            Change(claim_id, start, end, new_start, new_start + len(replacement), body[start:end], replacement)
        )
        shift += len(replacement) - (end - start)
        at = end
    parts.append(body[at:])
    return "".join(parts), changes, skipped


def corrected_document(*, article, claims) -> dict:
    # A correction applies only to the very text its reviewer approved: an anchor that is exact or moved (the same
    # words), and those words still at its offsets. Approved claims on unconfirmed or lost text are skipped.
    approved = [c for c in claims if c.status == "approved" and c.correction]
    reviewed = [
        c for c in approved if c.anchor_state in ("exact", "moved") and article.body[c.start : c.end] == c.exact
    ]
    corrections = [(c.pk, c.start, c.end, c.correction) for c in reviewed]
    text, changes, skipped = apply_corrections(article.body, corrections)
    skipped = sorted(set(skipped) | {c.pk for c in approved if c not in reviewed})
    return {
        "article": article.pk,
        "version": article.version,
        "body": text,
        "changes": [asdict(change) for change in changes],
        "skipped": skipped,
    }
