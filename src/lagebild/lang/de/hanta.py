"""HanTa, the Hanover Tagger (LGPL-3.0), with its German model trained on TIGER.

The model file ships inside the ``hanta`` wheel, so loading needs no network.
"""

from __future__ import annotations

from typing import Any

from HanTa.HanoverTagger import HanoverTagger

GERMAN_MODEL = "morphmodel_ger.pgz"


class MemoizedHanoverTagger(HanoverTagger):
    """HanTa's tagger, remembering its analyses of words outside its lexicon.

    HanTa precomputes the analyses of frequent words; every other word is
    analysed morpheme by morpheme on each occurrence, most of its running time.
    Names and compounds recur within and across news articles, so up to
    ``limit`` of those analyses are kept.
    """

    def __init__(self, model: str = GERMAN_MODEL, limit: int = 100_000) -> None:
        super().__init__(model)
        self.limit = limit
        self.analyses: dict[str, Any] = {}

    def analyze_forward(self, word: str) -> Any:
        found = self.analyses.get(word)
        if found is None:
            found = super().analyze_forward(word)
            if len(self.analyses) < self.limit:
                self.analyses[word] = found
        return found
