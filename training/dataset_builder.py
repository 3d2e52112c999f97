"""Composes page-shaped training data from our hand-written material in `datasets/source/`.

Each language file gives outlets (with their own furniture), consent texts, chrome pools and articles.
Every article becomes one page of one outlet: furniture around it in the outlet's own layout, its
consent manager at the top or bottom, related-article lists, comments, footer. Seeded and
deterministic: the same sources and seed always give the same `datasets/pages.csv`.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

COLUMNS = ["doc_id", "outlet", "lang", "position", "text", "label", "kind"]
FURNITURE = ("nav", "header", "widgets", "promos", "footer")
CONSENT_KEYS = ("banner", "tcf", "paywall", "purposes", "buttons", "library")
TOC_SHARE = 0.4  # pages with 3+ subheadings that open with a table of contents
GUEST_OUTLETS = 6  # outlets on whose pages each consent-only language appears
LONG_READ_SHARE = 0.2  # pages whose article runs on into more of the outlet's articles (`_long_read`)


def stable_seed(*parts: object) -> int:
    """A seed from strings that does not change between runs (unlike hash())."""
    return int(hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:12], 16)


@dataclass
class Layout:
    """How one outlet arranges its page; drawn once per outlet so its pages look alike."""

    consent_at: str  # top, bottom, both
    title_line: str  # none, pipe, dash
    multilingual_consent: bool
    comments: bool
    related_in_article: bool
    nav_chunks: int
    teasers_per_list: int
    lists: int
    menu_case: str  # as written, lower, upper: how the outlet's CSS-free text shows its menus
    teaser_deks: float  # share of teaser headlines followed by that story's standfirst
    stream: str = "none"  # none, before, after: a portal-style stream of other stories around the article
    ticker: bool = False  # a live ticker after the article: times, other stories' headlines and leads
    numbered: float = 0.0  # share of teaser lists shown as numbered "most read" lists


def _cased(texts, case: str) -> list[str]:
    if case == "lower":
        return [t.lower() for t in texts]
    if case == "upper":
        return [t.upper() for t in texts]
    return list(texts)


@dataclass
class OutletKit:
    """Everything one outlet's pages are made from: its layout, consent notice and the draws it takes."""

    outlet: dict
    layout: Layout
    rng: random.Random
    core: list[str]
    extra: Iterator[str]
    per_page: int
    foreign: list[str]
    teasers: Iterator[str]
    bylines: Iterator[str]
    comments: Iterator[str]
    notices: Iterator[str]
    misc: Iterator[str]
    headers: Iterator[str]
    other_stories: list[tuple[str, str, str]]  # (headline, standfirst, lead) of the language's other outlets
    ui: Iterator[str]
    ui_per_page: int
    comment_heads: Iterator[str]
    data_widgets: list[list[str]]  # this outlet's weather, markets, scores boxes, each as its lines
    markup: list[str]  # stray markup this outlet's template leaves in extracted text (often none)
    guests: list[Iterator[str]] = field(default_factory=list)  # consent-only languages shown on this outlet


@dataclass
class Page:
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (text, label, kind)

    def add(self, texts, label: str, kind: str) -> None:
        for text in texts:
            text = " ".join(str(text).split())
            if text:
                self.rows.append((text, label, kind))


def _draw_layout(rng: random.Random) -> Layout:
    return Layout(
        consent_at=rng.choices(["top", "bottom", "both"], weights=[6, 3, 1])[0],
        title_line=rng.choice(["none", "pipe", "dash"]),
        multilingual_consent=rng.random() < 0.25,
        comments=rng.random() < 0.6,
        related_in_article=rng.random() < 0.5,
        nav_chunks=rng.choice([1, 2]),
        teasers_per_list=rng.randint(6, 12),
        lists=rng.randint(3, 6),
        menu_case=rng.choices(["as written", "lower", "upper"], weights=[5, 3, 2])[0],
        teaser_deks=rng.choice([0.0, 0.0, 0.3, 0.6]),
        stream=rng.choices(["none", "before", "after"], weights=[5, 2, 3])[0],
        ticker=rng.random() < 0.2,
        numbered=rng.choice([0.0, 0.0, 0.3, 0.6]),
    )


def _cycle(pool: list[str], rng: random.Random):
    """Endless draws that go through the whole pool before repeating, so every text gets used."""
    while pool:
        batch = list(pool)
        rng.shuffle(batch)
        yield from batch


def _share(pool: list[str], index: int, parts: int, at_least: int = 6) -> list[str]:
    """This outlet's own slice of a language pool, so that no furniture string is on two outlets' pages:
    outlet-grouped folds then never test on a string seen in training, as with a real unseen site."""
    mine = pool[index::parts]
    return mine if len(mine) >= at_least else list(pool)


def _take(iterator, n: int) -> list[str]:
    draws = (next(iterator, None) for _ in range(max(n, 0)))
    return [text for text in draws if text is not None]


def _consent_block(
    outlet_core: list[str], extra, per_page: int, rng: random.Random, foreign: list[str], guests=()
) -> list[tuple[str, str]]:
    """The outlet's fixed notice (same on every page), second-layer texts that vary, foreign copies,
    and lines of the consent-only languages this outlet also serves (they vary page to page)."""
    texts = list(outlet_core)
    texts += foreign
    for guest in guests:
        texts += _take(guest, rng.randint(2, 4))
    texts += _take(extra, per_page + rng.randint(0, 2))
    return [(t, "consent") for t in texts]


def build_language(
    material: dict,
    seed: int,
    foreign_banners: dict[str, list[str]],
    guest_pools: dict[str, dict[str, list]] | None = None,
    markup: list[str] = (),
) -> list[dict]:
    """All pages of one language's material, as row dicts. `guest_pools` maps an outlet's domain to the
    consent texts and interface strings of the languages without pages that it also shows (`_assign_guests`)."""
    lang = material["lang"]
    outlets = material["outlets"]
    consent = material["consent"]
    chrome = material["chrome"]
    articles = material["articles"]
    rows: list[dict] = []
    # Split the consent pool between outlets; each outlet keeps a fixed core notice.
    consent_pool = [t for key in CONSENT_KEYS for t in consent.get(key, [])]
    rng_lang = random.Random(stable_seed(seed, lang))
    rng_lang.shuffle(consent_pool)
    pools = {name: list(chrome.get(name, [])) for name in chrome}
    for o_index, outlet in enumerate(outlets):
        rng = random.Random(stable_seed(seed, lang, outlet["name"]))
        layout = _draw_layout(rng)
        style = rng.choice(["banner", "tcf", "paywall", "tcf"])
        main = rng.choice(consent.get(style) or consent["banner"])
        buttons = rng.sample(consent["buttons"], k=min(len(consent["buttons"]), rng.randint(2, 4)))
        core = [main] + ([rng.choice(consent["banner"])] if style == "paywall" else []) + buttons
        share = consent_pool[o_index :: len(outlets)]
        second_layer = [t for t in share if t not in core] or share
        extra = _cycle(second_layer, rng)
        foreign = []
        if layout.multilingual_consent and foreign_banners:
            others = sorted(k for k in foreign_banners if k != lang)
            for other in rng.sample(others, k=min(len(others), rng.randint(2, 5))):
                foreign.append(rng.choice(foreign_banners[other]))
        visiting = (guest_pools or {}).get(outlet["domain"], {})
        guests = [_cycle(texts, rng) for texts in visiting.get("consent", [])]
        own = {name: _share(texts, o_index, len(outlets)) for name, texts in pools.items()}
        own["ui"] = own.get("ui", []) + visiting.get("ui", [])
        teasers = _cycle(own.get("teasers", []), rng)
        bylines = _cycle(own.get("bylines", []), rng)
        comments = _cycle(own.get("comments", []), rng)
        notices = _cycle(own.get("notices", []), rng)
        misc = _cycle(own.get("misc", []), rng)
        headers = _cycle(own.get("list_headers", []), rng)
        ui = _cycle(own.get("ui") or own.get("misc", []), rng)
        comment_heads = _cycle(own.get("comment_heads", []), rng)
        outlet_markup = rng.sample(markup, k=min(len(markup), rng.randint(2, 5))) if rng.random() < 0.35 else []
        ui_per_page = -(-len(own.get("ui", [])) // max(len(articles) // len(outlets), 1))
        mine = [a for i, a in enumerate(articles) if i % len(outlets) == o_index]
        others = [a for i, a in enumerate(articles) if i % len(outlets) != o_index]
        other_stories = [_story(a) for a in others]
        slug = outlet["domain"].split(".")[0]
        per_page = -(-len(second_layer) // max(int(len(mine) * 0.7), 1))  # some pages show no consent
        kit = OutletKit(
            outlet, layout, rng, core, extra, per_page, foreign, teasers, bylines, comments, notices, misc,
            headers, other_stories, ui, ui_per_page, comment_heads,
            _share(material.get("data_widgets", []), o_index, len(outlets), at_least=2), outlet_markup, guests,
        )  # fmt: skip
        for p_index, article in enumerate(mine):
            page = _compose_page(kit, _long_read(article, mine, rng))
            doc_id = f"{lang}-{slug}-{p_index:02d}"
            for position, (text, label, kind) in enumerate(page.rows):
                rows.append(
                    {
                        "doc_id": doc_id,
                        "outlet": outlet["domain"],
                        "lang": lang,
                        "position": position,
                        "text": text.replace("{site}", outlet["name"]),
                        "label": label,
                        "kind": kind,
                    }
                )
    return rows


def _long_read(article: dict, mine: list[dict], rng: random.Random) -> dict:
    """Some pages carry a long read: this article continued by more of the outlet's own, their headlines
    as section headings. Real long-form pages run to a hundred paragraphs, with headings and lists deep
    into the page, and the article is not over where a short one would be."""
    others = [a for a in mine if a is not article]
    if not others or rng.random() >= LONG_READ_SHARE:
        return article
    more = rng.sample(others, k=min(len(others), rng.randint(1, 2)))
    blocks = list(article["blocks"])
    for other in more:
        blocks += [["p" if kind == "standfirst" else kind, text] for kind, text in other["blocks"]]
    return {**article, "blocks": blocks}


def _compose_page(kit: OutletKit, article: dict) -> Page:
    """One page; a quarter are 'article-only' extractions (consent and widgets left around the text,
    as scrapers that keep just the main container produce), and some pages show no consent text."""
    outlet, layout, rng, ui = kit.outlet, kit.layout, kit.rng, kit.ui
    page = Page()
    stories = iter(rng.sample(kit.other_stories, len(kit.other_stories)))  # each other story once per page
    seen: set[str] = set()
    blocks = [(kind, text) for kind, text in article["blocks"]]
    headline = next((t for k, t in blocks if k == "headline"), blocks[0][1])
    article_only = rng.random() < 0.25
    show_consent = rng.random() < (0.9 if article_only else 0.8)
    if article_only and len(blocks) > 3 and blocks[0][0] == "headline" and rng.random() < 0.4:
        blocks = blocks[1:]  # the extraction lost the headline: the page opens on the lead paragraph
    consent_rows = (
        _consent_block(kit.core, kit.extra, kit.per_page, rng, kit.foreign, kit.guests) if show_consent else []
    )
    if layout.title_line != "none" and not article_only:
        sep = " | " if layout.title_line == "pipe" else " - "
        page.add([f"{headline}{sep}{outlet['name']}"], "body", "title")
    if kit.markup and not article_only:
        page.add(rng.sample(kit.markup, k=rng.randint(0, min(2, len(kit.markup)))), "chrome", "markup")
    if layout.consent_at in ("top", "both") or article_only:
        for text, label in consent_rows:
            page.add([text], label, "consent")
    if not article_only:
        page.add(outlet["header"], "chrome", "header")
        ui_here = _take(ui, kit.ui_per_page + rng.randint(0, 2))
        cut = rng.randint(0, min(2, len(ui_here)))
        page.add(ui_here[:cut], "chrome", "ui")
        nav = _cased(outlet["nav"], layout.menu_case)
        if layout.nav_chunks == 2:
            half = len(nav) // 2
            page.add(nav[:half], "chrome", "nav")
            page.add(_take(kit.notices, 1), "chrome", "notice")
            page.add(nav[half:], "chrome", "nav")
        else:
            page.add(nav, "chrome", "nav")
        if layout.stream == "before":
            _add_stream(page, kit, stories, seen)
        if kit.data_widgets and rng.random() < 0.2:
            page.add(rng.choice(kit.data_widgets), "chrome", "data_widget")
    _add_article(page, blocks, kit, article_only, seen)
    if article_only:
        if rng.random() < 0.5:
            page.add(_take(kit.misc, 1), "chrome", "misc")
        if rng.random() < 0.3:
            page.add(_take(ui, rng.randint(1, 3)), "chrome", "ui")
        return page
    page.add(_take(kit.misc, rng.randint(1, 3)), "chrome", "misc")
    page.add(rng.sample(outlet["promos"], k=min(len(outlet["promos"]), rng.randint(1, 3))), "chrome", "promo")
    if layout.comments:
        _add_comments(page, kit, seen)
    if layout.stream == "after":
        _add_stream(page, kit, stories, seen)
    page.add(ui_here[cut:], "chrome", "ui")
    if layout.ticker:
        _add_ticker(page, kit, stories, seen)
    if kit.data_widgets and rng.random() < 0.3:
        page.add(rng.choice(kit.data_widgets), "chrome", "data_widget")
    for _ in range(layout.lists):
        page.add(_cased(_take(kit.headers, 1), layout.menu_case), "chrome", "list_header")
        numbered = rng.random() < layout.numbered
        for n in range(1, layout.teasers_per_list + 1):
            # Another outlet's real story (headline, often with its summary) or a written teaser line;
            # each at most once per page: real lists do not repeat a story, so a repeat cannot give them away.
            story = _next_story(stories, seen) if rng.random() < 0.4 else None
            pick = story[0] if story else _take_new(kit.teasers, seen)
            if pick is None:
                break
            if numbered:  # a most-read list or a gallery of stories: "3", "3. ...", "3/20 ..."
                style = rng.random()
                if style < 0.4:
                    page.add([str(n)], "chrome", "teaser")
                elif style < 0.8:
                    pick = f"{n}. {pick}"
                else:
                    pick = f"{n}/{layout.teasers_per_list} {pick}"
            page.add([pick], "chrome", "teaser")
            # Teaser lists often show the other story's standfirst too: news prose that is chrome here.
            if story and rng.random() < layout.teaser_deks * 1.5:
                page.add([_summary(story, rng)], "chrome", "teaser_dek")
        if rng.random() < 0.5:
            page.add(_take(kit.bylines, 1), "chrome", "byline")
    page.add(outlet["footer"], "chrome", "footer")
    if kit.markup:
        page.add([rng.choice(kit.markup) for _ in range(rng.randint(0, 4))], "chrome", "markup")
    if layout.consent_at in ("bottom", "both"):
        for text, label in consent_rows:
            page.add([text], label, "consent")
    return page


def _add_stream(page: Page, kit: OutletKit, stories: Iterator[tuple[str, str, str]], seen: set[str]) -> None:
    """A portal's stream of other stories: headline, its standfirst, source and time, a comment count.
    Real article prose and headlines that are furniture on this page, in the rhythm real portals use."""
    rng = kit.rng
    for _ in range(rng.randint(6, 14)):
        story = _next_story(stories, seen)
        if story is None:
            break
        page.add([story[0]], "chrome", "stream")
        if rng.random() < 0.8:
            page.add([_summary(story, rng)], "chrome", "stream")
        if rng.random() < 0.7:
            page.add(_take(kit.bylines, 1), "chrome", "byline")
        if rng.random() < 0.3:
            page.add(_take(kit.ui, 1), "chrome", "ui")


def _story(article: dict) -> tuple[str, str, str]:
    """(headline, standfirst, lead paragraph) of an article, as other pages' teasers quote it."""
    blocks = article["blocks"]
    first = {kind: text for kind, text in reversed(blocks)}
    lead = first.get("p") or first.get("standfirst") or blocks[-1][1]
    return first.get("headline", blocks[0][1]), first.get("standfirst", lead), lead


def _summary(story: tuple[str, str, str], rng: random.Random) -> str:
    """A teaser's summary: the story's standfirst, or its lead cut short at a word the way lists trim it."""
    if rng.random() < 0.5:
        return story[1]
    lead = story[2]
    limit = rng.randint(80, 180)
    if len(lead) <= limit:
        return lead
    return lead[:limit].rsplit(" ", 1)[0] + rng.choice(["…", "...", " …", ""])


def _next_unseen(draws, seen: set[str], key=lambda draw: draw, tries: int | None = None):
    """The next draw whose key is not on this page yet, marked as seen; None once the draws are spent
    (or after `tries` draws, for endless pools that may hold nothing new)."""
    for attempt, draw in enumerate(draws, 1):
        if key(draw) not in seen:
            seen.add(key(draw))
            return draw
        if tries is not None and attempt >= tries:
            break
    return None


def _next_story(stories: Iterator[tuple[str, str, str]], seen: set[str]) -> tuple[str, str, str] | None:
    """The page's next other story whose headline is not on the page yet (written teasers can match one)."""
    return _next_unseen(stories, seen, key=lambda story: story[0])


def _take_new(pool: Iterator[str], seen: set[str]) -> str | None:
    """The next draw of an endless pool not yet on this page."""
    return _next_unseen(pool, seen, tries=50)


def _add_comments(page: Page, kit: OutletKit, seen: set[str]) -> None:
    """A comment thread: readers' prose, often with its author-and-time line and a reply or vote control."""
    rng = kit.rng
    for _ in range(rng.randint(4, 16)):
        text = _take_new(kit.comments, seen)
        if text is None:
            break
        if rng.random() < 0.6:
            page.add(_take(kit.comment_heads, 1) or _take(kit.bylines, 1), "chrome", "comment_head")
        page.add([text], "chrome", "comment")
        if rng.random() < 0.3:
            page.add(_take(kit.comment_heads, 1) or _take(kit.ui, 1), "chrome", "comment_head")


def _add_ticker(page: Page, kit: OutletKit, stories: Iterator[tuple[str, str, str]], seen: set[str]) -> None:
    """A live ticker: times with other stories' headlines, some with a topic word and the story's lead.
    News prose, after the article, that is furniture here."""
    rng = kit.rng
    page.add(_take(kit.headers, 1), "chrome", "list_header")
    hour, minute = rng.randint(9, 22), rng.randint(0, 59)
    for _ in range(rng.randint(8, 20)):
        story = _next_story(stories, seen)
        if story is None:
            break
        stamp = f"{hour:02d}:{minute:02d}"
        if rng.random() < 0.6:
            page.add([f"{stamp} {story[0]}"], "chrome", "ticker")
        else:
            page.add([stamp], "chrome", "ticker")
            if rng.random() < 0.5:
                page.add([story[0].split()[0].rstrip(":,;.!?") + "."], "chrome", "ticker")
            page.add([_summary(story, rng)], "chrome", "ticker")
        minute -= rng.randint(3, 25)
        while minute < 0:
            hour, minute = (hour - 1) % 24, minute + 60


def _add_article(page: Page, blocks: list, kit: OutletKit, article_only: bool, seen: set[str]) -> None:
    """The article's blocks with furniture interleaved the way real templates do."""
    outlet, layout, rng = kit.outlet, kit.layout, kit.rng
    bylines, notices, misc, headers, teasers = kit.bylines, kit.notices, kit.misc, kit.headers, kit.teasers
    widgets = list(outlet["widgets"])
    rng.shuffle(widgets)
    after_headline = True
    inserted_related = article_only
    subheadings = [text for kind, text in blocks[1:] if kind in ("sub", "headline")]
    # Text extraction joins a table row's cells with spaces or keeps a separator, depending on the page.
    cell_sep = rng.choice([" | ", " "])
    for i, (kind, text) in enumerate(blocks):
        if kind == "headline" and not after_headline:
            kind = "sub"
        if kind == "row":
            text = text.replace(" | ", cell_sep)
        page.add([text], "body", kind)
        if after_headline and (kind == "headline" or i == 0):  # bylines and controls follow the opening block
            page.add(_take(bylines, rng.randint(0 if article_only else 1, 3)), "chrome", "byline")
            page.add(widgets[: rng.randint(0 if article_only else 1, 4)], "chrome", "widget")
            # Long reads often open with an in-page table of contents: the subheadings again, as chrome,
            # so that a line repeated on the page is not furniture by that alone.
            if len(subheadings) >= 3 and rng.random() < TOC_SHARE:
                numbered = rng.random() < 0.5
                page.add([f"{n}. {t}" if numbered else t for n, t in enumerate(subheadings, 1)], "chrome", "toc")
            after_headline = False
        elif kind == "p" and rng.random() < 0.12:
            choice = rng.random()
            if choice < 0.3:
                page.add(_take(misc, 1), "chrome", "misc")
            elif choice < 0.5:
                page.add(_take(notices, 1), "chrome", "notice")
            elif choice < 0.7:
                page.add([rng.choice(outlet["promos"])], "chrome", "promo")
            else:  # a control bar left between two paragraphs ("Text size:", "Listen", "Share")
                page.add(rng.sample(widgets, k=min(len(widgets), rng.randint(1, 2))), "chrome", "widget")
        elif kind == "p" and rng.random() < (0.12 if article_only else 0.06):
            page.add([rng.choice(widgets)], "chrome", "widget")
        elif kind == "caption" and rng.random() < 0.4:  # a bare credit under the picture
            page.add(_take(bylines, 1), "chrome", "credit")
        elif kind == "p" and kit.markup and rng.random() < 0.05:  # an ad slot's leftover markup
            page.add([rng.choice(kit.markup)], "chrome", "markup")
        if layout.related_in_article and not inserted_related and i > len(blocks) // 2 and kind == "p":
            page.add(_take(headers, 1), "chrome", "list_header")
            page.add([t for t in (_take_new(teasers, seen) for _ in range(3)) if t], "chrome", "teaser")
            inserted_related = True
    page.add(widgets[4:] if not article_only else widgets[4:6], "chrome", "widget")


def _read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def load_material(source_dir: Path, consent_only: dict[str, dict[str, list[str]]] | None = None) -> list[dict]:
    """Each language's material: `<lang>.json`, plus the articles of `extra/<lang>[_*].json`, the UI and
    consent strings of `ui/<lang>.json`, further chrome pools and data widgets of `more/<lang>[_*].json`."""
    consent_only = load_consent_only(source_dir) if consent_only is None else consent_only
    materials = []
    for path in sorted(source_dir.glob("*.json")):
        material = _read_json(path)
        lang = path.stem
        for extra in sorted(source_dir.glob(f"extra/{lang}.json")) + sorted(source_dir.glob(f"extra/{lang}_*.json")):
            material["articles"] = material["articles"] + _read_json(extra)["articles"]
        ui = source_dir / "ui" / path.name
        if ui.is_file():
            strings = _read_json(ui)
            material["chrome"]["ui"] = list(strings.get("ui", []))
            material["consent"]["library"] = list(strings.get("consent", []))
        for more in sorted(source_dir.glob(f"more/{lang}.json")) + sorted(source_dir.glob(f"more/{lang}_*.json")):
            written = _read_json(more)
            for name, texts in written.get("chrome", {}).items():
                material["chrome"][name] = list(material["chrome"].get(name, [])) + list(texts)
            material["data_widgets"] = material.get("data_widgets", []) + written.get("widgets", [])
        for key, texts in consent_only.get(lang, {}).items():
            material["consent"][key] = list(material["consent"].get(key, [])) + list(texts)
        materials.append(material)
    return materials


def load_consent_only(source_dir: Path) -> dict[str, dict[str, list[str]]]:
    """`consent_only/<lang>[_<name>].json`: consent texts by pool, for languages with pages (merged into their pools)
    and for languages without (shown as guest notices on other languages' pages)."""
    by_lang: dict[str, dict[str, list[str]]] = {}
    for path in sorted(source_dir.glob("consent_only/*.json")):  # <lang>.json, <lang>_<name>.json
        pools = by_lang.setdefault(path.stem.split("_")[0], {})
        for key, texts in _read_json(path)["consent"].items():
            pools[key] = pools.get(key, []) + list(texts)
    return by_lang


def _assign_guests(materials: list[dict], consent_only: dict, guest_ui: dict) -> dict[str, dict[str, list]]:
    """Spread each language without pages over GUEST_OUTLETS outlets, evenly and in a fixed order: its
    consent texts become extra language versions of those outlets' notices, its interface strings
    (language switchers, shared widgets) join their furniture. Both, so that a language is never
    seen under one label only and its script alone does not decide the label."""
    with_pages = {m["lang"] for m in materials}
    domains = [o["domain"] for m in materials for o in m["outlets"]]
    guests: dict[str, dict[str, list]] = {}
    langs = sorted((set(consent_only) | set(guest_ui)) - with_pages)
    for g, lang in enumerate(langs):
        texts = [t for key in CONSENT_KEYS for t in consent_only.get(lang, {}).get(key, [])]
        ui = list(guest_ui.get(lang, []))
        for k in range(GUEST_OUTLETS):
            visiting = guests.setdefault(domains[(g + k * len(langs)) % len(domains)], {"consent": [], "ui": []})
            if texts:
                visiting["consent"].append(texts)
            visiting["ui"] += ui[k :: GUEST_OUTLETS]  # each outlet its own share, as with every pool
    return guests


def load_guest_ui(source_dir: Path) -> dict[str, list[str]]:
    """`guest_ui/<lang>.json`: `{"lang": ..., "ui": [...]}` interface strings of languages without pages."""
    return {
        path.stem: list(_read_json(path)["ui"])
        for path in sorted(source_dir.glob("guest_ui/*.json"))
    }


def load_markup(source_dir: Path) -> list[str]:
    """`markup/*.json`: stray markup lines (language-neutral chrome) that some outlets' pages carry."""
    return [t for path in sorted(source_dir.glob("markup/*.json")) for t in _read_json(path)["chrome"]["markup"]]


def build_dataset(source_dir: str | Path, seed: int = 0) -> pd.DataFrame:
    """Every language's pages, in a stable order."""
    consent_only = load_consent_only(Path(source_dir))
    markup = load_markup(Path(source_dir))
    materials = load_material(Path(source_dir), consent_only)
    foreign = {m["lang"]: list(m["consent"].get("banner", [])) for m in materials}
    guests = _assign_guests(materials, consent_only, load_guest_ui(Path(source_dir)))
    rows = []
    for material in materials:
        rows.extend(build_language(material, seed, foreign, guests, markup))
    return pd.DataFrame(rows, columns=COLUMNS)
