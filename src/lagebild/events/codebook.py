"""The CAMEO codebook with Goldstein scores, QuadClass and PLOVER categories."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lagebild.errors import LagebildError

QUAD_CLASS_NAMES = {
    1: "Verbal Cooperation",
    2: "Material Cooperation",
    3: "Verbal Conflict",
    4: "Material Conflict",
}


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    root: str
    level: int
    name: str
    goldstein: float
    quad_class: int
    plover: str | None
    plover_mode: str | None
    plover_context: str | None

    @property
    def quad_class_name(self) -> str:
        return QUAD_CLASS_NAMES[self.quad_class]


class Codebook:
    """Lookup of CAMEO codes; unknown codes raise, they are never guessed."""

    def __init__(self, codes: dict[str, CameoCode]) -> None:
        self._codes = codes

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._codes.values())

    def get(self, code: str) -> CameoCode:
        try:
            return self._codes[code]
        except KeyError:
            raise LagebildError(f"unknown CAMEO code {code!r}") from None

    def roots(self) -> list[str]:
        return sorted({c.root for c in self._codes.values()})


def _optional(value: str) -> str | None:
    return value or None


@cache
def load_codebook() -> Codebook:
    """The packaged codebook (read once per process)."""
    table = resources.files("lagebild.events") / "data" / "codebook.tsv"
    codes: dict[str, CameoCode] = {}
    with table.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            codes[row["code"]] = CameoCode(
                code=row["code"],
                root=row["root"],
                level=int(row["level"]),
                name=row["name"],
                goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]),
                plover=_optional(row["plover"]),
                plover_mode=_optional(row["plover_mode"]),
                plover_context=_optional(row["plover_context"]),
            )
    return Codebook(codes)
