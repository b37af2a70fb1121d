"""The English language pack."""

from __future__ import annotations

from lagebild.lang.base import SpacyPack


class EnglishPack(SpacyPack):
    code = "en"
    name = "English"
    package = "lagebild.lang.en"
