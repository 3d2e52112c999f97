"""HTML to paragraphs, the way a browser lays out block text: one paragraph per block, inline text joined.

Parsing is lxml's (libxml2's forgiving HTML parser). Scripts, styles and other invisible machinery are
left out; `<br>` ends a line as it does on screen. Text is whitespace-collapsed as a browser renders it.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol "
    "option p pre section summary table tbody td tfoot th thead tr ul button label".split()
)
INVISIBLE = frozenset("head script style noscript template svg math iframe object canvas select".split())
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Text of an HTML document: BOM, then the declared or <meta> charset, then UTF-8, else cp1252."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    found = _META_CHARSET.search(data[:4096])
    for name in (declared, found.group(1).decode("ascii", "replace") if found else None):
        if name:
            try:
                return data.decode(name, errors="replace")
            except LookupError:
                pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def html_paragraphs(data: bytes | str, declared_charset: str | None = None) -> list[str]:
    """The visible text blocks of an HTML page, in document order, empty ones left out."""
    text = data if isinstance(data, str) else decode_html(data, declared_charset)
    if not text.strip():
        return []
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return []
    paragraphs: list[str] = []
    buffer: list[str] = []
    hidden = 0

    def flush() -> None:
        if buffer:
            line = " ".join("".join(buffer).split())
            if line:
                paragraphs.append(line)
            buffer.clear()

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in INVISIBLE:
                hidden += 1
            elif not hidden:
                if tag in BLOCKS:
                    flush()
                if element.text and tag:
                    buffer.append(element.text)
            continue
        if tag in INVISIBLE:
            hidden -= 1
        elif not hidden and (tag in BLOCKS or tag == "br"):
            flush()
        if element.tail and not hidden:
            buffer.append(element.tail)
    flush()
    return paragraphs
