"""CoNLL-U treebanks to spaCy ``Doc`` objects.

German multiword tokens ("zum" = "zu" + "dem") are merged into one token,
because spaCy's German tokenizer keeps them whole at run time: training on the
split words would leave those tokens without gold annotation after alignment.
English multiword tokens ("don't" = "do" + "n't") keep their words, which is
what spaCy's English tokenizer produces.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab


@dataclass
class Word:
    """One CoNLL-U word line (ids are 1-based, head 0 is the root)."""

    id: int
    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    deprel: str
    space_after: bool = True
    proper: bool = False


@dataclass
class Sentence:
    """A sentence's words plus the surface spans of its multiword tokens."""

    sent_id: str
    words: list[Word] = field(default_factory=list)
    multiword: dict[int, tuple[int, str, bool]] = field(default_factory=dict)


def _space_after(misc: str) -> bool:
    return "SpaceAfter=No" not in misc.split("|")


def _blank(value: str) -> str:
    return "" if value == "_" else value


def _parse_word(cols: list[str]) -> Word:
    return Word(
        id=int(cols[0]),
        form=cols[1],
        lemma=cols[2],
        upos=cols[3],
        xpos=_blank(cols[4]),
        feats=_blank(cols[5]),
        head=int(cols[6]),
        deprel=cols[7],
        space_after=_space_after(cols[9]),
        proper="Proper=True" in cols[9].split("|"),
    )


def _add_line(sentence: Sentence, line: str) -> None:
    cols = line.split("\t")
    if len(cols) != 10:
        raise ValueError(f"malformed CoNLL-U line in {sentence.sent_id!r}: {line!r}")
    if "-" in cols[0]:
        start, end = (int(part) for part in cols[0].split("-"))
        sentence.multiword[start] = (end, cols[1], _space_after(cols[9]))
    elif "." not in cols[0]:
        sentence.words.append(_parse_word(cols))


def read_conllu(lines: Iterable[str]) -> Iterator[Sentence]:
    """Parse CoNLL-U text (an iterable of lines) into sentences; empty nodes are skipped."""
    sentence = Sentence(sent_id="")
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip():
            if sentence.words:
                yield sentence
            sentence = Sentence(sent_id="")
        elif line.startswith("#"):
            if line.startswith("# sent_id"):
                sentence.sent_id = line.split("=", 1)[1].strip()
        else:
            _add_line(sentence, line)
    if sentence.words:
        yield sentence


def read_conllu_file(path: Path) -> list[Sentence]:
    with path.open(encoding="utf-8") as handle:
        return list(read_conllu(handle))


def _merge_feats(feats: Iterable[str]) -> str:
    """Union of feature strings; the first word wins on conflicts, output sorted as in UD."""
    merged: dict[str, str] = {}
    for feat_string in feats:
        for pair in filter(None, feat_string.split("|")):
            key, _, value = pair.partition("=")
            merged.setdefault(key, value)
    return "|".join(f"{key}={merged[key]}" for key in sorted(merged, key=str.lower))


def _merge_span(sentence: Sentence, start: int, end: int, form: str, space: bool) -> Word:
    """One token for words ``start..end``; it takes the head and label of the word
    whose head lies outside the span (in "zum" the preposition's ``case`` arc)."""
    parts = [w for w in sentence.words if start <= w.id <= end]
    outside = [w for w in parts if not start <= w.head <= end] or parts[:1]
    anchor = outside[0]
    return Word(
        id=start,
        form=form,
        lemma=parts[0].lemma,
        upos=anchor.upos,
        xpos="APPRART" if anchor.xpos == "APPR" else anchor.xpos,
        feats=_merge_feats(w.feats for w in parts),
        head=anchor.head,
        deprel=anchor.deprel,
        space_after=space,
    )


def merge_multiword_tokens(sentence: Sentence) -> Sentence:
    """Replace each multiword token's words by one token and renumber heads."""
    if not sentence.multiword:
        return sentence
    new_id: dict[int, int] = {0: 0}
    words: list[Word] = []
    position = 1
    while position <= len(sentence.words):
        if position in sentence.multiword:
            end, form, space = sentence.multiword[position]
            words.append(_merge_span(sentence, position, end, form, space))
            for old in range(position, end + 1):
                new_id[old] = len(words)
            position = end + 1
        else:
            words.append(sentence.words[position - 1])
            new_id[position] = len(words)
            position += 1
    renumbered = [replace(w, id=i, head=new_id[w.head]) for i, w in enumerate(words, start=1)]
    return Sentence(sent_id=sentence.sent_id, words=renumbered)


def _words_with_mwt_spacing(sentence: Sentence) -> list[Word]:
    """Words of split multiword tokens are written without spaces between them."""
    words = [replace(w) for w in sentence.words]
    for start, (end, _form, space) in sentence.multiword.items():
        for word in words:
            if start <= word.id < end:
                word.space_after = False
            elif word.id == end:
                word.space_after = space
    return words


def sentence_to_doc(vocab: Vocab, sentence: Sentence) -> Doc:
    """A fully annotated ``Doc`` for one sentence (heads as absolute token indices)."""
    words = _words_with_mwt_spacing(sentence)
    return Doc(
        vocab,
        words=[w.form for w in words],
        spaces=[w.space_after for w in words[:-1]] + [False],
        tags=[w.xpos for w in words],
        pos=[w.upos for w in words],
        morphs=[w.feats for w in words],
        lemmas=[w.lemma for w in words],
        heads=[w.head - 1 if w.head else w.id - 1 for w in words],
        deps=["ROOT" if w.deprel == "root" else w.deprel for w in words],
        sent_starts=[True, *[False] * (len(words) - 1)],
    )


def conllu_to_docs(
    vocab: Vocab, sentences: Iterable[Sentence], merge_multiword: bool
) -> Iterator[Doc]:
    """One ``Doc`` per sentence, German-style merged or English-style split."""
    for sentence in sentences:
        source = merge_multiword_tokens(sentence) if merge_multiword else sentence
        yield sentence_to_doc(vocab, source)


def _feats_dict(feats: str) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in feats.split("|") if "=" in pair)


def _gsd_feats(word: Word) -> str:
    """PUD leaves out ``VerbForm`` and marks ``Degree`` on adverbs; GSD does the opposite."""
    feats = _feats_dict(word.feats)
    if word.upos != "ADJ":
        feats.pop("Degree", None)
    if word.upos in {"VERB", "AUX"} and "VerbForm" not in feats:
        if "Mood" in feats:
            feats["VerbForm"] = "Fin"
        elif feats.get("Tense") == "Past":
            feats = {"VerbForm": "Part"}
        elif not feats:
            feats = {"VerbForm": "Inf"}
    return "|".join(f"{key}={feats[key]}" for key in sorted(feats, key=str.lower))


def _gsd_upos(word: Word) -> str:
    """PUD tags the common nouns inside names ("Vereinigten Staaten") NOUN with
    ``Proper=True``; GSD tags them PROPN."""
    return "PROPN" if word.upos == "NOUN" and word.proper else word.upos


def to_gsd_conventions(sentence: Sentence) -> Sentence:
    """German PUD in the GSD scheme: GSD-style parts of speech and features, and
    no tag (PUD's XPOS is an English tagset, so the tagger learns STTS from GSD only)."""
    words = [replace(w, upos=_gsd_upos(w), xpos="", feats=_gsd_feats(w)) for w in sentence.words]
    return Sentence(sent_id=sentence.sent_id, words=words, multiword=dict(sentence.multiword))
