"""What the checks decide about showing an item, shared by the renderers: a sentence its evidence
does not support gives way to the evidence itself; a quote's speaker is shown as such only where
the article names them."""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing, EventEntry, QuoteEntry, Source, StanceAccount
from summarizer.contracts.checks import SentenceCheck
from summarizer.render.labels import label
from summarizer.text.wording import count


def supported(check: SentenceCheck | None) -> bool:
    return check is None or check.status == "supported"


def described(e: EventEntry) -> str:
    """An event as the detail shows it: its description, or, where its evidence does not support
    that, the evidence itself, verbatim."""
    return e.description if supported(e.check) else f"„{e.accounts[0].evidence}“"


def stance_summary(stance: StanceAccount) -> str:
    """A position as the detail shows it: its summary, or the evidence where that does not support it."""
    return stance.summary if supported(stance.check) else f"„{stance.evidence}“"


def summary_shown(s: Source) -> str:
    """An article's summary as shown: the sentences the article supports."""
    if not s.summary_sentences:
        return s.summary or ""
    return " ".join(c.text for c in s.summary_sentences if supported(c.check))


def speaker_shown(q: QuoteEntry, lang: str) -> tuple[str | None, str]:
    """A ledger entry's speaker as shown (None: not confirmed) and what the checks add: the
    extraction's claim where the article names another speaker, or no one as such."""
    check = q.speaker_check
    if check is None or check.status == "confirmed":
        return q.speaker_name, ""
    if check.status == "other":
        return label("and", lang).join(check.named_names), label("speaker_other", lang, claimed=q.speaker_name)
    said = label("extraction_said", lang, claimed=q.speaker_name)
    return None, said + (f"; {label('article_names', lang, words=check.words)}" if check.words else "")


def left_out(b: Briefing) -> str:
    """'12 quotes or evidence spans not found in their articles and 3 sentences their evidence does
    not support were left out'."""
    lang = b.language
    spans = sum(1 for n in b.not_verified if n.kind != "sentence")
    sentences = len(b.not_verified) - spans
    parts = []
    if spans:
        parts.append(label("not_found", lang, spans=count(spans, "quote or evidence span", lang)))
    if sentences:
        parts.append(label("not_supported", lang, sentences=count(sentences, "sentence", lang)))
    return label("left_out" if len(b.not_verified) == 1 else "left_out_many", lang, what=label("and", lang).join(parts))
