"""Topic labels: when two labels ("Waffenruhe", "die Waffenruhe.") name the same topic.

One rule for the merge (positions), the day comparison and the evaluation.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from summarizer.text.ground import normalise

TOPIC_SIMILARITY = 85.0  # rapidfuzz token_set_ratio at which two topic labels are one topic


def fold_topic(topic: str) -> str:
    """The label with case, quotation marks, dashes and spacing folded, and no trailing full stop."""
    return normalise(topic).strip(" .")


def topic_similarity(a: str, b: str) -> float:
    """0–100: how alike two topic labels are once folded; 100 for equal ones."""
    fa, fb = fold_topic(a), fold_topic(b)
    # Equal labels first: token_set_ratio gives 0 for two empty ones.
    return 100.0 if fa == fb else fuzz.token_set_ratio(fa, fb)


def same_topic(a: str, b: str) -> bool:
    """Whether two topic labels name one topic."""
    return topic_similarity(a, b) >= TOPIC_SIMILARITY


class TopicIndex:
    """Topic labels folded together as they come: each label maps to the first known one it matches."""

    def __init__(self) -> None:
        self.known: list[str] = []
        self._seen: dict[str, str] = {}

    def key(self, topic: str) -> str:
        """The folded label of the first-seen topic this one is the same as."""
        folded = fold_topic(topic)
        if folded not in self._seen:
            match = process.extractOne(folded, self.known, scorer=fuzz.token_set_ratio, score_cutoff=TOPIC_SIMILARITY)
            if match is None:
                self.known.append(folded)
            self._seen[folded] = match[0] if match else folded
        return self._seen[folded]
