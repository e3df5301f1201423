"""Attribution: who asserts each claim, and whether it is a `quote` or a `report`.

The speaker is, in this order of precedence:
1. the source named in the claim itself: the subject of a reporting verb ("X said", "X told
   reporters", "reports the New York Times", "X is clear that"), the agent of a passive one
   ("was announced by X"), or the noun phrase after "according to";
2. the label of an interview or briefing turn ("((Sara Seager))", "NG:", "SECRETARY KERRY:"),
   for the turn's paragraphs up to the next label (`transcripts.py`);
3. for words inside quotation marks, the speaker of that quotation, whose attribution may be
   in another sentence (before it, after it, the "X said:" line that opens it, or the
   quotation it goes on from: '“A,” Minnis said. “B.”');
4. for a quotation without its own attribution, a verb of saying or a stance of its own
   sentence (not the source of the sentence before or after: on the tuning codes that
   borrowed speaker was right 8 times in 22, mostly words in quotation marks of a narrative,
   '...protested by shouting “shame on you!”');
5. in a statement opened by a line such as "Tobias Ellwood said:" or a transcript label, that
   speaker, for the rest of the text;
6. the subject of a speech act or stated belief that is the main predicate ("The United
   States condemns...", "the Chairman believes...", "Biden underscored...", "the city issued
   a statement").
A source that is named but resolves to no actor ("one MP told the BBC") holds: the claim has
no speaker rather than one borrowed from a neighbour; a proper-noun source that no mention
covers ("Tomasz Kubiak, a fire service spokesman, told AFP") is made an actor of its own
(`named_sources.py`). A bare attribution right after a quotation ('“...”' then "X told the
crowd.") speaks that quotation and opens no statement. "I" and "we" resolve to the speaker of
the statement they are in, else to no one: an unsigned State Department release speaks for
itself (null); "they" to the speaker of the sentence before. Noun phrases are resolved by
`referents.py` (surnames, roles, "he"/"she", "the newspaper", "the court"). A nickname in
quotation marks is no quotation.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from db.nlp.claims.grammar import antecedent, is_predicate, subject, word_keys
from db.nlp.claims.rulebook import AttributionRules, attribution_rules
from db.nlp.claims.scan import DocScan
from db.nlp.found import FoundMention
from db.nlp.quote_regions import quote_regions, same_speech
from db.nlp.referents import FIRST, THEY, Referents, is_first_person, kind
from db.nlp.sources import Attributed, Source
from db.nlp.spans import doc_text
from db.nlp.transcripts import label

_QUOTE_CHARS = "“”\"«»‘’'"
_CLOSING = " \n,.!?”\"»’'"  # what may lie between a quotation and its closing attribution
_FIRST_PERSON = frozenset({"i", "we", "us", "me", "our", "my"})
_PRONOUNS = _FIRST_PERSON | frozenset({"he", "she", "him", "her", "it", "they", "them"})
# Verbs whose direct object is the addressee, not what was said ("told REPORTERS").
_ADDRESSEE_VERBS = frozenset({"tell", "inform", "update", "brief", "assure", "remind"})
# A claim as attribution sees it: chars [start, end), tokens [a, b), main predicate.
Part = tuple[int, int, int, int, Token | None]


@lru_cache(maxsize=4)
def _according_matcher(vocab: Vocab) -> Matcher:
    """Compiled once per vocabulary (one per process in practice)."""
    matcher = Matcher(vocab)
    matcher.add("ACCORDING_TO", list(attribution_rules().according_to))
    return matcher


def _real(key: str | None) -> bool:
    """An actor's key, not None nor a stand-in for "I"/"we" or "they"."""
    return key is not None and not key.startswith("\x00")


class Attributor:
    """Finds the sources of every claim of a document, then decides the speakers."""

    def __init__(self, doc: Doc, mentions: Sequence[FoundMention], scan: DocScan) -> None:
        self.doc = doc
        self.scan = scan
        self.text = doc_text(doc)
        self.rules: AttributionRules = attribution_rules()
        self.refs = Referents(self.text, mentions, self.rules)
        self.refs.is_subject = self._is_subject
        self.regions = quote_regions(self.text, self.rules.nicknames)
        self._according = ([(s, e) for _, s, e in _according_matcher(doc.vocab)(doc)]
                           if scan.has_according else [])

    def _is_subject(self, mention: FoundMention) -> bool:
        a, b = self.scan.tokens(mention.start, mention.end)
        for tok in self.doc[a:b]:
            while tok.dep_ in ("compound", "flat", "appos", "amod") and tok.head.i != tok.i:
                tok = tok.head
            if tok.dep_ in ("nsubj", "nsubjpass"):
                return True
        return False

    def resolve(self, head: Token, claim_start: int, make: bool = False) -> str | None:
        """The actor a subject names (a relative "who": its noun); FIRST when "I" or "we" is
        one of its conjuncts ("Vice President Harris and I are committed": the statement's)."""
        head = antecedent(head)
        if any(is_first_person(c) for c in head.conjuncts):
            return FIRST
        return self.refs.resolve(head, claim_start, make)

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
            if any(c.dep_ == "aux" and c.lower_ in ("will", "shall") for c in verb.children):
                continue  # "we will continue to...", "she will say": nothing said yet
            agent = self._agent(verb)
            if agent is None and (
                    any(c.dep_ in ("auxpass", "agent", "nsubjpass") for c in verb.children)
                    or (verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children))):
                continue  # "attacks, also claimed by Daesh": passive, no one speaks
            if keys & self.rules.needs_clause and not any(
                    c.dep_ in ("ccomp", "parataxis") for c in verb.children):
                continue
            subj = agent or self._subject(verb)
            if subj is None and verb.dep_ == "advcl" and verb.tag_ == "VBG":
                subj = subject(verb.head)  # "Biden praised..., stating he was proud"
            if subj is None or (is_clear and subj.lower_ in _FIRST_PERSON):
                continue
            dobj = [c for c in verb.children if c.dep_ == "dobj"]
            if any(set(word_keys(d)) & self.rules.reporting_not_objects for d in dobj):
                continue
            attribution = self._attribution_tokens(verb, keys, claim_ids)
            if agent is not None:  # "THE DEATH OF X was announced by Y": what is reported
                attribution -= {t.i for c in verb.children if c.dep_ == "nsubjpass"
                                for t in c.subtree}
            words = words or [t for t in self.doc[a:b] if t.is_alpha]
            content = [t for t in words if t.i not in attribution]
            quoted = [t for t in content if self._in_quotes(t)]
            report = len(content) - len(quoted) >= 2
            named = False
            if self._in_quotes(tok):
                key = None  # "“The Syrian army claims...”": the quoter speaks, not the army
            elif subj.i in claim_ids:
                key = self.resolve(subj, start, make=True)
                if subj.lower_ in ("he", "she"):  # 'Blankenship concurred: “...”, he argued'
                    key = self._named_before(a, subj.i, start) or key
                named = self._names_someone(subj)
            else:  # the parser ran this line into the one before: take the name before the verb
                key = self.refs.name_before(start, tok.idx)
            outlet = self.refs.outlet(subj, key)
            if keys & _ADDRESSEE_VERBS:  # "told the New York Times": the outlet is addressed
                for d in dobj:
                    outlet = self.refs.outlet(d, self.resolve(d, start)) or outlet
            # "Philip Hammond said: The UK has..." opens a statement like a line "X said:";
            # "Jorgensen exclaimed: “It's official...”" opens only the quotation, and
            # 'Not ours”, said Jorgensen.' closes one (its words parsed as the verb's)
            after = self.text[tok.idx + len(tok):tok.idx + len(tok) + 4].lstrip()
            opens = after[:1] == ":" and after[1:].lstrip()[:1] not in _QUOTE_CHARS
            # a bare attribution opens a statement, unless it closes the quotation before
            # it ('“...” \n Macron told the world via Twitter.': his words end there)
            closes = self.text[:start].rstrip()[-1:] in "”\"»"
            # ...and unless a quotation does not follow it ("He also wrote for other
            # artists.": what he wrote is not the article's next sentences)
            end = self.doc[b - 1].idx + len(self.doc[b - 1])
            closes = closes or self.text[end:end + 4].lstrip()[:1] not in _QUOTE_CHARS
            out.append(Source(key, tok.idx, tok.idx + len(tok), report and not opens,
                              header=agent is None and (opens or not content and not closes
                                                        and not any(self._in_quotes(t)
                                                                    for t in words)),
                              outlet=outlet, named=named))
        for m_start, m_end in self._according:
            if not (a <= m_start and m_end <= b):
                continue
            last = self.doc[m_end - 1]
            pobj = next((c for c in last.children if c.dep_ == "pobj"), None)
            if pobj is None and m_end < len(self.doc):
                pobj = self.doc[m_end]
                while pobj.head.i != pobj.i and m_end <= pobj.head.i < b:
                    pobj = pobj.head  # climb to the head of the phrase after "citing"
            key = self.resolve(pobj, start, make=True) if pobj is not None else None
            first = self.doc[m_start]
            out.append(Source(key, first.idx, last.idx + len(last), True, named=True,
                              outlet=self.refs.outlet(pobj, key) if pobj is not None else None))
        for tok in candidates:  # "There are reports of...", "Media reports have speculated..."
            if tok.lemma_.lower() == "report" and tok.pos_ == "NOUN" \
                    and tok.dep_ in ("nsubj", "attr") and (
                        tok.head.dep_ == "ROOT" or tok.head.lemma_ == "be"):
                out.append(Source(None, tok.idx, tok.idx + len(tok), True, named=True))
        return out

    def _subject(self, verb: Token) -> Token | None:
        """The verb's subject; of two, the name: '“...,” said study co-author Karen Alley'
        is parsed with "co" and "Alley" both subjects of "said"."""
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if len(subjects) > 1:
            named = [c for c in subjects if c.pos_ == "PROPN"] or [
                # "Another co-author, ... Julian Marshall, said": "co", "-" and "author"
                # all subjects; the one with the name in apposition is the phrase's head
                c for c in subjects if any(g.dep_ == "appos" for g in c.children)]
            if named:
                return named[-1]
        return subject(verb)

    def _names_someone(self, subj: Token) -> bool:
        """A subject that stands for a source of its own, resolved or not: a name ("One MP"),
        "one of the victims", a role or an institution ("an official", "the company"); not
        a pronoun, nor a thing ("this investigation has concluded" is the release's)."""
        subj = antecedent(subj)  # "Mark Hay, who said": Hay
        if subj.pos_ in ("PROPN", "NUM"):
            return subj.lower_ not in _PRONOUNS or subj.text == "US"
        lemma = subj.lemma_.lower()
        r = self.rules
        return subj.pos_ == "NOUN" and (lemma in r.roles or lemma in r.anonymous
                                        or lemma in r.institutions or lemma in r.outlets)

    def _quoter(self, a: int, b: int, start: int) -> str | None:
        """The named subject of a verb of saying outside the quotation, wherever the parser
        attached the verb ("During the speech Trump claimed, “...”": a relative clause)."""
        for i in self.scan.picks(self.scan.report, a, b):
            tok = self.doc[i]
            if tok.pos_ != "VERB" or self._in_quotes(tok) or not \
                    set(word_keys(tok)) & self.rules.reporting:
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            key = self.resolve(subj, start) if subj is not None else None
            if _real(key):
                return key
        return None

    def _named_before(self, a: int, i: int, start: int) -> str | None:
        """The named subject of a clause before token i of the same claim, outside
        quotation marks: whom a later "he" or "she" of that claim most likely is."""
        for tok in reversed(self.doc[a:i]):
            if tok.dep_ == "nsubj" and tok.pos_ == "PROPN" and not self._in_quotes(tok):
                key = self.resolve(tok, start, make=True)
                return key if _real(key) else None
        return None

    def _introducer(self, start: int, end: int, main: Token | None) -> str | None:
        """Who speaks a quotation that opens in a sentence without a verb of saying, and the
        sentences it goes on into (`_region_speakers`): the named subject of the clause a
        colon ends right before it, whatever its verb ('Blankenship concurred: “We..."'),
        else a person subject of the sentence ("In his message, he appreciated the general's
        life: “He was... He spent...”"; not "The report concluded:", a document). The person
        rule, on the tuning codes: 13 speakers found, 1 given where the coders gave none."""
        opens = [r for r in self.regions if start < r[0] < end]
        if not opens:
            return None
        before = self.text[start:opens[0][0]].rstrip(_QUOTE_CHARS + " ")
        if before.endswith(":"):
            colon = self.doc.char_span(start + len(before) - 1, start + len(before))
            subj = subject(colon[0].head) if colon is not None else None
            if subj is not None and subj.idx >= start and subj.pos_ == "PROPN":
                key = self.resolve(subj, start, make=True)
                return key if _real(key) else None
        subj = subject(main) if main is not None and not self._in_quotes(main) else None
        quoted = sum(w.isalpha() for q, e in opens for w in self.text[q:e].split())
        if subj is None or not start <= subj.idx < opens[0][0] or quoted < 3:
            return None
        key = self.resolve(subj, start)
        return key if key is not None and _real(key) and kind(key) == "person" else None

    def _agent(self, verb: Token) -> Token | None:
        """"was announced by the University of California": the agent of a passive
        reporting verb speaks, unless what is "claimed" is an act ("the attack was claimed
        by the Houthis")."""
        if not any(c.dep_ == "auxpass" for c in verb.children):
            return None  # "attacks, also claimed by Daesh": no finite passive, no speech
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subj is not None and set(word_keys(subj)) & self.rules.reporting_not_objects:
            return None
        by = next((c for c in verb.children if c.dep_ == "agent"), None)
        return next((c for c in by.children if c.dep_ == "pobj"), None) if by else None

    def _says(self, a: int, b: int) -> Token | None:
        return next((t for t in (self.doc[i] for i in self.scan.picks(self.scan.report, a, b))
                     if set(word_keys(t)) & self.rules.reporting), None)

    def _header_speaker(self, a: int, b: int, start: int) -> str | None:
        """The speaker of a line "X said:" however the parser attached it."""
        verb = self._says(a, b)
        if verb is None:
            return None
        key = self.refs.name_before(start, verb.idx)
        if key is None:
            role = [t for t in self.doc[a:verb.i] if t.lemma_.lower() in self.rules.roles]
            if role:
                key = self.refs.role_person(role[-1], start)
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
        for (start, end, a, b, main), res in zip(claims, results, strict=True):
            res.sources = self.sources(a, b, start)
            key = next((s.key for s in res.sources if s.key), None)
            if key is None and not res.sources:
                key = self._introducer(start, end, main)
            own.append(key)
            for src in res.sources:
                if src.outlet:
                    self.refs.last_outlet = src.outlet  # "the newspaper" refers back to it
        bare = [bool(r.sources) and not any(s.report or s.header for s in r.sources)
                for r in results]
        region_speaker = self._region_speakers(claims, own, bare)
        block: str | None = None
        previous: str | None = None  # the speaker of the claim before
        for j, (start, end, a, b, main) in enumerate(claims):
            res = results[j]
            text = self.text[start:end]
            turn = label(text, start, self.refs) if self.text[start - 1:start] in ("", "\n") \
                else None
            speaker = own[j]
            if speaker == FIRST:
                speaker = block
            elif speaker == THEY:  # "The leaders agreed... They also affirmed..."
                speaker = previous
            if turn is not None:  # "SECRETARY KERRY:", "((WN)) How...", "NG: This study..."
                block = speaker = turn.speaker
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
            # a source named but not resolved ("one MP told the BBC") is no one we know:
            # the speaker stays unknown rather than borrowed from a neighbour
            held = speaker is None and any(s.named for s in res.sources)
            res.sourced = speaker is not None or held or turn is not None
            if speaker is None and regions and not held:
                speaker = next((region_speaker[r] for r in regions if region_speaker.get(r)),
                               None)
            if speaker is None and res.quote is not None and not held:
                # the sentence's own speaker first: "Trump claimed, “...”" however parsed,
                # "Biden praised Warren's endorsement, stating he was “proud...”"
                speaker = self._quoter(a, b, start) or (
                    self._stance_speaker(main, start) if main is not None else None)
            if speaker is None and not held:
                speaker = block
            res.sourced = res.sourced or speaker is not None
            if speaker is None and main is not None and not held:
                speaker = self._stance_speaker(main, start)
            report = next((s for s in res.sources if s.report), None)
            if report is not None:
                res.report = (report.cue_start, report.cue_end)
            if speaker == THEY:
                speaker = previous
            res.speaker_key = previous = speaker if _real(speaker) else None
        return results

    def _region_speakers(self, claims: Sequence[Part], own: list[str | None],
                         bare: list[bool]) -> dict[tuple[int, int], str | None]:
        """The speaker of each quotation; `bare`: the claims that are an attribution and
        nothing else (no words of their own reported)."""
        out: dict[tuple[int, int], str | None] = {}
        previous: tuple[int, int] | None = None
        for region in self.regions:
            idx = [j for j, c in enumerate(claims) if c[0] < region[1] and c[1] > region[0]]
            speaker = next((own[j] for j in idx if _real(own[j])), None)
            if speaker is None and idx:
                before = idx[0] - 1
                if before >= 0 and self.text[claims[before][0]:claims[before][1]] \
                        .endswith(":") and _real(own[before]):
                    speaker = own[before]
                elif previous is not None and out.get(previous) and \
                        self.text[previous[1]:previous[1] + 1] == "\n" and \
                        not self.text[previous[1]:region[0] - 1].strip():
                    # a quotation left open at a paragraph's end, reopened in the next one
                    speaker = out[previous]
                elif previous is not None and out.get(previous) and \
                        same_speech(self.text[previous[1]:region[0]]):
                    # “A,” Minnis said. “B. C.”: the quotation goes on after its attribution
                    speaker = out[previous]
            after = idx[-1] + 1 if idx else len(claims)
            if speaker is None and after < len(claims) and bare[after] and _real(own[after]) \
                    and not self.text[region[1]:claims[after][0]].strip(_CLOSING):
                speaker = own[after]  # '“A. B.”\nVale told the crowd.': closed by its source
            out[region] = speaker
            previous = region
        return out

    def _speech_act(self, verb: Token) -> bool:
        """A verb of WordNet's speech acts said by its subject: active (in "he was reported
        to be", "Facebook was ordered to" the subject is spoken of, not speaking) and not an
        act by its object ("declared a state of emergency")."""
        return bool(set(word_keys(verb)) & self.rules.speech_acts) and verb.pos_ == "VERB" \
            and not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) \
            and not any(c.dep_ == "dobj" and set(word_keys(c)) & self.rules.reporting_not_objects
                        for c in verb.children)

    def _stance_speaker(self, main: Token, claim_start: int) -> str | None:
        """The subject of a speech act or stated belief that is the main predicate ("The
        United States condemns", "Sullivan underscored"), or of a verb whose object is an
        utterance ("the city issued a statement", "Biden delivered a speech")."""
        verb = main
        candidates = [main] + [c for c in main.children if c.dep_ in ("acomp", "xcomp") or (
            c.dep_ == "advcl" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children))
            # "Harris spoke today with Chancellor Scholz AND THANKED him": a predicate joined
            # to the main one, sharing its subject
            or (c.dep_ == "conj" and c.pos_ == "VERB" and c.tag_ != "VBN"
                and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children))]
        # "Biden spoke with Bennett TO OFFER his congratulations": the purpose is the act
        utters = set(word_keys(main)) & self.rules.uttering and any(
            c.dep_ == "dobj" and c.lemma_.lower() in self.rules.utterances
            for c in main.children) and not any(  # "will deliver remarks": not yet said
                c.dep_ == "aux" and c.tag_ == "MD" for c in main.children)
        if not utters and not any(
                set(word_keys(c)) & self.rules.speaker_verbs or self._speech_act(c)
                for c in candidates):
            return None
        subj = subject(verb)
        if subj is None or subj.dep_ == "nsubjpass":
            return None  # "He was accused of fraud", "X was dismissed": spoken of, not speaking
        key = self.resolve(subj, claim_start)
        return None if key == FIRST else key
