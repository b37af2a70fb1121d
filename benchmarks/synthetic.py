"""Synthetic German news for tests and benchmarks: articles, wire copies, WARC crawls.

Articles are short reports built from sentence templates that combine state
actors with verbs the German pack codes (criticise, threaten, promise
support, sanction, meet, invite, accuse), plus sentences that carry no event
(figures, observers, weather of the markets). Every article draws its own
mix, so two articles are never near-duplicates by accident; ``wire_copy``
makes a deliberate near copy (agency dateline and a closing line added).

Everything is seeded: the same arguments give the same bytes.

Used by ``tests/test_kill_resume.py``, ``tests/test_parallel.py`` and
``benchmarks/warc_memory.py``; run ``python benchmarks/synthetic.py N FILE``
to write N articles as JSON Lines.
"""

from __future__ import annotations

import io
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass(frozen=True)
class Country:
    """A country as subject (nominative), accusative and dative object, and adjective."""

    nom: str
    acc: str
    dat: str
    adjective: str  # "russische", as in "die russische Regierung"
    capital: str


COUNTRIES = (
    Country("Russland", "Russland", "Russland", "russische", "Moskau"),
    Country("die Ukraine", "die Ukraine", "der Ukraine", "ukrainische", "Kiew"),
    Country("Frankreich", "Frankreich", "Frankreich", "französische", "Paris"),
    Country("Deutschland", "Deutschland", "Deutschland", "deutsche", "Berlin"),
    Country("China", "China", "China", "chinesische", "Peking"),
    Country("die Türkei", "die Türkei", "der Türkei", "türkische", "Ankara"),
    Country("Österreich", "Österreich", "Österreich", "österreichische", "Wien"),
    Country("Japan", "Japan", "Japan", "japanische", "Tokio"),
    Country("Nordkorea", "Nordkorea", "Nordkorea", "nordkoreanische", "Pjöngjang"),
    Country("Polen", "Polen", "Polen", "polnische", "Warschau"),
    Country("Italien", "Italien", "Italien", "italienische", "Rom"),
    Country("Ungarn", "Ungarn", "Ungarn", "ungarische", "Budapest"),
    Country("Serbien", "Serbien", "Serbien", "serbische", "Belgrad"),
    Country("Israel", "Israel", "Israel", "israelische", "Jerusalem"),
    Country("Ägypten", "Ägypten", "Ägypten", "ägyptische", "Kairo"),
    Country("Spanien", "Spanien", "Spanien", "spanische", "Madrid"),
)
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember")  # fmt: skip
TOPICS = ("die Energieversorgung", "den Grenzverkehr", "die Flüchtlingspolitik",
          "den Handel mit Getreide", "die Rüstungskontrolle", "die Lage im Schwarzen Meer",
          "neue Zölle auf Stahl", "die Sicherheit der Atomkraftwerke",
          "den Wiederaufbau der Infrastruktur", "die Visafreiheit")  # fmt: skip
SUBJECTS = ("{c.nom}", "Die {c.adjective} Regierung", "Der {c.adjective} Außenminister",
            "Der {c.adjective} Präsident", "Die Regierung in {c.capital}")  # fmt: skip

EVENT_TEMPLATES = (
    "{s} hat {o.acc} am {day} scharf kritisiert.",
    "{s} verurteilt {o.acc} wegen der Angriffe im Grenzgebiet.",
    "{s} droht {o.dat} mit neuen Sanktionen.",
    "{s} hat {o.dat} am {day} weitere Unterstützung zugesagt.",
    "{s} verhängt Sanktionen gegen {o.acc}.",
    "{s} lädt {o.acc} zu Gesprächen über {topic} ein.",
    "{s} wirft {o.dat} vor, die Vereinbarungen über {topic} gebrochen zu haben.",
    "{s} traf am {day} in {city} mit Vertretern aus {o.dat} zusammen.",
    "{s} beschuldigt {o.acc}, Waffen an Rebellen zu liefern.",
    "{s} hat {o.dat} Hilfe beim Wiederaufbau angeboten.",
)
FILLER_TEMPLATES = (
    "Nach Angaben von Diplomaten dauerten die Gespräche {n} Stunden.",
    "Die Börse in {city} schloss am {day} mit einem Minus von {pct} Prozent.",
    "Beobachter rechnen mit weiteren Verhandlungen im {month}.",
    "An der Kundgebung in {city} nahmen nach Polizeiangaben rund {big} Menschen teil.",
    "Das Parlament will sich in der kommenden Woche mit dem Thema befassen.",
    "Die Zahl der Betroffenen stieg nach offiziellen Angaben auf {big}.",
    "Ein Sprecher kündigte für {day} eine weitere Stellungnahme an.",
    "Die Opposition sprach von einem Ablenkungsmanöver.",
)
HEADLINES = (
    "Streit über {topic}",
    "Neue Spannungen wegen {topic}",
    "{city}: Gespräche über {topic}",
    "Verhandlungen über {topic} ohne Ergebnis",
    "Diplomatisches Ringen um {topic}",
)
OUTLETS = ("Beispielblatt", "Nachrichten am Morgen", "Tagesecho", "Der Rundblick")
AGENCIES = ("APA", "dpa", "AFP", "Reuters")


def _fill(template: str, rng: random.Random) -> str:
    source, target = rng.sample(COUNTRIES, 2)
    subject = rng.choice(SUBJECTS).format(c=source)
    return template.format(
        s=subject[0].upper() + subject[1:],
        o=target,
        day=rng.choice(WEEKDAYS),
        topic=rng.choice(TOPICS),
        city=rng.choice(COUNTRIES).capital,
        month=rng.choice(MONTHS),
        n=rng.randint(2, 14),
        pct=f"{rng.randint(1, 49) / 10:.1f}".replace(".", ","),
        big=f"{rng.randint(2, 900) * 100:,}".replace(",", "."),
    )


def german_article(number: int, seed: int = 0) -> dict[str, Any]:
    """One article as a JSON-able record (id, url, title, text, published, lang, outlet)."""
    rng = random.Random(f"{seed}:{number}")
    lead, *events = [_fill(rng.choice(EVENT_TEMPLATES), rng) for _ in range(rng.randint(3, 5))]
    rest = events + [_fill(t, rng) for t in rng.sample(FILLER_TEMPLATES, rng.randint(3, 4))]
    rng.shuffle(rest)
    day = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3 * 365))
    title = rng.choice(HEADLINES).format(
        topic=rng.choice(TOPICS), city=rng.choice(COUNTRIES).capital
    )
    text = f"{title}\n{lead} {' '.join(rest)} (Meldung {number + 1} vom {day:%d.%m.%Y})"
    return {
        "id": f"syn-{seed}-{number:06d}",
        "url": f"https://news.example/{day:%Y/%m/%d}/meldung-{seed}-{number}.html",
        "title": title,
        "text": text,
        "published": day.isoformat(),
        "lang": "de",
        "outlet": rng.choice(OUTLETS),
    }


def german_articles(count: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    for number in range(count):
        yield german_article(number, seed)


def wire_copy(record: dict[str, Any], copy: int = 1) -> dict[str, Any]:
    """A near copy as another outlet runs it: the agency's credit added at the end."""
    rng = random.Random(f"{record['id']}:{copy}")
    agency = rng.choice(AGENCIES)
    return {
        **record,
        "id": f"{record['id']}-copy{copy}",
        "url": record["url"].replace(".html", f"-{agency.lower()}-{copy}.html"),
        "text": f"{record['text']} ({agency}, red)",
        "outlet": rng.choice(OUTLETS),
    }


def write_jsonl(path: Path, records: Iterator[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


# -- HTML pages and WARC archives ------------------------------------------------------
def news_html(record: dict[str, Any], boilerplate: int = 40) -> str:
    """The article in a page with navigation, teasers, a cookie banner and a footer.

    ``boilerplate`` is the number of teaser links: real pages carry far more
    markup than text, and extraction has to cope with it.
    """
    rng = random.Random(record["id"])
    title, _, body = record["text"].partition("\n")
    sentences = body.split(". ")
    paragraphs = [". ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    teasers = "\n".join(
        f'<li><a href="/ressort/{rng.randint(1, 10**6)}.html">'
        f"{_fill(rng.choice(FILLER_TEMPLATES), rng)}</a></li>"
        for _ in range(boilerplate)
    )
    text = "\n".join(f"<p>{p.strip()}{'' if p.endswith('.') else '.'}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>{title} – {record["outlet"]}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{record["outlet"]}">
<meta property="article:published_time" content="{record["published"]}T08:00:00+01:00">
<link rel="canonical" href="{record["url"]}">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "artikel"}});</script>
</head><body>
<div id="cookie">Wir verwenden Cookies. <button>Alle akzeptieren</button></div>
<header><nav><a href="/">Startseite</a> <a href="/politik">Politik</a>
<a href="/wirtschaft">Wirtschaft</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>{title}</h1>
{text}
</article></main>
<aside><h2>Auch interessant</h2><ul>
{teasers}
</ul></aside>
<footer>Impressum · Datenschutz · © {record["outlet"]}</footer>
</body></html>"""


@dataclass
class WarcPlan:
    """What goes into a synthetic crawl; sizes in bytes."""

    pages: int  # distinct HTML articles (each also preceded by its request record)
    big_pages: int = 0  # of those, pages padded with teasers to about ``big_page_bytes``
    big_page_bytes: int = 1_500_000
    wire_copies: int = 0  # near copies of earlier pages, at other URLs
    exact_copies: int = 0  # the same page again at another URL
    not_found: int = 0  # 404 responses
    images: int = 0  # image/jpeg responses of ``image_bytes`` each
    image_bytes: int = 400_000
    videos: int = 0  # large video/mp4 responses of ``video_bytes`` each
    video_bytes: int = 40_000_000
    seed: int = 0

    @classmethod
    def for_size(cls, target: int, pages: int, seed: int = 0) -> WarcPlan:
        """A plan for about ``target`` bytes of archive with ``pages`` articles.

        Pages are small (a few KB gzipped); the size comes from media records,
        half images and half videos, as in a real crawl. Random media bytes do
        not compress, so the archive size is close to the target.
        """
        media = max(0, target - pages * 6_000)
        videos = media // 2 // 40_000_000
        images = (media - videos * 40_000_000) // 400_000
        return cls(pages=pages, big_pages=pages // 200, wire_copies=pages // 10,
                   exact_copies=pages // 20, not_found=pages // 20, images=images,
                   videos=videos, seed=seed)  # fmt: skip


def write_warc(path: Path, plan: WarcPlan) -> dict[str, int]:
    """Write the crawl ``plan`` describes, records interleaved as a crawler would.

    Returns the number of records of each kind.
    """
    rng = random.Random(plan.seed)
    kinds = ["page"] * (plan.pages - plan.big_pages) + ["big"] * plan.big_pages
    kinds += ["wire"] * plan.wire_copies + ["exact"] * plan.exact_copies
    kinds += ["404"] * plan.not_found + ["image"] * plan.images + ["video"] * plan.videos
    rng.shuffle(kinds)
    # Copies must follow the page they copy; move them behind the first pages.
    copies = [k for k in kinds if k in ("wire", "exact")]
    kinds = [k for k in kinds if k not in ("wire", "exact")]
    for copy in copies:
        kinds.insert(rng.randint(min(len(kinds), 1 + plan.pages // 4), len(kinds)), copy)
    counts: dict[str, int] = {}
    written: list[dict[str, Any]] = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "synthetic"}))
        for n, kind in enumerate(kinds):
            counts[kind] = counts.get(kind, 0) + 1
            if kind in ("page", "big") or (kind in ("wire", "exact") and not written):
                record = german_article(len(written), plan.seed)
                written.append(record)
                teasers = plan.big_page_bytes // 130 if kind == "big" else 40
                _write_page(writer, record["url"], news_html(record, teasers))
            elif kind == "wire":
                record = wire_copy(rng.choice(written), n)
                _write_page(writer, record["url"], news_html(record))
            elif kind == "exact":
                record = rng.choice(written)
                _write_page(writer, record["url"] + f"?ref=feed{n}", news_html(record))
            elif kind == "404":
                _write_response(
                    writer,
                    f"https://news.example/weg/{n}",
                    "404 Not Found",
                    "text/html",
                    b"<html><body>Seite nicht gefunden</body></html>",
                )
            else:
                size = plan.image_bytes if kind == "image" else plan.video_bytes
                media_type = "image/jpeg" if kind == "image" else "video/mp4"
                url = f"https://media.example/{n}.{'jpg' if kind == 'image' else 'mp4'}"
                _write_response(writer, url, "200 OK", media_type, rng.randbytes(size))
    return counts


def _write_page(writer: WARCWriter, url: str, html: str) -> None:
    request = StatusAndHeaders(
        f"GET {url.split('/', 3)[-1]} HTTP/1.1",
        [("Host", url.split("/")[2])],
        "HTTP/1.1",
        is_http_request=True,
    )
    writer.write_record(writer.create_warc_record(
        url, "request", payload=io.BytesIO(b""), length=0, http_headers=request,
    ))  # fmt: skip
    _write_response(writer, url, "200 OK", "text/html; charset=utf-8", html.encode("utf-8"))


def _write_response(
    writer: WARCWriter, url: str, status: str, media_type: str, body: bytes
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", media_type)], "HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers,
    ))  # fmt: skip


if __name__ == "__main__":
    total = write_jsonl(Path(sys.argv[2]), german_articles(int(sys.argv[1])))
    sys.stdout.write(f"{total} articles written to {sys.argv[2]}\n")
