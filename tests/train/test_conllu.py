"""CoNLL-U conversion: multiword tokens, heads, PUD harmonisation."""

from __future__ import annotations

import spacy

from lagebild.train.conllu import (
    conllu_to_docs,
    merge_multiword_tokens,
    read_conllu,
    to_gsd_conventions,
)

GERMAN = """\
# sent_id = t1
# text = Er geht zum Markt.
1	Er	er	PRON	PPER	Case=Nom|Number=Sing|Person=3|PronType=Prs	2	nsubj	_	_
2	geht	gehen	VERB	VVFIN	VerbForm=Fin	0	root	_	_
3-4	zum	_	_	_	_	_	_	_	_
3	zu	zu	ADP	APPR	_	5	case	_	_
4	dem	der	DET	ART	Case=Dat|Definite=Def|Gender=Masc|Number=Sing|PronType=Art	5	det	_	_
5	Markt	Markt	NOUN	NN	Case=Dat|Gender=Masc|Number=Sing	2	obl	_	SpaceAfter=No
6	.	.	PUNCT	$.	_	2	punct	_	_

"""

ENGLISH = """\
# sent_id = e1
1-2	don't	_	_	_	_	_	_	_	_
1	do	do	AUX	VBP	Mood=Ind|Tense=Pres|VerbForm=Fin	3	aux	_	_
2	n't	not	PART	RB	Polarity=Neg	3	advmod	_	_
3	go	go	VERB	VB	VerbForm=Inf	0	root	_	SpaceAfter=No
4	!	!	PUNCT	.	_	3	punct	_	_
"""


def test_read_conllu_skips_comments_and_keeps_multiword_ranges() -> None:
    (sentence,) = read_conllu(GERMAN.splitlines(keepends=True))
    assert sentence.sent_id == "t1"
    assert [w.form for w in sentence.words] == ["Er", "geht", "zu", "dem", "Markt", "."]
    assert sentence.multiword == {3: (4, "zum", True)}
    assert sentence.words[4].space_after is False


def test_merging_a_contraction_keeps_case_arc_and_article_features() -> None:
    (sentence,) = read_conllu(GERMAN.splitlines())
    merged = merge_multiword_tokens(sentence)
    forms = [w.form for w in merged.words]
    assert forms == ["Er", "geht", "zum", "Markt", "."]
    zum = merged.words[2]
    assert (zum.upos, zum.deprel, zum.head, zum.lemma) == ("ADP", "case", 4, "zu")
    assert zum.xpos == "APPRART"
    assert "Case=Dat" in zum.feats
    assert merged.words[3].head == 2  # Markt -> geht, renumbered
    assert merged.words[4].head == 2


def test_german_docs_match_the_runtime_tokenizer() -> None:
    nlp = spacy.blank("de")
    (doc,) = conllu_to_docs(nlp.vocab, read_conllu(GERMAN.splitlines()), merge_multiword=True)
    assert doc.text == "Er geht zum Markt."
    assert [t.text for t in nlp(doc.text)] == [t.text for t in doc]
    assert doc[0].dep_ == "nsubj" and doc[0].head.i == 1
    assert doc[1].dep_ == "ROOT" and doc[1].head.i == 1
    assert doc[3].morph.get("Case") == ["Dat"]


def test_english_multiword_tokens_stay_split_without_space() -> None:
    vocab = spacy.blank("en").vocab
    (doc,) = conllu_to_docs(vocab, read_conllu(ENGLISH.splitlines()), merge_multiword=False)
    assert [t.text for t in doc] == ["do", "n't", "go", "!"]
    assert doc.text == "don't go!"
    assert doc[1].lemma_ == "not" and doc[1].head.i == 2


def test_pud_sentences_take_gsd_feature_conventions_and_lose_their_tag() -> None:
    pud = """\
1	schrieb	schreiben	VERB	VBC	Mood=Ind|Number=Sing|Person=3|Tense=Past	0	root	_	_
2	gesagt	sagen	VERB	VBN	Tense=Past	1	xcomp	_	_
3	gehen	gehen	VERB	VB	_	1	xcomp	_	_
4	hingegen	hingegen	ADV	RB	Degree=Pos	1	advmod	_	_
5	Staaten	Staat	NOUN	NN	Case=Nom	1	obj	_	Proper=True
"""
    (sentence,) = read_conllu(pud.splitlines())
    words = to_gsd_conventions(sentence).words
    assert words[0].feats == "Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin"
    assert words[1].feats == "VerbForm=Part"
    assert words[2].feats == "VerbForm=Inf"
    assert words[3].feats == ""
    assert words[4].upos == "PROPN"
    assert all(w.xpos == "" for w in words)
