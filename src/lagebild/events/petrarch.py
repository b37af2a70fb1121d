"""Import PETRARCH-format verb dictionaries (``CAMEO.2.0.txt`` and its kin).

For users who bring their own PETRARCH dictionaries: :func:`read_petrarch_verbs`
converts one into a :class:`~lagebild.events.schema.VerbFile` as far as the two
models correspond, and :func:`write_verb_file` saves it as a ``verbs*.yaml``
resource. Lagebild's own verb files are written by hand, not imported.

What maps:

* ``--- NAME [code] ---`` blocks become verb groups (``[---]`` = no default code);
  a verb line with a code of its own (``ASK [020]``) becomes a sibling group with
  that code and the block's patterns.
* Verb lines give lemmas (lower case; the ``{irregular forms}`` are dropped, the
  lemmatizer covers them). A multi-word verb (``+CALL_OFF [160]``) becomes a
  pattern ``words: [off]`` in the group that owns its head verb, or in a new
  group for the head verb with no default code.
* ``- * OBJECT [code]``, ``- * {NOUN PHRASE}``, ``- * &SYNSET`` give ``object``
  patterns (the phrase's last word, synsets expanded, plural ``-s`` stripped);
  ``- * (PREP X)`` gives ``prep``/``prep_object``; ``+`` after the verb or inside
  a PP names the target slot (``acc`` or ``pp:prep``), ``$`` before the verb or
  inside a PP the source slot.
* Paired codes: ``[042:043]`` marks a visit, ``[041:041]`` a reciprocal event,
  ``[:173]`` an event from the target to the source (slots swapped).

Approximations, counted in ``ImportReport.approximated``: nouns before the verb
(``&MILITARY * ...``) and particles (``* UP RESISTANCE``) become ``words``
conditions, which hold anywhere in the clause.

What does not map is counted in the :class:`ImportReport` by reason: words
before the verb, two objects or two PPs, ``^``/``%``/``@`` markers, paired codes
in patterns that the schema cannot express, transformations (``~``), verbs
already owned by an earlier group, and codes that are not in the CAMEO codebook
(PETRARCH-2 uses a few, e.g. 1952, that CAMEO 1.1b3 does not have).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lagebild.errors import ResourceError
from lagebild.events.codebook import load_codebook
from lagebild.events.schema import Pattern, VerbFile, VerbGroup

_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
_CODE_AT_END = re.compile(r"\[([^\[\]]*)\][^\[\]]*$")
_PLAIN_CODE = re.compile(r"^\d{2,4}$")
_PREPOSITIONS = frozenset(
    {
        "about", "above", "across", "after", "against", "along", "amid", "among", "around",
        "at", "before", "behind", "below", "beside", "between", "beyond", "by", "despite",
        "during", "for", "from", "in", "inside", "into", "near", "of", "off", "on", "onto",
        "out", "outside", "over", "past", "since", "through", "throughout", "to", "toward",
        "towards", "under", "until", "upon", "via", "with", "within", "without",
    }
)  # fmt: skip
_PARTICLES = frozenset(
    {"up", "down", "off", "out", "back", "forward", "away", "aside", "apart", "together"}
)
_EXAMPLES_PER_REASON = 3


@dataclass
class ImportReport:
    """What the import kept and what it could not express, by reason."""

    groups: int = 0
    verbs: int = 0
    patterns: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    approximated: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def skip(self, reason: str, line: str) -> None:
        self.skipped[reason] += 1
        shown = self.examples.setdefault(reason, [])
        if len(shown) < _EXAMPLES_PER_REASON:
            shown.append(line.strip())

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


class _Unmappable(Exception):
    """A pattern the VerbFile schema cannot express (the message is the reason)."""


@dataclass
class _Code:
    code: str | None
    visit: bool = False
    reciprocal: bool = False
    swapped: bool = False


@dataclass
class _Block:
    name: str
    code: _Code
    verbs: list[tuple[str, _Code | None]] = field(default_factory=list)
    phrasal: list[tuple[str, list[str], _Code | None, str]] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


def read_petrarch_verbs(
    path: Path, known_codes: Container[str] | None = None
) -> tuple[VerbFile, ImportReport]:
    """Read a PETRARCH verb dictionary file (see :func:`parse_petrarch_verbs`)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        raise ResourceError(f"{path}: cannot read PETRARCH dictionary: {err}") from err
    return parse_petrarch_verbs(text, known_codes)


def parse_petrarch_verbs(
    text: str, known_codes: Container[str] | None = None
) -> tuple[VerbFile, ImportReport]:
    """Convert the text of a PETRARCH verb dictionary into a VerbFile.

    ``known_codes`` are the CAMEO codes to keep (default: the packaged codebook);
    patterns with other codes are skipped and a group's unknown default code
    becomes null.
    """
    report = ImportReport()
    known = load_codebook() if known_codes is None else known_codes
    synsets = _synsets(text)
    blocks = list(_blocks(text, synsets, report, known))
    groups = _groups(blocks, report, known)
    report.groups = len(groups)
    report.verbs = sum(len(g.lemmas) for g in groups)
    report.patterns = sum(len(g.patterns) for g in groups)
    return VerbFile(kind="verbs", verbs=groups), report


def write_verb_file(verb_file: VerbFile, path: Path) -> None:
    """Save a VerbFile as YAML that :func:`lagebild.resources.load_model` reads back."""
    data = verb_file.model_dump(mode="json", exclude_defaults=True)
    data = {"kind": verb_file.kind, **{k: v for k, v in data.items() if k != "kind"}}
    try:
        with path.open("w", encoding="utf-8") as handle:
            yaml.safe_dump(data, handle, allow_unicode=True, sort_keys=False, width=100)
    except OSError as err:
        raise ResourceError(f"{path}: cannot write verb file: {err}") from err


# -- parsing ------------------------------------------------------------------


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _synsets(text: str) -> dict[str, list[str]]:
    """``&NAME`` blocks of ``+WORD`` lines, read from anywhere in the file."""
    synsets: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        if raw.lstrip().startswith("#"):
            continue
        line = _strip_comment(raw).strip()
        if line.startswith("&") and " " not in line:
            current = synsets.setdefault(line, [])
        elif current is not None and line.startswith("+"):
            current.append(line[1:])
        elif not line or line.startswith("---"):
            current = None
    return synsets


def _parse_code(raw: str) -> _Code:
    raw = raw.strip()
    if not raw or raw.strip("-") == "":
        return _Code(None)
    if ":" in raw:
        first, _, second = raw.partition(":")
        first, second = first.strip(), second.strip()
        if not first and _PLAIN_CODE.match(second):
            return _Code(second, swapped=True)
        if first == second and _PLAIN_CODE.match(first):
            return _Code(first, reciprocal=True)
        if first == "042" and second == "043":
            return _Code("042", visit=True)
        if first == "043" and second == "042":
            return _Code("042", visit=True, swapped=True)
        if _PLAIN_CODE.match(first):
            return _Code(first)
        raise ValueError(raw)
    digits = re.match(r"\d{2,4}", raw)
    if not digits:
        raise ValueError(raw)
    return _Code(digits.group(0))


def _blocks(
    text: str, synsets: dict[str, list[str]], report: ImportReport, known: Container[str]
) -> Iterator[_Block]:
    block: _Block | None = None
    in_transformations = False
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("#") and "TRANSFORMATION" in stripped.upper():
            in_transformations = True
            continue
        if in_transformations:
            if stripped.startswith("~"):
                report.skip("transformation rule", raw)
            continue
        line = _strip_comment(raw)
        if not line.strip():
            continue
        header = _HEADER.match(line)
        if header:
            if block is not None:
                yield block
            try:
                code = _parse_code(header.group(2))
            except ValueError:
                report.skip("unreadable group code", raw)
                code = _Code(None)
            block = _Block(header.group(1).lower(), code)
            continue
        if block is None:
            continue
        if line.startswith("-"):
            try:
                block.patterns.append(_pattern(line[1:], synsets, report, known))
            except _Unmappable as err:
                report.skip(str(err), raw)
            continue
        _verb_line(line, raw, block, report)
    if block is not None:
        yield block


def _verb_line(line: str, raw: str, block: _Block, report: ImportReport) -> None:
    code: _Code | None = None
    found = _CODE_AT_END.search(line)
    if found:
        try:
            code = _parse_code(found.group(1))
        except ValueError:
            report.skip("unreadable verb code", raw)
        line = line[: found.start()]
    line = re.sub(r"\{[^}]*\}", " ", line).strip()
    if not line:
        return
    word = line.split()[0].lstrip("+").rstrip("_").lower()
    parts = [p for p in word.split("_") if p]
    if not parts or not re.fullmatch(r"[a-z][a-z'-]*", parts[0]):
        report.skip("unreadable verb", raw)
        return
    if len(parts) == 1:
        block.verbs.append((parts[0], code))
    else:
        block.phrasal.append((parts[0], parts[1:], code, raw))


_TOKEN = re.compile(r"\([^)]*\)|\{[^}]*\}|\S+")


def _words(text: str, synsets: dict[str, list[str]]) -> list[str]:
    """Lemma-like heads: a phrase gives its last word, a synset all its members."""
    if text.startswith("&"):
        members = synsets.get(text) or synsets.get(text.rstrip("_"))
        if not members:
            raise _Unmappable("unknown synset")
        heads: list[str] = []
        for member in members:
            try:
                found = _words(member.replace("_", " ").strip(), synsets)
            except _Unmappable:
                continue  # a member such as "AK-47" is no word; keep the others
            heads.extend(head for head in found if head not in heads)
        if not heads:
            raise _Unmappable("unknown synset")
        return heads
    if text.startswith("{"):
        text = text.strip("{}")
    tokens = [t for t in text.replace("_", " ").split() if t]
    if not tokens:
        raise _Unmappable("empty noun phrase")
    if tokens[-1].startswith("&"):
        return _words(tokens[-1], synsets)
    head = tokens[-1].lower()
    if not re.fullmatch(r"[a-z][a-z'-]*", head):
        raise _Unmappable("unreadable word")
    return [_singular(head)]


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _pattern(
    body: str, synsets: dict[str, list[str]], report: ImportReport, known: Container[str]
) -> Pattern:
    found = _CODE_AT_END.search(body)
    if not found:
        raise _Unmappable("pattern without code")
    try:
        code = _parse_code(found.group(1))
    except ValueError:
        raise _Unmappable("unreadable pattern code") from None
    if code.visit or (code.swapped and code.code == "042"):
        raise _Unmappable("visit code in a pattern")
    if code.code is not None and code.code not in known:
        raise _Unmappable("code not in the CAMEO codebook")
    tokens = _TOKEN.findall(body[: found.start()].replace("*", " * "))
    if "*" not in tokens:
        raise _Unmappable("pattern without verb marker")
    star = tokens.index("*")
    before, after = tokens[:star], tokens[star + 1 :]
    source: list[str] | None = None
    target: list[str] | None = None
    words: list[str] = []
    if any(t in {"+", "%", "^", "@"} or t.startswith("(") for t in before):
        raise _Unmappable("actor or phrase before the verb")
    if "$" in before:
        source = ["subj"]
    for token in (t for t in before if t != "$"):
        words.extend(w for w in _words(token, synsets) if w not in words)
    if words:
        report.approximated["words before the verb as a words condition"] += 1
    if any(marker in t for t in after for marker in ("^", "%", "@")):
        raise _Unmappable("^, % or @ marker")
    objects: list[str] = []
    prep: str | None = None
    prep_objects: list[str] = []
    index = 0
    while index < len(after):
        token = after[index]
        if token == "+":
            target = ["acc"]
        elif token == "$":
            raise _Unmappable("source marker after the verb")
        elif token.startswith("("):
            if prep is not None:
                raise _Unmappable("more than one prepositional phrase")
            prep, prep_objects, slot = _pp(token[1:-1].split(), synsets)
            if slot == "+":
                target = [f"pp:{prep}"]
            elif slot == "$":
                source = [f"pp:{prep}"]
        elif token.lower() in _PREPOSITIONS and not token.startswith(("{", "&")):
            if prep is not None:
                raise _Unmappable("more than one prepositional phrase")
            rest = after[index + 1 : index + 2]
            prep, prep_objects, slot = _pp([token, *rest], synsets)
            if slot == "+":
                target = [f"pp:{prep}"]
            elif slot == "$":
                source = [f"pp:{prep}"]
            index += len(rest)
        elif token.lower() in _PARTICLES and index + 1 < len(after):
            words.append(token.lower())
            report.approximated["particle as a words condition"] += 1
        else:
            if objects:
                raise _Unmappable("more than one object")
            objects = _words(token, synsets)
        index += 1
    if code.swapped:
        source, target = (target or ["acc"]), (source or ["subj"])
    return Pattern(
        object=objects,
        words=words,
        prep=prep,
        prep_object=prep_objects,
        code=code.code,
        source=source,
        target=target,
        reciprocal=True if code.reciprocal else None,
    )


def _pp(tokens: list[str], synsets: dict[str, list[str]]) -> tuple[str, list[str], str | None]:
    if not tokens:
        raise _Unmappable("empty prepositional phrase")
    prep = tokens[0].lower()
    if not re.fullmatch(r"[a-z]+", prep):
        raise _Unmappable("unreadable preposition")
    rest = [t for t in tokens[1:] if t.lower() not in {"a", "an", "the"}]
    slot: str | None = None
    if rest and rest[-1] in {"+", "$"}:
        slot = rest.pop()
    if any(t in {"+", "$"} for t in rest):
        raise _Unmappable("actor marker inside a phrase")
    if any("^" in t or "%" in t or "@" in t for t in rest):
        raise _Unmappable("^, % or @ marker")
    objects = _words(" ".join(rest), synsets) if rest else []
    return prep, objects, slot


# -- groups -------------------------------------------------------------------


def _groups(blocks: list[_Block], report: ImportReport, known: Container[str]) -> list[VerbGroup]:
    owner: dict[str, str] = {}
    drafts: dict[str, dict[str, object]] = {}
    for block in blocks:
        by_code: dict[str | None, list[str]] = {}
        codes: dict[str | None, _Code] = {}
        in_block: set[str] = set()
        for lemma, own in block.verbs:
            if lemma in owner or lemma in in_block:
                report.skip("verb already in an earlier group", f"{block.name}: {lemma}")
                continue
            in_block.add(lemma)
            code = own if own is not None else block.code
            by_code.setdefault(code.code, []).append(lemma)
            codes.setdefault(code.code, code)
        for code_value, lemmas in by_code.items():
            suffix = "" if code_value == block.code.code else f"_{code_value or 'none'}"
            gid = _unique(block.name + suffix, drafts)
            for lemma in lemmas:
                owner[lemma] = gid
            drafts[gid] = _draft(gid, lemmas, codes[code_value], list(block.patterns))
        if not by_code and block.patterns:
            report.skip("patterns of a group without verbs", block.name)
    for block in blocks:
        for head, particles, own, raw in block.phrasal:
            code = own if own is not None else block.code
            if code.visit:
                report.skip("visit code in a pattern", raw)
                continue
            owner_id = owner.get(head)
            if owner_id is None:
                owner_id = _unique(head, drafts)
                owner[head] = owner_id
                drafts[owner_id] = _draft(owner_id, [head], _Code(None), [])
            pattern = Pattern(
                words=particles,
                code=code.code,
                reciprocal=True if code.reciprocal else None,
            )
            patterns = drafts[owner_id]["patterns"]
            assert isinstance(patterns, list)
            patterns.insert(0, pattern)
    return [VerbGroup.model_validate(_known_codes(d, known, report)) for d in drafts.values()]


def _known_codes(
    draft: dict[str, object], known: Container[str], report: ImportReport
) -> dict[str, object]:
    code = draft["code"]
    if code is not None and code not in known:
        report.skip("code not in the CAMEO codebook", f"{draft['id']}: {code}")
        draft["code"] = None
    return draft


def _draft(gid: str, lemmas: list[str], code: _Code, patterns: list[Pattern]) -> dict[str, object]:
    draft: dict[str, object] = {"id": gid, "lemmas": lemmas, "code": code.code}
    if code.visit:
        draft["visit"] = True
    if code.reciprocal:
        draft["reciprocal"] = True
    if code.swapped:
        draft["source"], draft["target"] = ["acc"], ["subj"]
    draft["patterns"] = patterns
    return draft


def _unique(gid: str, taken: dict[str, dict[str, object]]) -> str:
    candidate, number = gid, 2
    while candidate in taken:
        candidate = f"{gid}_{number}"
        number += 1
    return candidate
