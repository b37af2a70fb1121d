"""``MODEL_CARD.md`` for a trained pipeline: data, licences, configuration, scores.

The variants-tried section is committed text (``configs/<lang>_variants.md``),
written from the experiment log; everything else comes from the run.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from lagebild.train.evaluation import read_meta

DATA = {
    "de": (
        "- UD German-GSD dev (CC BY-SA 4.0) and UD German-PUD (CC BY-SA 3.0): tagger, "
        "morphologizer, lemmatizer, parser. Every 10th sentence is the early-stopping slice; "
        "GSD test is held out.\n"
        "- GermEval 2014 dev (CC BY 4.0; every 10th sentence for early stopping) and DFKI "
        "SmartData v1 train+test (CC BY 4.0): NER. GermEval 2014 test is held out.\n"
        "- Raw text for floret vectors: 10kGNAD test articles (CC BY-NC-SA 4.0) plus the "
        "German training sentences above.\n"
        "- Dictionary lemmas at run time from the `simplemma` package (MIT).\n"
        "- Parts of speech at run time also from HanTa (`hanta` package, LGPL-3.0; its "
        "German model is trained on the TIGER treebank).\n\n"
        "The trained weights derive from these data: the share-alike (CC BY-SA) and "
        "attribution (CC BY) terms carry over, and the 10kGNAD-derived vectors carry the "
        "NonCommercial term of CC BY-NC-SA 4.0."
    ),
    "en": (
        "- UD English-EWT train (CC BY-SA 4.0); EWT dev for early stopping; EWT test held "
        "out.\n- Lemmas from spaCy's English rule tables (spacy-lookups-data, MIT).\n\n"
        "The trained weights derive from EWT: CC BY-SA 4.0 terms carry over."
    ),
}

LABEL_MAPPING = (
    "NER labels: GermEval PER/LOC/ORG/OTH -> PER/LOC/ORG/MISC (outer column); the "
    "-deriv and -part variants are O. SmartData person -> PER; organization, "
    "organization-company -> ORG; location, -city, -street, -stop -> LOC; location-route "
    "unannotated (missing); all other types O."
)

METRICS = (
    "Scores are percentages on gold tokenization, one sentence per document; German "
    "contractions (zum = zu + dem) count as one token. `case`: tokens whose gold "
    "annotation has Case. `las`: universal relation without subtype (CoNLL 2018); "
    "`las_full`: full label. `ner_f1`: exact span and label, PER/LOC/ORG/MISC. "
    "Recompute with `lagebild models evaluate LANG --data ../shared/data --json`."
)


def _variants(lang: str) -> str:
    source = resources.files("lagebild.train.configs") / f"{lang}_variants.md"
    return source.read_text(encoding="utf-8") if source.is_file() else "(none recorded)"


def _score_table(scores: dict[str, float]) -> str:
    rows = "\n".join(f"| {key} | {value:.1f} |" for key, value in sorted(scores.items()))
    return "| metric | score |\n|---|---|\n" + rows


def render_card(lang: str, meta: dict[str, Any], facts: dict[str, Any]) -> str:
    pipeline = ", ".join(meta.get("pipeline", []))
    return "\n\n".join(
        [
            f"# lagebild_{lang}: trained spaCy {meta.get('spacy_version', '')} pipeline",
            f"Pipeline: {pipeline}. Configs: `src/lagebild/train/configs/{lang}_*.cfg`; "
            f"rebuild with `lagebild train {lang} --data ../shared/data --out DIR`.",
            "## Training data and licences\n\n" + DATA[lang],
            *([LABEL_MAPPING] if lang == "de" else []),
            "## Held-out scores\n\n" + METRICS + "\n\n" + _score_table(facts["details"]),
            "## Cost\n\n"
            f"- training time: {facts['train_minutes']} min (2 shared CPU cores)\n"
            f"- speed: {facts['words_per_second']} words/s (whole pipeline, one core)\n"
            f"- load time: {facts['load_seconds']} s; memory after loading and parsing: "
            f"+{facts.get('memory_mb', '?')} MB; size on disk: {facts['size_mb']} MB",
            "## Variants tried\n\n" + _variants(lang),
        ]
    )


def write_model_card(lang: str, model_dir: Path, facts: dict[str, Any]) -> Path:
    path = model_dir / "MODEL_CARD.md"
    path.write_text(render_card(lang, read_meta(model_dir), facts) + "\n", encoding="utf-8")
    return path
