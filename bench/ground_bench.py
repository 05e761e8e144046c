"""Grounding speed: 1,000 quotes against 1,000 articles, against a plain str.find baseline.

Reproduce: python bench/ground_bench.py [--n 1000]
Articles are the seed articles varied (paragraphs rotated, a numbered line added) so no two are
alike; quotes are real quotes of the reference fixtures, in the mix a model produces: most exact,
some with typography changed, some with a slipped letter, some fabricated.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter

from common import ROOT, Figure, publish

from summarizer.text.ground import ground


def _cases(n: int, rng: random.Random) -> list[tuple[str, str, str]]:
    seeds = []
    for path in sorted((ROOT / "fixtures" / "reference").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        text = (ROOT / doc["article"]["path"]).read_text(encoding="utf-8")
        seeds.append((text, [q["text"] for q in doc["response"]["quotes"]]))
    cases = []
    for i in range(n):
        text, quotes = seeds[i % len(seeds)]
        paragraphs = text.split("\n")
        k = rng.randrange(len(paragraphs))
        article = "\n".join(paragraphs[k:] + paragraphs[:k]) + f"\nMeldung Nummer {i}."
        quote = rng.choice(quotes)
        roll = rng.random()
        if roll < 0.70:
            kind = "exact"
        elif roll < 0.85:
            kind, quote = "typography", quote.replace("„", '"').replace("“", '"').replace(" ", "  ").lower()
        elif roll < 0.95 and len(quote) > 30:
            j = rng.randrange(5, len(quote) - 5)
            kind, quote = "slip", quote[:j] + quote[j + 1 :]
        else:
            kind, quote = "fabricated", "Wir werden niemals verhandeln, unter keinen Umständen, sagte er " + str(i)
        cases.append((quote, article, kind))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    cases = _cases(args.n, random.Random(args.seed))

    start = time.perf_counter()
    found_plain = sum(1 for q, a, _ in cases if a.find(q) >= 0)
    baseline = time.perf_counter() - start

    start = time.perf_counter()
    statuses = Counter((kind, ground(q, a).status) for q, a, kind in cases)
    ours = time.perf_counter() - start

    print(f"grounding {args.n} quotes against {args.n} articles")
    print(f"  str.find baseline: {baseline * 1e6 / args.n:8.2f} µs/quote, finds {found_plain}/{args.n}")
    print(f"  ground():          {ours * 1e6 / args.n:8.2f} µs/quote")
    print(f"  ratio ground/find: {ours / baseline:8.1f} ×")
    for (kind, status), count in sorted(statuses.items()):
        print(f"    {kind:<11} → {status:<10} {count}")
    publish(
        f"python bench/ground_bench.py --n {args.n} --seed {args.seed}",
        [
            Figure(
                "ground.ratio",
                f"Grounding {args.n:,} quotes against {args.n:,} articles vs `str.find`",
                round(ours / baseline),
                f"{ours / baseline:.0f} × ({ours * 1e3 / args.n:.2f} ms per quote)",
            )
        ],
    )
    print(f"reproduce: python bench/ground_bench.py --n {args.n} --seed {args.seed}")


if __name__ == "__main__":
    main()
