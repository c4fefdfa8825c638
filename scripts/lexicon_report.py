"""Run the 13 built-in lexicons (PatternRecognizer) over a corpus split and report their precision evidence.

Usage::

    .venv/bin/python scripts/lexicon_report.py                 # train split, with false-cue texts
    .venv/bin/python scripts/lexicon_report.py --split dev     # dev: aggregate figures only (overfitting check)

Per category it prints: gold-positive utterances of the category matched (any kind), matches on utterances with
no label at all (false cues, near-miss or plain), matches on utterances labelled only with other categories, and
per-pattern hit counts. The test split is never read here.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

from boundarywatch.corpus import load_corpus
from boundarywatch.detect.recognizer import PatternRecognizer
from boundarywatch.domain import CATEGORIES


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("train", "dev"), default="train")
    ap.add_argument("--show", type=int, default=8, help="false cues to print per category (train only)")
    ap.add_argument("--category", action="append", help="only these categories")
    ap.add_argument("--misses", type=int, default=0, help="unmatched positives to print per category (train only)")
    args = ap.parse_args(argv)
    show_text = args.split == "train"  # dev is for checking overfitting only: never print its sentences

    convs = load_corpus(splits=(args.split,))
    docs = [(c, c.document()) for c in convs]
    examples = {(c.id, e.turn): e for c in convs for e in c.examples}
    n_unlab = sum(1 for e in examples.values() if not e.labels)
    cats = args.category or list(CATEGORIES)
    any_false: set[tuple[str, int]] = set()
    totals = Counter()
    print(f"split={args.split} conversations={len(convs)} utterances={len(examples)} unlabelled={n_unlab}")
    for cat in cats:
        rec = PatternRecognizer(cat)
        rec.load()
        gold = {k for k, e in examples.items() if any(lab[0] == cat for lab in e.labels)}
        hit_pos: set[tuple[str, int]] = set()
        false: list[tuple[tuple[str, int], str]] = []
        other: list[tuple[tuple[str, int], str]] = []
        per_pat: dict[str, Counter[str]] = defaultdict(Counter)
        for c, doc in docs:
            for s in rec.analyze(doc):
                key = (c.id, s.turn)
                e = examples[key]
                if key in gold:
                    hit_pos.add(key)
                    per_pat[s.rule or "?"]["pos"] += 1
                elif not e.labels:
                    false.append((key, s.rule or "?"))
                    any_false.add(key)
                    per_pat[s.rule or "?"]["false"] += 1
                else:
                    other.append((key, s.rule or "?"))
                    per_pat[s.rule or "?"]["other"] += 1
        totals["gold"] += len(gold)
        totals["hit"] += len(hit_pos)
        totals["false"] += len(false)
        totals["other"] += len(other)
        rate = len(false) / n_unlab if n_unlab else 0.0
        print(f"\n== {cat}: positives {len(hit_pos)}/{len(gold)} ({len(hit_pos) / max(1, len(gold)):.0%})"
              f"  false cues {len(false)} ({rate:.2%} of unlabelled)  other-category {len(other)}"
              f"  patterns {len(rec.patterns)}")
        for pat in rec.patterns:
            cnt = per_pat.get(pat.id, Counter())
            print(f"   {pat.id:<40} pos={cnt['pos']:<3} false={cnt['false']:<3} other={cnt['other']}")
        if show_text:
            for key, rule in false[: args.show]:
                e = examples[key]
                print(f"   FALSE {key[0]}#{key[1]} [{e.role.value}, {e.near_miss}] {rule}: {e.text[:150]!r}")
            for key, rule in other[: args.show]:
                e = examples[key]
                labs = ",".join(f"{a}/{b}" for a, b in e.labels)
                print(f"   OTHER {key[0]}#{key[1]} [{e.role.value}, {labs}] {rule}: {e.text[:150]!r}")
            if args.misses:
                for key in sorted(gold - hit_pos)[: args.misses]:
                    e = examples[key]
                    print(f"   MISS {key[0]}#{key[1]} [{e.role.value}] {e.text[:150]!r}")
    print(f"\nTOTAL positives {totals['hit']}/{totals['gold']} ({totals['hit'] / max(1, totals['gold']):.0%})"
          f"  false-cue signals {totals['false']}  unlabelled utterances with any false cue {len(any_false)}/"
          f"{n_unlab} ({len(any_false) / max(1, n_unlab):.2%})  other-category signals {totals['other']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
