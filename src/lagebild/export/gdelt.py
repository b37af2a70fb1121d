"""Events in the column layout of GDELT 2.0's event table.

The 61 tab-separated columns of GDELT's ``export.CSV`` files, filled from
Lagebild's records: actors split into country, known group and type (role)
codes, CAMEO codes, QuadClass, Goldstein, mentions, the event date, and the
article URL. GDELT's tone and geography fields that Lagebild does not compute
stay empty rather than invented.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from lagebild.registry import exporters

ACTOR_FIELDS = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
GEO_FIELDS = (
    "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID",
)  # fmt: skip
COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in ACTOR_FIELDS),
    *(f"Actor2{f}" for f in ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip


def _actor(row: dict[str, Any], side: str) -> list[str]:
    entity = row.get(f"{side}_entity") or ""
    country = entity if len(entity) == 3 and entity.isalpha() else ""
    return [
        row.get(side) or "",
        row.get(f"{side}_text") or "",
        country,
        "" if country else entity,  # organisations are GDELT "known groups"
        "", "", "",
        row.get(f"{side}_role") or "",
        "", "",
    ]  # fmt: skip


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def gdelt_row(row: dict[str, Any]) -> list[str]:
    """One GDELT event-table row from one Lagebild export row."""
    day = _day(row.get("date")) or _day(row.get("published"))
    code = row.get("code") or ""
    location = [""] * len(GEO_FIELDS)
    if row.get("location"):
        location = [
            "1",
            row["location"],
            row.get("location_country") or "",
            "",
            "",
            str(row.get("latitude") or ""),
            str(row.get("longitude") or ""),
            "",
        ]
    return [
        str(int(str(row["id"])[:15], 16)),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        str(day.year) if day else "",
        f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
        *_actor(row, "source"),
        *_actor(row, "target"),
        "1" if row.get("sentence") == 0 else "0",
        code,
        code[:3],
        code[:2],
        str(row.get("quad_class") or ""),
        str(row.get("goldstein") if row.get("goldstein") is not None else ""),
        str(row.get("mentions") or 1),
        "1",
        str(row.get("mentions") or 1),
        "",
        *([""] * len(GEO_FIELDS)),
        *([""] * len(GEO_FIELDS)),
        *location,
        datetime.now().strftime("%Y%m%d%H%M%S"),
        row.get("source_url") or "",
    ]


@exporters.register("gdelt")
class GdeltExporter:
    name = "gdelt"
    suffix = ".export.CSV"

    def write(self, rows: Iterable[dict[str, Any]], path: Path) -> int:
        count = 0
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            for row in rows:
                writer.writerow(gdelt_row(row))
                count += 1
        return count
