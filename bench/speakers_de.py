"""The speaker check against the German Wikinews quotation corpus (train split only).

Reproduce: python bench/speakers_de.py PATH_TO_CHECKOUT [--types Direct,Indirect] [--show N]
PATH_TO_CHECKOUT is a checkout of uhh-lt/german-news-quotation-attribution-2024 (CC BY-NC-SA:
fetched by the user, never copied into this repository). Only data/train is read. Without the
path the script says so and exits 0.

For each gold quote with a speaker, two claims are checked:
  (a) the gold speaker's actor  → `confirmed` is a true positive, anything else a miss;
  (b) another actor of the article (the one named nearest the quote) → `confirmed` is a false
      positive; `other` should name the gold actor.
Precision of `confirmed` = TP / (TP + FP), recall = TP / (a)-claims.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import ROOT  # noqa: F401  (puts the repository on sys.path)

from summarizer.text.names import fold_case
from summarizer.text.speakers import SpeakerChecker

PRONOUNS = frozenset(
    ["er", "sie", "es", "ihm", "ihn", "ihr", "ihnen", "man", "wir", "ich", "du", "der", "die", "das", "dessen", "deren", "dieser", "diese", "jener", "welcher", "welche", "sein", "seine", "seiner", "seinem", "ihre", "ihrer", "ihrem", "uns", "mich", "mir", "demnach", "danach", "wonach", "dabei", "darin", "dazu"]
)
DETERMINERS = frozenset(["der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einem", "einen", "eines"])
# Source nouns an annotated speaker span may open with ("Angaben der Polizei"): the speaker is what follows.
SOURCE_NOUNS = frozenset(
    ["angaben", "aussage", "aussagen", "meinung", "ansicht", "einschätzung", "forderung", "forderungen", "erkenntnissen", "worten", "auffassung", "informationen", "pressemeldungen", "bericht", "berichten", "mitteilung", "erklärung", "schätzungen", "schätzung", "bewertung", "berechnungen", "prognose", "prognosen", "idee"]
)
DEPENDANTS = frozenset(["sprecher", "sprecherin", "anwalt", "anwältin", "berater", "beraterin", "vertreter", "vertreterin", "mitarbeiter", "chef", "sohn", "tochter", "frau", "mann"])
PARTICLES = frozenset(["von", "van", "de", "del", "da", "di", "zu", "bin", "ibn"])
PREPOSITIONS = frozenset(["von", "vom", "im", "in", "am", "an", "aus", "bei", "für", "mit", "zu", "zum", "zur"])
HOW = """Actors of an article are built from its gold speaker mentions, as an extraction would list them:
  - parentheses and leading source nouns are dropped ("Angaben der Polizei" → "Polizei"); a mention's
    name is its first run of two or more capitalised words ("Steffen Seibert" in "Der Sprecher der
    Bundesregierung, Steffen Seibert"), or a one-word mention, the rest its role; a mention without a
    name is a description and names an actor of its own (leading article dropped);
  - mentions sharing the last word of their name are one actor (Seibert = Steffen Seibert); the longest
    name is the actor's name, the others aliases;
  - a description that is one word of one named actor's name or role ("Verteidigungsminister" and
    "Verteidigungsminister Franz Josef Jung") is that actor;
  - spans that name no one ("eigenen Angaben", "dem Vernehmen") are left out, like quotes without a speaker;
  - pronoun mentions (er, sie, …) name no actor; such a quote's gold actor is that of the nearest
    named gold speaker mention before it (an approximation of coreference: reported apart).
Quotes without a gold speaker, and articles with a single actor, give no (b) claim."""


@dataclass
class Actor:
    name: str
    kind: str = "person"
    role: str | None = None
    aliases: list[str] = field(default_factory=list)


def _span(part: dict[str, Any] | None) -> tuple[int, int] | None:
    spans = (part or {}).get("spans") or []
    if not spans:
        return None
    return min(s["charBegin"] for s in spans), max(s["charEnd"] for s in spans)


def _pronoun(mention: str) -> bool:
    words = mention.split()
    return len(words) == 1 and (fold_case(words[0]) in PRONOUNS or words[0][:1].islower())


def _no_one(mention: str) -> bool:
    """A speaker span that names no one: a source noun with at most a possessive or adjective
    ("eigenen Angaben", "ihrer Meinung", "dem Vernehmen", "Medienberichten")."""
    words = [fold_case(w) for w in re.sub(r"[^\w\s-]", " ", mention).split()]
    nouns = [w for w in words if w not in DETERMINERS and not w.endswith(("en", "er", "em", "es", "e"))]
    heads = [w for w in words if w in SOURCE_NOUNS or w.endswith(("berichten", "angaben", "aussagen", "vernehmen"))]
    return bool(words) and bool(heads) and len(words) <= 3 and not [w for w in nouns if w not in heads]


def _clean(mention: str) -> list[str]:
    """The mention's words without parentheses and leading source nouns ("Angaben der Polizei" → "Polizei")."""
    words = re.sub(r"\s*\([^)]*\)", "", mention).split()
    while len(words) > 1 and fold_case(words[0]) in DETERMINERS | SOURCE_NOUNS | {"nach", "laut", "von", "vom", "in"}:
        words = words[1:]
    return words


def _run(words: list[str]) -> tuple[int, int] | None:
    """The first run of two or more capitalised words (name particles inside allowed) that does not
    follow an article or preposition ("des Weißen Hauses" qualifies a noun): a name."""
    i = 0
    while i < len(words):
        if i and fold_case(words[i - 1]) in DETERMINERS | PREPOSITIONS:
            i += 1
            continue
        j = i
        while j < len(words) and (
            (words[j][:1].isupper() and not (j == i and fold_case(words[j]) in DETERMINERS))
            or (j > i and fold_case(words[j]) in PARTICLES and j + 1 < len(words))
            or (j > i and words[j][:3] in ("el-", "al-"))
        ):
            j += 1
        if j - i >= 2:
            return i, j
        i = max(j, i + 1)
    return None


def _parse(mention: str) -> tuple[str, str, str | None]:
    """(key, name, role) of a named or described speaker mention."""
    parts = [_clean(p) for p in re.sub(r"\s*\([^)]*\)", "", mention).split(",")]
    parts = [p for p in parts if p]
    for part in parts:
        run = _run(part)
        if run or (len(part) == 1 and part[0][:1].isupper()):
            start, end = run or (0, 1)
            if end - start == 2 and fold_case(part[start]) in DEPENDANTS and part[end - 1].endswith("s"):
                break  # "Sprecher Koch-Mehrins": a description of someone else's spokesman
            rest = [w for p in parts for w in (p if p is not part else p[:start] + p[end:])]
            role = " ".join(rest) if any(w[:1].isupper() for w in rest) else None
            return _key(part[end - 1]), " ".join(part[start:end]), role
    words = [w for p in parts for w in p]
    described = " ".join(words)
    return _key(described), described, None


def _key(text: str) -> str:
    """A mention's key, a genitive ending aside ("Generalanwalts" = "Generalanwalt")."""
    key = fold_case(text)
    return key[:-1] if len(key) > 5 and key.endswith("s") and not key.endswith("ss") else key


def article_actors(doc: dict[str, Any]) -> tuple[list[Actor], list[tuple[int, int | None, str, str]]]:
    """The article's actors, and per annotation (index, actor index or None, type, speaker mention)."""
    text = doc["originalText"]
    by_key: dict[str, Actor] = {}
    named: list[tuple[int, str]] = []  # (offset of mention, key)
    rows = []
    for a in doc["annotations"]:
        span = _span(a.get("speaker"))
        mention = text[span[0] : span[1]] if span else ""
        if span and _no_one(mention):
            span, mention = None, ""
        rows.append((a, span, mention))
        if span and mention.strip() and not _pronoun(mention):
            key, name, role = _parse(mention)
            actor = by_key.setdefault(key, Actor(name, role=role))
            if name != actor.name and name not in actor.aliases:
                if len(name) > len(actor.name):
                    actor.aliases.append(actor.name)
                    actor.name = name
                else:
                    actor.aliases.append(name)
            actor.role = actor.role or role
            named.append((span[0], key))
    _merge_descriptions(by_key, named)
    keys = list(by_key)
    named.sort()
    out = []
    for i, (a, span, mention) in enumerate(rows):
        if not span or not mention.strip():
            out.append((i, None, a["type"], mention))
        elif _pronoun(mention):
            before = [k for at, k in named if at < span[0]]
            out.append((i, keys.index(before[-1]) if before else None, a["type"] + "/pronoun", mention))
        else:
            key = _parse(mention)[0]
            out.append((i, keys.index(merged.get(key, key)), a["type"], mention))
    return [by_key[k] for k in keys], out


merged: dict[str, str] = {}  # description key → the named actor's key it was merged into (this article)


def _merge_descriptions(by_key: dict[str, Actor], named: list[tuple[int, str]]) -> None:
    """A description that is exactly the role of one named actor ("der Verteidigungsminister" and
    "Verteidigungsminister Franz Josef Jung") is that actor."""
    merged.clear()
    people = {k: a for k, a in by_key.items() if " " not in k}
    for key, actor in list(by_key.items()):
        if key in people:
            continue
        owners = [k for k, p in people.items() if fold_case(actor.name) in fold_case(f"{p.role or ''} {p.name}").split()]
        if len(owners) == 1:
            owner = by_key[owners[0]]
            owner.aliases.append(actor.name)
            merged[key] = owners[0]
            del by_key[key]
    named[:] = [(at, merged.get(k, k)) for at, k in named]


def _nearest_other(doc: dict[str, Any], actors: list[Actor], gold: int, at: int) -> int | None:
    text = doc["originalText"]
    best: tuple[int, int] | None = None
    for i, actor in enumerate(actors):
        if i == gold:
            continue
        for form in [actor.name, *actor.aliases]:
            pos = text.find(form)
            while pos >= 0:
                d = abs(pos - at)
                if best is None or d < best[0]:
                    best = (d, i)
                pos = text.find(form, pos + 1)
    return best[1] if best else None


def run(checkout: Path, types: set[str] | None, show: int) -> int:
    files = sorted((checkout / "data" / "train").glob("*.json"))
    if not files:
        print(f"no data/train/*.json under {checkout}")
        return 1
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    examples: list[str] = []
    started = time.perf_counter()
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        text = doc["originalText"]
        actors, rows = article_actors(doc)
        checker = SpeakerChecker(text, actors)  # type: ignore[arg-type]
        for i, gold, kind, _ in rows:
            base = kind.split("/")[0]
            if gold is None or (types and base not in types):
                continue
            pieces = sorted(((p["charBegin"], p["charEnd"]) for p in doc["annotations"][i]["quote"].get("spans") or []),
                            key=lambda p: p[0] - p[1])
            if not pieces:
                continue
            quote = pieces[0]  # a quote in pieces around its cue ("…, so X, …") is read by its longest piece
            ann = doc["annotations"][i]
            spoken = ann.get("medium") == "Speech" and bool(((ann.get("cue") or {}).get("text") or "").strip())
            groups = ["all", kind, "pronoun" if kind.endswith("/pronoun") else "named"]
            if spoken and not kind.endswith("/pronoun"):
                groups.append("named, spoken, with a cue")
            a = checker.check(quote[0], quote[1], actors[gold])  # type: ignore[arg-type]
            for g in groups:
                counts[g]["a"] += 1
                counts[g]["tp"] += a.status == "confirmed"
                counts[g]["a_other"] += a.status == "other"
            if a.status != "confirmed" and len(examples) < show:
                examples.append(f"  miss ({kind}) gold={actors[gold].name!r}: {a.status} {a.reason} [{path.name[:60]}]")
            other = _nearest_other(doc, actors, gold, quote[0])
            if other is None:
                continue
            b = checker.check(quote[0], quote[1], actors[other])  # type: ignore[arg-type]
            right = b.status == "other" and any(x is actors[gold] for x in b.actors)
            for g in groups:
                counts[g]["b"] += 1
                counts[g]["fp"] += b.status == "confirmed"
                counts[g]["b_other"] += b.status == "other"
                counts[g]["b_other_right"] += right
            if b.status == "confirmed" and len(examples) < show:
                examples.append(f"  FP ({kind}) claimed={actors[other].name!r} gold={actors[gold].name!r}: {b.reason} [{path.name[:60]}]")
    seconds = time.perf_counter() - started
    print(f"German Wikinews quotation corpus, train split: {len(files)} articles ({seconds:.1f} s)")
    print(HOW)
    print()
    print(f"{'quotes':<28}{'(a)':>6}{'P':>8}{'R':>8}{'(a) other':>11}{'(b)':>6}{'(b) not conf.':>15}{'other→gold':>12}")
    head = ["all", "named", "named, spoken, with a cue", "pronoun"]
    order = head + sorted(k for k in counts if k not in head)
    for g in order:
        c = counts[g]
        if not c["a"]:
            continue
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        recall = c["tp"] / c["a"]
        not_confirmed = 1 - c["fp"] / c["b"] if c["b"] else 0.0
        other_right = c["b_other_right"] / c["b_other"] if c["b_other"] else 0.0
        print(
            f"{g:<28}{c['a']:>6}{precision:>8.3f}{recall:>8.3f}{c['a_other']:>11}{c['b']:>6}"
            f"{not_confirmed:>15.3f}{other_right:>12.3f}"
        )
    print()
    print("named: the gold span names the speaker (exact gold); pronoun: the gold actor is approximated (see above);")
    print("spoken, with a cue: the corpus marks the quote as speech (medium Speech) with a cue word: what the check is for.")
    print("P, R: precision and recall of `confirmed` over the (a) and (b) claims; (a) other: gold claims the")
    print("check said another actor spoke; (b) not conf.: share of wrong claims not confirmed; other→gold:")
    print("share of `other` verdicts on wrong claims that name the gold actor.")
    if examples:
        print("\nexamples:")
        print("\n".join(examples))
    types_arg = f" --types {','.join(sorted(types))}" if types else ""
    print(f"\nreproduce: python bench/speakers_de.py {checkout}{types_arg}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", nargs="?", help="checkout of uhh-lt/german-news-quotation-attribution-2024")
    parser.add_argument("--types", default="Direct,Indirect", help="gold quote types (comma-separated; 'all' for every type)")
    parser.add_argument("--show", type=int, default=0, help="print this many misses and false positives")
    args = parser.parse_args()
    if not args.checkout or not (Path(args.checkout) / "data" / "train").is_dir():
        print("skipped: give the path of a checkout of the German Wikinews quotation corpus "
              "(uhh-lt/german-news-quotation-attribution-2024) with data/train; nothing was measured")
        return 0
    types = None if args.types == "all" else set(args.types.split(","))
    return run(Path(args.checkout), types, args.show)


if __name__ == "__main__":
    sys.exit(main())
