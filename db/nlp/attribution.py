"""Attribution: who asserts each claim, and whether it is a `quote` or a `report`.

The speaker is, in this order of precedence:
1. the source named in the claim itself: the subject of a reporting verb ("X said", "X told
   reporters", "reports the New York Times", "X is clear that") or the noun phrase after
   "according to";
2. for words inside quotation marks, the speaker of that quotation, whose attribution may be
   in another sentence (before it, after it, or the "X said:" line that opens it);
3. for a quotation without its own attribution, the source of the sentence before or after;
4. in a statement opened by a line such as "Tobias Ellwood said:" or a transcript label
   ("SECRETARY KERRY:"), that speaker, for the rest of the text;
5. the subject of a speech act or stated belief that is the main predicate ("The United
   States condemns...", "the Chairman believes...").
"I" and "we" resolve to the speaker of the statement they are in, else to no one: an
unsigned State Department release speaks for itself (null). "He", "she", "the secretary"
refer back to the last person named; "the newspaper", "the article" to the last outlet that
was a source. A nickname in quotation marks is no quotation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from db.nlp.claims.grammar import is_predicate, subject, word_keys
from db.nlp.claims.rulebook import AttributionRules, attribution_rules
from db.nlp.claims.scan import DocScan
from db.nlp.found import FoundMention
from db.nlp.spans import doc_text

_QUOTE_MARKS = re.compile(r"[“”\"«»]")
_OPENING = "“«"
_FIRST_PERSON = frozenset({"i", "we", "us", "me", "our", "my"})
_THIRD_PERSON = frozenset({"he", "she", "him", "her"})
_KIND_ORDER = {"person": 0, "organization": 1, "country": 2, "group": 3, "place": 4}
# Verbs whose direct object is the addressee, not what was said ("told REPORTERS").
_ADDRESSEE_VERBS = frozenset({"tell", "inform", "update", "brief", "assure", "remind"})
FIRST = "\x00first-person"  # a source that is "I" or "we": the statement's own speaker
# A claim as attribution sees it: chars [start, end), tokens [a, b), main predicate.
Part = tuple[int, int, int, int, Token | None]


@lru_cache(maxsize=4)
def _according_matcher(vocab: Vocab) -> Matcher:
    """Compiled once per vocabulary (one per process in practice)."""
    matcher = Matcher(vocab)
    matcher.add("ACCORDING_TO", list(attribution_rules().according_to))
    return matcher


@dataclass
class Source:
    """A source named in a claim: by a reporting verb or 'according to'."""

    key: str | None          # an actor key, FIRST, or None when it names no known actor
    cue_start: int
    cue_end: int
    report: bool              # indirect speech: some of what is attributed is not quoted
    header: bool = False      # "X said:" with nothing after it: opens a statement
    outlet: str | None = None  # an organization named as source or addressee (a newspaper)


@dataclass
class Attributed:
    """What attribution decides for one claim."""

    speaker_key: str | None = None
    sources: list[Source] = field(default_factory=list)
    quote: tuple[int, int] | None = None   # the quoted words (char span) when a `quote`
    report: tuple[int, int] | None = None  # the cue of a `report`


def quote_regions(text: str, nicknames: frozenset[str]) -> list[tuple[int, int]]:
    """Char spans inside quotation marks. A quotation left open at a paragraph's end ends
    there when the next paragraph opens another (the press-release convention)."""
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE_MARKS.finditer(text):
        ch = m.group()
        if ch in _OPENING or (ch == '"' and open_at is None):
            if open_at is not None:
                line_end = text.rfind("\n", open_at, m.start())
                regions.append((open_at, line_end if line_end > open_at else m.start()))
            open_at = m.end()
        elif open_at is not None:
            regions.append((open_at, m.start()))
            open_at = None
    if open_at is not None:
        line_end = text.find("\n", open_at)
        regions.append((open_at, line_end if line_end >= 0 else len(text)))
    out = []
    for start, end in regions:
        before = text[max(0, start - 30):start - 1].split()
        if before and before[-1].lower().strip(",") in nicknames:
            continue  # 'nicknamed “the Tiger”': a name, not a quotation
        if text[start:end].strip():
            out.append((start, end))
    return out


class Attributor:
    """Finds the sources of every claim of a document, then decides the speakers."""

    def __init__(self, doc: Doc, mentions: Sequence[FoundMention], scan: DocScan) -> None:
        self.doc = doc
        self.scan = scan
        self.text = doc_text(doc)
        self.rules: AttributionRules = attribution_rules()
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.regions = quote_regions(self.text, self.rules.nicknames)
        self.last_outlet: str | None = None
        self._according = ([(s, e) for _, s, e in _according_matcher(doc.vocab)(doc)]
                           if scan.has_according else [])

    # -- resolving a noun phrase to an actor ----------------------------------------------
    def _mentions_in(self, start: int, end: int) -> list[FoundMention]:
        return [m for m in self.mentions if m.start < end and m.end > start]

    def _last_person(self, before: int) -> str | None:
        for m in reversed(self.mentions):
            if m.start < before and m.actor_key.startswith("person:"):
                return m.actor_key
        return None

    def resolve(self, head: Token, claim_start: int) -> str | None:
        """The actor a subject or source noun phrase names (FIRST for 'I'/'we')."""
        low = head.lower_
        if low in _FIRST_PERSON:
            return FIRST
        if low in _THIRD_PERSON:
            return self._last_person(claim_start)
        lemma = head.lemma_.lower()
        left = max(head.left_edge.idx, claim_start)  # never a word of the line before
        right = head.right_edge.idx + len(head.right_edge)
        found = self._mentions_in(left, right)
        if lemma in self.rules.outlets and self.last_outlet and not any(
                m.actor_key.startswith("organization:") for m in found):
            return self.last_outlet
        if found:
            best = min(found, key=lambda m: (_KIND_ORDER.get(m.actor_key.split(":")[0], 9),
                                             m.start))
            return best.actor_key
        if lemma in self.rules.roles or low in self.rules.roles:
            return self._role_person(head, claim_start)
        return None

    # -- sources named in one claim -------------------------------------------------------
    def _in_quotes(self, tok: Token) -> bool:
        return any(s <= tok.idx < e for s, e in self.regions)

    def sources(self, a: int, b: int, start: int) -> list[Source]:
        out: list[Source] = []
        claim_ids = range(a, b)
        words: list[Token] = []
        candidates = [self.doc[i] for i in self.scan.picks(self.scan.report, a, b)]
        for tok in candidates:
            keys = set(word_keys(tok))
            is_clear = tok.lower_ == "clear" and tok.dep_ == "acomp"
            if not (keys & self.rules.reporting or is_clear) or not is_predicate(tok):
                continue
            if tok.pos_ not in ("VERB", "AUX", "ADJ"):
                continue
            verb = tok.head if is_clear else tok
            if any(c.dep_ in ("auxpass", "agent", "nsubjpass") for c in verb.children) or (
                    verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children)):
                continue  # "attacks, also claimed by Daesh": passive, no one speaks
            if keys & self.rules.needs_clause and not any(
                    c.dep_ in ("ccomp", "parataxis") for c in verb.children):
                continue
            subj = subject(verb)
            if subj is None or (is_clear and subj.lower_ in _FIRST_PERSON):
                continue
            dobj = [c for c in verb.children if c.dep_ == "dobj"]
            if any(set(word_keys(d)) & self.rules.reporting_not_objects for d in dobj):
                continue
            attribution = self._attribution_tokens(verb, keys, claim_ids)
            words = words or [t for t in self.doc[a:b] if t.is_alpha]
            content = [t for t in words if t.i not in attribution]
            quoted = [t for t in content if self._in_quotes(t)]
            report = len(content) - len(quoted) >= 2
            if self._in_quotes(tok):
                key = None  # "“The Syrian army claims...”": the quoter speaks, not the army
            elif subj.i in claim_ids:
                key = self.resolve(subj, start)
            else:  # the parser ran this line into the one before: take the name before the verb
                key = self._name_before(start, tok.idx)
            outlet = self._outlet(subj, key)
            if keys & _ADDRESSEE_VERBS:  # "told the New York Times": the outlet is addressed
                for d in dobj:
                    outlet = self._outlet(d, self.resolve(d, start)) or outlet
            # "Philip Hammond said: The UK has..." opens a statement like a line "X said:"
            opens = self.text[tok.idx + len(tok):tok.idx + len(tok) + 2].lstrip()[:1] == ":"
            out.append(Source(key, tok.idx, tok.idx + len(tok), report and not opens,
                              header=not content or opens, outlet=outlet))
        for m_start, m_end in self._according:
            if not (a <= m_start and m_end <= b):
                continue
            last = self.doc[m_end - 1]
            pobj = next((c for c in last.children if c.dep_ == "pobj"), None)
            if pobj is None and m_end < len(self.doc):
                pobj = self.doc[m_end]
                while pobj.head.i != pobj.i and m_end <= pobj.head.i < b:
                    pobj = pobj.head  # climb to the head of the phrase after "citing"
            key = self.resolve(pobj, start) if pobj is not None else None
            first = self.doc[m_start]
            out.append(Source(key, first.idx, last.idx + len(last), True,
                              outlet=self._outlet(pobj, key) if pobj is not None else None))
        for tok in candidates:  # "There are reports of...", "Media reports have speculated..."
            if tok.lemma_.lower() == "report" and tok.pos_ == "NOUN" \
                    and tok.dep_ in ("nsubj", "attr") and (
                        tok.head.dep_ == "ROOT" or tok.head.lemma_ == "be"):
                out.append(Source(None, tok.idx, tok.idx + len(tok), True))
        return out

    def _says(self, a: int, b: int) -> Token | None:
        return next((t for t in (self.doc[i] for i in self.scan.picks(self.scan.report, a, b))
                     if set(word_keys(t)) & self.rules.reporting), None)

    def _header_speaker(self, a: int, b: int, start: int) -> str | None:
        """The speaker of a line "X said:" however the parser attached it."""
        verb = self._says(a, b)
        if verb is None:
            return None
        key = self._name_before(start, verb.idx)
        if key is None:
            role = [t for t in self.doc[a:verb.i] if t.lemma_.lower() in self.rules.roles]
            if role:
                key = self._role_person(role[-1], start)
        return key

    def _role_person(self, head: Token, claim_start: int) -> str | None:
        """'the Foreign Secretary' -> the person last named with that title, else the last
        person named."""
        words = [t.text for t in head.subtree
                 if t.i <= head.i and t.pos_ in ("PROPN", "NOUN", "ADJ")]
        phrase = " ".join(words)
        if phrase:
            at = self.text.rfind(phrase, 0, claim_start)
            while at >= 0:
                near = [m for m in self.mentions if m.actor_key.startswith("person:")
                        and (0 <= m.start - (at + len(phrase)) <= 3
                             or 0 <= at - m.end <= 6)]
                if near:
                    return near[0].actor_key
                at = self.text.rfind(phrase, 0, at)
        return self._last_person(claim_start)

    def _name_before(self, start: int, end: int) -> str | None:
        found = [m for m in self._mentions_in(start, end)
                 if m.actor_key.split(":")[0] in ("person", "organization")]
        if not found:
            return None
        return min(found, key=lambda m: (_KIND_ORDER.get(m.actor_key.split(":")[0], 9),
                                         m.start)).actor_key

    def _outlet(self, head: Token, key: str | None) -> str | None:
        """`key` when the phrase names an organization itself, not one of its officials."""
        if key is None or not key.startswith("organization:"):
            return None
        lemma = head.lemma_.lower()
        if lemma in self.rules.anonymous or lemma in self.rules.roles:
            return None
        return key

    def _attribution_tokens(self, verb: Token, keys: set[str], claim: range) -> set[int]:
        """The reporting verb with its subject, addressee and circumstances."""
        if verb.dep_ != "ROOT" and verb.head.i in claim and verb.dep_ != "ccomp":
            return {t.i for t in verb.subtree}  # "As X announced, ...", "..., X said"
        keep = {verb.i}
        content_deps = {"ccomp", "xcomp", "parataxis", "conj", "cc"}
        if not keys & _ADDRESSEE_VERBS:
            content_deps |= {"dobj"}
        for child in verb.children:
            if child.dep_ not in content_deps and child.dep_ != "punct":
                keep.update(t.i for t in child.subtree)
        return keep

    # -- the whole document ---------------------------------------------------------------
    def attribute(self, claims: Sequence[Part]) -> list[Attributed]:
        """claims: (start, end, first token, end token, main predicate) in document order."""
        results = [Attributed() for _ in claims]
        own: list[str | None] = []
        for (start, _end, a, b, _main), res in zip(claims, results, strict=True):
            res.sources = self.sources(a, b, start)
            key = next((s.key for s in res.sources if s.key), None)
            own.append(key)
            for src in res.sources:
                if src.outlet:
                    self.last_outlet = src.outlet  # "the newspaper" later refers back to it
        region_speaker = self._region_speakers(claims, own)
        block: str | None = None
        for j, (start, end, a, b, main) in enumerate(claims):
            res = results[j]
            text = self.text[start:end]
            label = self._label(start, text)
            speaker = own[j]
            if speaker == FIRST:
                speaker = block
            if label is not None:  # "SECRETARY KERRY:", "QUESTION:", "MR KIRBY: Thanks"
                label_speaker, whole_line = label
                if whole_line:
                    block = label_speaker
                speaker = label_speaker
            elif text.endswith(":") and (res.sources or self._says(a, b)):
                # "Tobias Ellwood said:" opens his statement
                speaker = block = speaker or self._header_speaker(a, b, start)
                for src in res.sources:
                    src.report = False
            elif any(s.header for s in res.sources) and speaker is not None:
                block = speaker
            regions = [r for r in self.regions if r[0] < end and r[1] > start]
            quoted = self.scan.alpha_in(a, b, regions)
            if regions and (quoted >= 3 or (quoted >= 1 and res.sources)):
                qs, qe = max(regions[0][0], start), min(regions[-1][1], end)
                while qs < qe and not self.text[qs].isalnum():
                    qs += 1
                while qe > qs and not self.text[qe - 1].isalnum():
                    qe -= 1
                res.quote = (qs, qe) if qs < qe else None
            if speaker is None and regions:
                speaker = next((region_speaker[r] for r in regions if region_speaker.get(r)),
                               None)
            if speaker is None and res.quote is not None:
                for k in (j - 1, j + 1):
                    if 0 <= k < len(own) and own[k] and own[k] != FIRST:
                        speaker = own[k]
                        break
            if speaker is None:
                speaker = block
            if speaker is None and main is not None:
                speaker = self._stance_speaker(main, start)
            report = next((s for s in res.sources if s.report), None)
            if report is not None:
                res.report = (report.cue_start, report.cue_end)
            res.speaker_key = speaker if speaker != FIRST else None
        return results

    def _label(self, start: int, text: str) -> tuple[str | None, bool] | None:
        """A transcript label at the start of a line: (speaker, whole line is the label)."""
        colon = text.find(":")
        if colon <= 0 or colon > 40:
            return None
        head = text[:colon]
        if not head.replace(" ", "").replace(".", "").isalpha() or not head.isupper():
            return None
        found = [m for m in self._mentions_in(start, start + colon)
                 if m.actor_key.startswith("person:")]
        return (found[0].actor_key if found else None, not text[colon + 1:].strip())

    def _region_speakers(self, claims: Sequence[Part],
                         own: list[str | None]) -> dict[tuple[int, int], str | None]:
        out: dict[tuple[int, int], str | None] = {}
        previous: tuple[int, int] | None = None
        for region in self.regions:
            idx = [j for j, c in enumerate(claims) if c[0] < region[1] and c[1] > region[0]]
            speaker = next((own[j] for j in idx if own[j] and own[j] != FIRST), None)
            if speaker is None and idx:
                before = idx[0] - 1
                if before >= 0 and self.text[claims[before][0]:claims[before][1]] \
                        .endswith(":") and own[before] and own[before] != FIRST:
                    speaker = own[before]
                elif previous is not None and out.get(previous) and \
                        self.text[previous[1]:previous[1] + 1] == "\n" and \
                        not self.text[previous[1]:region[0] - 1].strip():
                    # a quotation left open at a paragraph's end, reopened in the next one
                    speaker = out[previous]
            out[region] = speaker
            previous = region
        return out

    def _stance_speaker(self, main: Token, claim_start: int) -> str | None:
        verb = main
        candidates = [main] + [c for c in main.children if c.dep_ in ("acomp", "xcomp")]
        if not any(set(word_keys(c)) & self.rules.speaker_verbs for c in candidates):
            return None
        subj = subject(verb)
        if subj is None:
            return None
        key = self.resolve(subj, claim_start)
        return None if key == FIRST else key
