"""Duplicate articles: exact copies (same content hash) and near copies (MinHash + LSH).

Near copies are wire stories run by several outlets with a changed sentence or
an added line, and updated versions of one article. Texts are compared as sets
of word 5-grams ("shingles") of their normalised words; MinHash signatures
estimate the Jaccard similarity of those sets and LSH finds candidates
without comparing every pair.

The canonical copy is the first one seen. That choice is stable: the store
can record "B duplicates A" once and never has to re-point it, and a resumed
or repeated run reaches the same answer because the index state is saved.

Persisted form, one row per indexed article (``DedupeRow``): article id,
content hash, MinHash signature (``num_perm`` little-endian uint32, 512 bytes
at the default 128; empty for exact copies, which need none) and the
canonical article id (None for canonical articles). ``to_rows``/``from_rows``
map to a table; ``to_bytes``/``from_bytes`` to one blob.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from lagebild.errors import LagebildError
from lagebild.records import Article

LSH_SLACK = 0.1
SCHEME = "affine32"  # datasketch's permutation scheme; signatures are uint32
_SIGNATURE_DTYPE = np.dtype("<u4")
_WORD = re.compile(r"\w+")
_FORMAT = "lagebild-dedupe/1"


@dataclass(frozen=True, slots=True)
class DedupeConfig:
    """Parameters that saved state must share with the index that reads it."""

    threshold: float = 0.8  # estimated Jaccard similarity of shingle sets
    num_perm: int = 128
    shingle_words: int = 5
    seed: int = 1


@dataclass(frozen=True, slots=True)
class DuplicateOf:
    """An article repeats ``article_id``, the canonical (first seen) copy."""

    article_id: str
    kind: str  # "exact" or "near"
    similarity: float  # 1.0 for exact copies, estimated Jaccard for near copies


@dataclass(frozen=True, slots=True)
class DedupeRow:
    article_id: str
    content_hash: str
    signature: bytes
    canonical_id: str | None = None  # None: the article is canonical
    similarity: float | None = None  # to the canonical copy; 1.0 for exact copies


def shingles(text: str, size: int) -> set[str]:
    """Word n-grams of the normalised text; a text shorter than ``size`` words is one."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


class DedupeIndex:
    """Finds the canonical copy an article duplicates; ``add`` makes it known.

    ``observe(article)`` does both: the usual call per ingested article.
    """

    def __init__(self, config: DedupeConfig | None = None) -> None:
        self.config = config or DedupeConfig()
        # LSH finds candidates with some slack below the threshold, so pairs just
        # above it are not lost to its banding; their estimate then decides.
        candidates = max(0.5, self.config.threshold - LSH_SLACK)
        self._lsh = MinHashLSH(threshold=candidates, num_perm=self.config.num_perm)
        self._template = MinHash(num_perm=self.config.num_perm, seed=self.config.seed)
        self._rows: dict[str, DedupeRow] = {}
        self._by_hash: dict[str, str] = {}  # content hash -> canonical id
        self._sketches: dict[str, LeanMinHash] = {}  # ids in the LSH -> signature

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._rows

    def row(self, article_id: str) -> DedupeRow:
        """The index row of an article added before (``KeyError`` otherwise)."""
        return self._rows[article_id]

    def check(self, article: Article) -> DuplicateOf | None:
        """The canonical copy ``article`` duplicates, or None if it is new (or canonical)."""
        return self._check(article, article.content_hash, None)

    def add(self, article: Article) -> DuplicateOf | None:
        """Index ``article`` (again: no change) and return what it duplicates."""
        return self.observe(article)

    def observe(self, article: Article) -> DuplicateOf | None:
        """``check`` and ``add`` in one step, hashing the text once."""
        if article.id in self._rows:
            return self._stored_relation(article.id)
        digest = article.content_hash
        exact = self._check(article, digest, None)
        if exact is not None and exact.kind == "exact":
            self._remember(DedupeRow(article.id, digest, b"", exact.article_id, 1.0))
            return exact
        sketch = self._sketch(article.text)
        found = self._check(article, digest, sketch)
        signature = b"" if sketch is None else _to_bytes(sketch)
        row = DedupeRow(article.id, digest, signature)
        if found:
            row = DedupeRow(article.id, digest, signature, found.article_id, found.similarity)
        self._remember(row, sketch)
        return found

    # -- persistence ---------------------------------------------------------------

    def to_rows(self) -> Iterator[DedupeRow]:
        """Every indexed article, in the order it was added."""
        yield from self._rows.values()

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[DedupeRow | tuple[str, str, bytes, str | None, float | None]],
        config: DedupeConfig | None = None,
    ) -> DedupeIndex:
        """Rebuild an index from ``to_rows`` output (rows or plain tuples, in order)."""
        index = cls(config)
        for row in rows:
            row = row if isinstance(row, DedupeRow) else DedupeRow(*row)
            index._remember(row, index._from_bytes(row.signature))
        return index

    def to_bytes(self) -> bytes:
        header = {"format": _FORMAT, "scheme": SCHEME, "config": asdict(self.config)}
        lines = [json.dumps(header)]
        lines += [json.dumps(_row_json(row)) for row in self.to_rows()]
        return "\n".join(lines).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> DedupeIndex:
        first, *rest = data.decode("utf-8").split("\n")
        header = json.loads(first)
        if header.get("format") != _FORMAT or header.get("scheme") != SCHEME:
            raise LagebildError(f"not a dedupe state this version can read: {header!r}")
        rows = (_row_from_json(json.loads(line)) for line in rest if line)
        return cls.from_rows(rows, DedupeConfig(**header["config"]))

    # -- internals -----------------------------------------------------------------

    def _check(
        self, article: Article, digest: str, sketch: LeanMinHash | None
    ) -> DuplicateOf | None:
        if article.id in self._rows:
            return self._stored_relation(article.id)
        canonical = self._by_hash.get(digest)
        if canonical is not None and canonical != article.id:
            return DuplicateOf(canonical, "exact", 1.0)
        if sketch is None:
            sketch = self._sketch(article.text)
        return None if sketch is None else self._nearest(sketch, article.id)

    def _nearest(self, sketch: LeanMinHash, article_id: str) -> DuplicateOf | None:
        best: tuple[float, str] | None = None
        for key in self._lsh.query(sketch):
            if article_id in (key, self._rows[key].canonical_id):
                # A copy of this very article, indexed before it (its canonical row
                # was lost, e.g. to a killed run): the article is still canonical.
                continue
            similarity = float(sketch.jaccard(self._sketches[key]))
            if similarity >= self.config.threshold and (best is None or similarity > best[0]):
                best = (similarity, key)
        if best is None:
            return None
        similarity, key = best
        canonical = self._rows[key].canonical_id or key
        return DuplicateOf(canonical, "near", round(similarity, 4))

    def _stored_relation(self, article_id: str) -> DuplicateOf | None:
        row = self._rows[article_id]
        if row.canonical_id is None:
            return None
        similarity = 1.0 if row.similarity is None else row.similarity
        kind = "exact" if row.content_hash == self._rows[row.canonical_id].content_hash else "near"
        return DuplicateOf(row.canonical_id, kind, similarity)

    def _remember(self, row: DedupeRow, sketch: LeanMinHash | None = None) -> None:
        self._rows[row.article_id] = row
        self._by_hash.setdefault(row.content_hash, row.canonical_id or row.article_id)
        # Near copies join the LSH too, so that a later version still matches
        # after the text has drifted further from the first one.
        if sketch is not None and row.article_id not in self._sketches:
            self._lsh.insert(row.article_id, sketch)
            self._sketches[row.article_id] = sketch

    def _sketch(self, text: str) -> LeanMinHash | None:
        grams = shingles(text, self.config.shingle_words)
        if not grams:
            return None
        minhash = MinHash(
            num_perm=self.config.num_perm,
            seed=self.config.seed,
            permutations=self._template.permutations,
            scheme=SCHEME,
        )
        minhash.update_batch([gram.encode("utf-8") for gram in grams])
        return LeanMinHash(minhash)

    def _from_bytes(self, signature: bytes) -> LeanMinHash | None:
        if not signature:
            return None
        expected = self.config.num_perm * _SIGNATURE_DTYPE.itemsize
        if len(signature) != expected:
            raise LagebildError(
                f"dedupe signature of {len(signature)} bytes, expected {expected} "
                f"(num_perm={self.config.num_perm}): state saved with other settings"
            )
        values = np.frombuffer(signature, dtype=_SIGNATURE_DTYPE)
        return LeanMinHash(seed=self.config.seed, hashvalues=values, scheme=SCHEME)


def _to_bytes(sketch: LeanMinHash) -> bytes:
    return np.asarray(sketch.hashvalues).astype(_SIGNATURE_DTYPE).tobytes()


def _row_json(row: DedupeRow) -> dict[str, Any]:
    return {
        "id": row.article_id,
        "hash": row.content_hash,
        "sig": base64.b64encode(row.signature).decode("ascii"),
        "canonical": row.canonical_id,
        "similarity": row.similarity,
    }


def _row_from_json(value: dict[str, Any]) -> DedupeRow:
    return DedupeRow(
        str(value["id"]),
        str(value["hash"]),
        base64.b64decode(value["sig"]),
        value["canonical"],
        value["similarity"],
    )
