"""Build the package's codebook table from the CAMEO and PLOVER reference files.

Run once when the references change:

    python scripts/build_codebook.py ../shared/gold/cameo_codebook.tsv \
        ../shared/data/plover/CAMEO2PLOVER-2021.txt src/lagebild/events/data/codebook.tsv

The output merges both into one table keyed by CAMEO code; tests check it
against the references whenever ``../shared`` is present.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

PLOVER_LINE = re.compile(r"^(\d+):\s*(.*?)\s*(?:#.*)?$")


def read_plover(path: Path) -> dict[str, tuple[str, str, str]]:
    mapping: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("~~"):
            break
        match = PLOVER_LINE.match(line.strip())
        if not match:
            continue
        fields = [f.strip() for f in match.group(2).split(",")]
        fields += [""] * (3 - len(fields))
        category, mode, context = fields[0], fields[1], ",".join(fields[2:]).strip(", ")
        # A root listed with two categories (08: CONCEDE, RETREAT) has no single mode.
        if match.group(1) in mapping:
            continue
        mapping[match.group(1)] = (category, mode, context)
    return mapping


def main(cameo: str, plover: str, out: str) -> None:
    mapping = read_plover(Path(plover))
    with open(cameo, encoding="utf-8") as src, open(out, "w", encoding="utf-8", newline="") as dst:
        reader = csv.DictReader(src, delimiter="\t")
        writer = csv.writer(dst, delimiter="\t", lineterminator="\n")
        writer.writerow(["code", "root", "level", "name", "goldstein", "quad_class",
                         "plover", "plover_mode", "plover_context"])
        for row in reader:
            category, mode, context = mapping.get(row["code"], ("", "", ""))
            writer.writerow([row["code"], row["root"], row["level"], row["name"],
                             row["goldstein"], row["quad_class"], category, mode, context])


if __name__ == "__main__":
    main(*sys.argv[1:4])
