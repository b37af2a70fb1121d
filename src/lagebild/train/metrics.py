"""Held-out scores computed on gold tokenization, one sentence per ``Doc``.

Definitions (percentages over tokens; multiword tokens such as German "zum" are
one token, as the runtime tokenizer produces them):

- ``upos``: coarse part of speech; ``tag``: fine tag (STTS, PTB) where the gold
  annotation has one; ``morph``: the whole feature set matches;
  ``lemma``: exact lemma;
- ``case``: among tokens whose gold annotation has ``Case``, the predicted
  ``Case`` is the same;
- ``uas``/``las``: head (and, for LAS, the universal relation without subtype,
  as in the CoNLL 2018 shared task) over all tokens including punctuation;
  ``las_full`` compares the full label (``compound:prt``, ``nsubj:pass``);
- ``ner_f1``: exact-span, exact-label micro F1 over entities.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token


@dataclass
class Tally:
    """Correct/total counters per metric, and entity counts."""

    correct: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    ents_gold: int = 0
    ents_pred: int = 0
    ents_match: int = 0

    def add(self, metric: str, ok: bool) -> None:
        self.total[metric] += 1
        self.correct[metric] += int(ok)

    def percentages(self) -> dict[str, float]:
        scores = {m: round(100 * self.correct[m] / n, 1) for m, n in self.total.items() if n}
        if self.ents_gold:
            scores["ner_p"] = _pct(self.ents_match, self.ents_pred)
            scores["ner_r"] = _pct(self.ents_match, self.ents_gold)
            scores["ner_f1"] = _pct(2 * self.ents_match, self.ents_gold + self.ents_pred)
        return scores


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _relation(label: str) -> str:
    return label.lower().split(":")[0]


def _head(token: Token) -> int:
    return token.head.i - token.sent.start


def blank_copy(nlp: Language, gold: Doc) -> Doc:
    """Same words and spaces, no annotation, one preset sentence."""
    doc = Doc(nlp.vocab, words=[t.text for t in gold], spaces=[bool(t.whitespace_) for t in gold])
    for token in doc:
        token.is_sent_start = token.i == 0
    return doc


def predict(nlp: Language, golds: list[Doc], batch_size: int = 64) -> Iterator[Doc]:
    """Run the pipeline on the gold tokenization of each reference ``Doc``."""
    yield from nlp.pipe((blank_copy(nlp, gold) for gold in golds), batch_size=batch_size)


def tally_tokens(tally: Tally, pred: Doc, gold: Doc) -> None:
    for p, g in zip(pred, gold, strict=True):
        tally.add("upos", p.pos_ == g.pos_)
        if g.tag_:
            tally.add("tag", p.tag_ == g.tag_)
        tally.add("morph", str(p.morph) == str(g.morph))
        tally.add("lemma", p.lemma_ == g.lemma_)
        gold_case = g.morph.get("Case", [])
        if gold_case:
            tally.add("case", p.morph.get("Case", []) == gold_case)
        same_head = _head(p) == _head(g)
        tally.add("uas", same_head)
        tally.add("las", same_head and _relation(p.dep_) == _relation(g.dep_))
        tally.add("las_full", same_head and p.dep_.lower() == g.dep_.lower())
        _tally_lemma_by_pos(tally, p, g)


def _tally_lemma_by_pos(tally: Tally, pred: Token, gold: Token) -> None:
    """Lemma accuracy on the word classes the event coder matches against."""
    if gold.pos_ in {"NOUN", "VERB", "PROPN"}:
        tally.add(f"lemma_{gold.pos_.lower()}", pred.lemma_ == gold.lemma_)


def tally_entities(tally: Tally, pred: Doc, gold: Doc) -> None:
    gold_spans = {(e.start, e.end, e.label_) for e in gold.ents}
    pred_spans = {(e.start, e.end, e.label_) for e in pred.ents}
    tally.ents_gold += len(gold_spans)
    tally.ents_pred += len(pred_spans)
    tally.ents_match += len(gold_spans & pred_spans)


def score_treebank(nlp: Language, golds: list[Doc]) -> dict[str, float]:
    tally = Tally()
    for pred, gold in zip(predict(nlp, golds), golds, strict=True):
        tally_tokens(tally, pred, gold)
    return tally.percentages()


def score_entities(nlp: Language, golds: Iterable[Doc]) -> dict[str, float]:
    gold_list = list(golds)
    tally = Tally()
    for pred, gold in zip(predict(nlp, gold_list), gold_list, strict=True):
        tally_entities(tally, pred, gold)
    return tally.percentages()
