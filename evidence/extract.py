"""What a fetched page says: its text decoded by the encoding it declares, its title and main text (trafilatura for
HTML, pypdf for PDF), and whether a later copy says something else. Pure functions, no Django."""

import codecs
import difflib
import io
import re
from dataclasses import dataclass

HTML_TYPES = {"text/html", "application/xhtml+xml"}
PDF_TYPES = {"application/pdf"}
TEXT_TYPES = {"text/plain"}
READABLE_TYPES = HTML_TYPES | PDF_TYPES | TEXT_TYPES

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""")
_SPACE = re.compile(r"\s+")


@dataclass
class Extracted:
    title: str = ""
    text: str = ""
    sitename: str = ""
    date: str = ""  # YYYY-MM-DD, when the page says when it was published
    language: str = ""


def media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def _charset_of(content_type: str) -> str | None:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _known(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding.decode("ascii", "ignore") if isinstance(encoding, bytes) else encoding).name
    except LookupError:
        return None


def encoding_of(body: bytes, content_type: str) -> str:
    """The encoding the server declares (header), else the byte order mark, else the page (<meta charset>, an XML
    declaration), else a guess; UTF-8 when nothing says otherwise."""
    for declared in (_charset_of(content_type),):
        if found := _known(declared):
            return found
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return name
    head = body[:4096]
    for pattern in (_CHARSET, _XML_ENCODING):
        if (match := pattern.search(head)) and (found := _known(match.group(1))):
            return found
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(body[:65536]).best()
        return best.encoding if best else "utf-8"


def decode(body: bytes, content_type: str) -> str:
    return body.decode(encoding_of(body, content_type), errors="replace")


def _html(body: bytes, content_type: str, url: str) -> Extracted:
    import trafilatura

    markup = decode(body, content_type)
    document = trafilatura.bare_extraction(
        markup, url=url or None, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True
    )
    if document is None:
        return Extracted(title=_title_only(markup))
    return Extracted(
        title=(document.title or _title_only(markup) or "").strip(),
        text=(document.text or "").strip(),
        sitename=(document.sitename or "").strip(),
        date=(document.date or "")[:10],
        language=(document.language or "").strip(),
    )


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def _title_only(markup: str) -> str:
    import html

    match = _TITLE.search(markup[:65536])
    return _SPACE.sub(" ", html.unescape(match.group(1))).strip() if match else ""


def _pdf(body: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(body))
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        title = str((reader.metadata or {}).get("/Title") or "").strip()
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return Extracted()
    return Extracted(title=title, text="\n\n".join(page for page in pages if page))


def extract(body: bytes, content_type: str, url: str = "") -> Extracted:
    """Title and main text of an HTML page, a PDF or plain text; nothing for other kinds of file."""
    kind = media_type(content_type)
    if kind in HTML_TYPES or (not kind and body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))):
        return _html(body, content_type, url)
    if kind in PDF_TYPES or body.startswith(b"%PDF-"):
        return _pdf(body)
    if kind in TEXT_TYPES:
        return Extracted(text=decode(body, content_type).strip())
    return Extracted()


def normalized(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def text_changed(old: str, new: str) -> bool:
    """Whether the main text says something else: a change of spacing or line breaks alone is no change."""
    return normalized(old) != normalized(new)


@dataclass
class Passage:
    before: list[str]  # the paragraphs of the older copy that were replaced or removed
    after: list[str]  # the paragraphs of the newer copy that replaced them or were added


def changed_passages(old: str, new: str, *, limit: int = 50) -> list[Passage]:
    """The paragraphs that differ between two texts, in pairs to show side by side (unchanged ones left out)."""
    before = [normalized(p) for p in old.splitlines() if p.strip()]
    after = [normalized(p) for p in new.splitlines() if p.strip()]
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    passages = [Passage(before[i1:i2], after[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    return passages[:limit]
