"""The German language pack."""

from __future__ import annotations

from lagebild.lang.base import SpacyPack


class GermanPack(SpacyPack):
    code = "de"
    name = "German"
    package = "lagebild.lang.de"
