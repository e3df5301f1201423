"""Who speaks, on parses built by hand (as test_rules_by_hand.py builds them): each rule of
attribution on exactly the parse en_core_web_sm gave for its sentence, without the model.

The rows are: word, head (absolute index), dependency, part of speech, tag, lemma, entity
(IOB). NEWLINE stands for a line break token.
"""

from __future__ import annotations

from db.nlp.authors import with_author
from db.nlp.claims.rulebook import attribution_rules
from db.nlp.found import Extraction, FoundActor, FoundClaim, FoundMention
from db.nlp.referents import Referents
from tests.db import test_rules_by_hand as by_hand


def extract(text: str, table: str) -> Extraction:
    return by_hand.extract(by_hand.parsed(text, table))


def speaker_of(ex: Extraction, text: str, sentence: str) -> str | None:
    """The name of the speaker of the claim that starts with `sentence`."""
    claim = next(c for c in ex.claims if text[c.start:c.end].startswith(sentence))
    return next((a.name for a in ex.actors if a.key == claim.speaker_key), claim.speaker_key)


SURNAME = "Mark Hay leads the study. Hay added, “Our work indicates that reefs recover.”"
SURNAME_PARSE = """
    Mark      1  compound  PROPN NNP  Mark      B-PERSON
    Hay       2  nsubj     PROPN NNP  Hay       I-PERSON
    leads     2  ROOT      VERB  VBZ  lead      O
    the       4  det       DET   DT   the       O
    study     2  dobj      NOUN  NN   study     O
    .         2  punct     PUNCT .    .         O
    Hay       7  nsubj     PROPN NNP  Hay       O
    added     7  ROOT      VERB  VBD  add       O
    ,         7  punct     PUNCT ,    ,         O
    “         7  punct     PUNCT ``   "         O
    Our       11 poss      PRON  PRP$ our       O
    work      12 nsubj     NOUN  NN   work      O
    indicates 7  ccomp     VERB  VBZ  indicate  O
    that      15 mark      SCONJ IN   that      O
    reefs     15 nsubj     NOUN  NNS  reef      O
    recover   12 ccomp     VERB  VB   recover   O
    .         7  punct     PUNCT .    .         O
    ”         7  punct     PUNCT ''   "         O
"""


def test_a_surname_the_recognizer_missed_is_the_person_named_with_it():
    ex = extract(SURNAME, SURNAME_PARSE)
    assert speaker_of(ex, SURNAME, "Hay added") == "Mark Hay"


UNNAMED_MP = "Ann Lee said the vote was close. One MP told the BBC, “We know it is lost.”"
UNNAMED_MP_PARSE = """
    Ann   1  compound  PROPN NNP  Ann   B-PERSON
    Lee   2  nsubj     PROPN NNP  Lee   I-PERSON
    said  2  ROOT      VERB  VBD  say   O
    the   4  det       DET   DT   the   O
    vote  5  nsubj     NOUN  NN   vote  O
    was   2  ccomp     AUX   VBD  be    O
    close 5  acomp     ADJ   JJ   close O
    .     2  punct     PUNCT .    .     O
    One   9  nummod    NUM   CD   one   B-CARDINAL
    MP    10 nsubj     PROPN NNP  MP    O
    told  10 ROOT      VERB  VBD  tell  O
    the   12 det       DET   DT   the   O
    BBC   10 dobj      PROPN NNP  BBC   B-ORG
    ,     10 punct     PUNCT ,    ,     O
    “     10 punct     PUNCT ``   "     O
    We    16 nsubj     PRON  PRP  we    O
    know  10 ccomp     VERB  VBP  know  O
    it    19 nsubjpass PRON  PRP  it    O
    is    19 auxpass   AUX   VBZ  be    O
    lost  16 ccomp     VERB  VBN  lose  O
    .     10 punct     PUNCT .    .     O
    ”     10 punct     PUNCT ''   "     O
"""


def test_a_quote_by_a_source_nobody_named_has_no_speaker_not_the_one_before():
    ex = extract(UNNAMED_MP, UNNAMED_MP_PARSE)
    assert speaker_of(ex, UNNAMED_MP, "Ann Lee said") == "Ann Lee"
    assert speaker_of(ex, UNNAMED_MP, "One MP told") is None


PASSIVE = "The death was announced by the University of Oslo."
PASSIVE_PARSE = """
    The        1  det       DET   DT   the        O
    death      3  nsubjpass NOUN  NN   death      O
    was        3  auxpass   AUX   VBD  be         O
    announced  3  ROOT      VERB  VBN  announce   O
    by         3  agent     ADP   IN   by         O
    the        6  det       DET   DT   the        B-ORG
    University 4  pobj      PROPN NNP  University I-ORG
    of         6  prep      ADP   IN   of         I-ORG
    Oslo       7  pobj      PROPN NNP  Oslo       I-ORG
    .          3  punct     PUNCT .    .          O
"""


def test_the_agent_of_a_passive_verb_of_saying_speaks():
    ex = extract(PASSIVE, PASSIVE_PARSE)
    assert speaker_of(ex, PASSIVE, "The death") == "University of Oslo"
    assert "report" in ex.claims[0].types


CLAIMED_ATTACKS = "Today, multiple attacks, also claimed by Daesh, have killed dozens."
CLAIMED_ATTACKS_PARSE = """
    Today    6  npadvmod  NOUN  NN   today    B-DATE
    ,        6  punct     PUNCT ,    ,        O
    multiple 3  amod      ADJ   JJ   multiple O
    attacks  6  nsubj     NOUN  NNS  attack   O
    ,        3  punct     PUNCT ,    ,        O
    also     6  advmod    ADV   RB   also     O
    claimed  6  ROOT      VERB  VBN  claim    O
    by       6  agent     ADP   IN   by       O
    Daesh    7  pobj      PROPN NNP  Daesh    B-ORG
    ,        6  punct     PUNCT ,    ,        O
    have     11 aux       AUX   VBP  have     O
    killed   6  conj      VERB  VBN  kill     O
    dozens   11 dobj      NOUN  NNS  dozen    B-CARDINAL
    .        6  punct     PUNCT .    .        O
"""


def test_attacks_claimed_by_a_group_are_no_statement_of_the_group():
    ex = extract(CLAIMED_ATTACKS, CLAIMED_ATTACKS_PARSE)
    assert ex.claims[0].speaker_key is None
    assert "report" not in ex.claims[0].types


INTERVIEW = "((Sara Seager)) Rocky planets are rare.\nThey are hard to study.\n((WN)) Why?"
INTERVIEW_PARSE = """
    (       3  punct     PUNCT -LRB- (       O
    (       3  punct     PUNCT -LRB- (       O
    Sara    3  compound  PROPN NNP  Sara    B-PERSON
    Seager  3  ROOT      PROPN NNP  Seager  I-PERSON
    )       3  punct     PUNCT -RRB- )       O
    )       3  punct     PUNCT -RRB- )       O
    Rocky   7  amod      ADJ   JJ   rocky   O
    planets 8  nsubj     NOUN  NNS  planet  O
    are     8  ROOT      AUX   VBP  be      O
    rare    8  acomp     ADJ   JJ   rare    O
    .       8  punct     PUNCT .    .       O
    NEWLINE 10 dep       SPACE _SP  NEWLINE O
    They    13 nsubj     PRON  PRP  they    O
    are     13 ROOT      AUX   VBP  be      O
    hard    13 acomp     ADJ   JJ   hard    O
    to      16 aux       PART  TO   to      O
    study   14 xcomp     VERB  VB   study   O
    .       13 punct     PUNCT .    .       O
    NEWLINE 17 dep       SPACE _SP  NEWLINE O
    (       21 punct     PUNCT -LRB- (       O
    (       21 punct     PUNCT -LRB- (       O
    WN      21 ROOT      PROPN NNP  WN      B-ORG
    )       21 punct     PUNCT -RRB- )       O
    )       21 punct     PUNCT -RRB- )       O
    Why     24 ROOT      SCONJ WRB  why     O
    ?       24 punct     PUNCT .    ?       O
"""


def test_an_interview_turn_is_its_labels_speaker_until_the_next_label():
    ex = extract(INTERVIEW, INTERVIEW_PARSE)
    assert speaker_of(ex, INTERVIEW, "((Sara Seager))") == "Sara Seager"
    assert speaker_of(ex, INTERVIEW, "They are hard") == "Sara Seager"
    # the interviewer's label is Wikinews, which this text names nowhere else: the question
    # is the outlet's, and "WN" (an organisation to the recognizer) a mention of it
    assert speaker_of(ex, INTERVIEW, "((WN))") == speaker_of(ex, INTERVIEW, "Why") == "Wikinews"
    assert [m.actor_key for m in ex.mentions if m.text == "WN"] == ["organization:wikinews"]
    assert not any(a.name == "WN" for a in ex.actors)


def test_an_unknown_label_word_is_no_label():
    """'Washington: ...' names no one and is not all capitals: no turn, no speaker."""
    from db.nlp.transcripts import label

    refs = Referents("Washington: the talks ended.", [], attribution_rules())
    assert label("Washington: the talks ended.", 0, refs) is None


CONTINUED = "Hubert Minnis spoke on Monday. “It is over,” Minnis said. “The airport is a lake.”"
CONTINUED_PARSE = """
    Hubert  1  compound  PROPN NNP  Hubert  B-PERSON
    Minnis  2  nsubj     PROPN NNP  Minnis  I-PERSON
    spoke   2  ROOT      VERB  VBD  speak   O
    on      2  prep      ADP   IN   on      O
    Monday  3  pobj      PROPN NNP  Monday  B-DATE
    .       2  punct     PUNCT .    .       O
    “       13 punct     PUNCT ``   "       O
    It      8  nsubj     PRON  PRP  it      O
    is      13 ccomp     AUX   VBZ  be      O
    over    8  advmod    ADV   RB   over    O
    ,       13 punct     PUNCT ,    ,       O
    ”       13 punct     PUNCT ''   "       O
    Minnis  13 nsubj     PROPN NNP  Minnis  B-PERSON
    said    13 ROOT      VERB  VBD  say     O
    .       13 punct     PUNCT .    .       O
    “       18 punct     PUNCT ``   "       O
    The     17 det       DET   DT   the     O
    airport 18 nsubj     NOUN  NN   airport O
    is      18 ROOT      AUX   VBP  be      O
    a       20 det       DET   DT   a       O
    lake    18 attr      NOUN  NN   lake    O
    .       18 punct     PUNCT .    .       O
    ”       18 punct     PUNCT ''   "       O
"""


def test_a_quotation_goes_on_after_its_attribution():
    ex = extract(CONTINUED, CONTINUED_PARSE)
    assert speaker_of(ex, CONTINUED, "“The airport") == "Hubert Minnis"
    assert "quote" in next(c for c in ex.claims
                           if CONTINUED[c.start:c.end].startswith("“The airport")).types


READOUT = "President Joe Biden underscored the importance of the alliance."
READOUT_PARSE = """
    President   2  compound  PROPN NNP  President   O
    Joe         2  compound  PROPN NNP  Joe         B-PERSON
    Biden       3  nsubj     PROPN NNP  Biden       I-PERSON
    underscored 3  ROOT      VERB  VBD  underscore  O
    the         5  det       DET   DT   the         O
    importance  3  dobj      NOUN  NN   importance  O
    of          5  prep      ADP   IN   of          O
    the         8  det       DET   DT   the         O
    alliance    6  pobj      NOUN  NN   alliance    O
    .           3  punct     PUNCT .    .           O
"""


def test_what_a_readout_says_the_president_underscored_is_his():
    ex = extract(READOUT, READOUT_PARSE)
    assert speaker_of(ex, READOUT, "President Joe Biden") == "Joe Biden"


THE_US = "The US has further indicated no support will come."
THE_US_PARSE = """
    The       1  det       DET   DT   the       O
    US        4  nsubj     PROPN NNP  US        B-GPE
    has       4  aux       AUX   VBZ  have      O
    further   4  advmod    ADV   RB   far       O
    indicated 4  ROOT      VERB  VBN  indicate  O
    no        6  det       DET   DT   no        O
    support   8  nsubj     NOUN  NN   support   O
    will      8  aux       AUX   MD   will      O
    come      4  ccomp     VERB  VB   come      O
    .         4  punct     PUNCT .    .         O
"""


def test_the_us_is_the_country_not_the_first_person():
    ex = extract(THE_US, THE_US_PARSE)
    assert speaker_of(ex, THE_US, "The US") == "United States"


THE_COURT = "The Supreme Court of Justice heard the case. The court found that the law was void."
THE_COURT_PARSE = """
    The     2  det       DET   DT   the     B-ORG
    Supreme 2  compound  PROPN NNP  Supreme I-ORG
    Court   5  nsubj     PROPN NNP  Court   I-ORG
    of      2  prep      ADP   IN   of      I-ORG
    Justice 3  pobj      PROPN NNP  Justice I-ORG
    heard   5  ROOT      VERB  VBD  hear    O
    the     7  det       DET   DT   the     O
    case    5  dobj      NOUN  NN   case    O
    .       5  punct     PUNCT .    .       O
    The     10 det       DET   DT   the     O
    court   11 nsubj     NOUN  NN   court   O
    found   11 ROOT      VERB  VBD  find    O
    that    15 mark      SCONJ IN   that    O
    the     14 det       DET   DT   the     O
    law     15 nsubj     NOUN  NN   law     O
    was     11 ccomp     AUX   VBD  be      O
    void    15 acomp     ADJ   JJ   void    O
    .       11 punct     PUNCT .    .       O
"""


def test_the_court_is_the_court_named_before():
    ex = extract(THE_COURT, THE_COURT_PARSE)
    assert speaker_of(ex, THE_COURT, "The court found") == "Supreme Court of Justice"
    assert speaker_of(ex, THE_COURT, "The Supreme Court") is None


READOUT_ROLE = ("Vice President Kamala Harris today spoke to Prime Minister Mia Mottley. "
                "The Vice President emphasized her belief that the interests are intertwined.")
READOUT_ROLE_PARSE = """
    Vice        1  compound  PROPN NNP  Vice        O
    President   3  compound  PROPN NNP  President   O
    Kamala      3  compound  PROPN NNP  Kamala      B-PERSON
    Harris      5  nsubj     PROPN NNP  Harris      I-PERSON
    today       5  npadvmod  NOUN  NN   today       B-DATE
    spoke       5  ROOT      VERB  VBD  speak       O
    to          5  prep      ADP   IN   to          O
    Prime       8  compound  PROPN NNP  Prime       O
    Minister    10 compound  PROPN NNP  Minister    O
    Mia         10 compound  PROPN NNP  Mia         B-PERSON
    Mottley     6  pobj      PROPN NNP  Mottley     I-PERSON
    .           5  punct     PUNCT .    .           O
    The         14 det       DET   DT   the         O
    Vice        14 compound  PROPN NNP  Vice        O
    President   15 nsubj     PROPN NNP  President   O
    emphasized  15 ROOT      VERB  VBD  emphasize   O
    her         17 poss      PRON  PRP$ her         O
    belief      15 dobj      NOUN  NN   belief      O
    that        22 mark      SCONJ IN   that        O
    the         20 det       DET   DT   the         O
    interests   22 nsubjpass NOUN  NNS  interest    O
    are         22 auxpass   AUX   VBP  be          O
    intertwined 17 acl       VERB  VBN  intertwine  O
    .           15 punct     PUNCT .    .           O
"""


def test_the_vice_president_is_the_person_named_with_that_title_not_the_last_named():
    ex = extract(READOUT_ROLE, READOUT_ROLE_PARSE)
    assert speaker_of(ex, READOUT_ROLE, "The Vice President") == "Kamala Harris"


# -- a signed statement's author, and who never speaks (no parse needed) ----------------------

_USA = FoundActor("country:USA", "United States", "country")
_OFFICIAL = FoundActor("person:jake sullivan", "Jake Sullivan", "person")


def _statement(*claims: FoundClaim) -> Extraction:
    return Extraction((_USA, _OFFICIAL), (), claims)


def test_the_author_of_a_signed_statement_speaks_for_the_country_it_names():
    stance = FoundClaim(0, 40, ("support",), (), "country:USA", sourced=False)
    for role in ("President", "Spokesperson"):
        author = FoundActor("person:ann lee", "Ann Lee", "person", role=role)
        assert with_author(_statement(stance), author).claims[0].speaker_key == \
            "person:ann lee"


def test_a_named_source_and_a_persons_speech_act_keep_their_speaker_in_a_signed_statement():
    president = FoundActor("person:joe biden", "Joe Biden", "person", role="President")
    said = FoundClaim(0, 40, (), (), "country:USA", sourced=True)
    emphasized = FoundClaim(41, 90, (), (), "person:jake sullivan", sourced=False)
    unsourced = FoundClaim(91, 120)
    claims = with_author(_statement(said, emphasized, unsourced), president).claims
    assert [c.speaker_key for c in claims] == \
        ["country:USA", "person:jake sullivan", "person:joe biden"]


def test_a_capital_may_speak_for_its_government():
    moscow = [FoundMention(0, 6, "Moscow", "place:RUS:moscow")]
    refs = Referents("Moscow said", moscow, attribution_rules())
    assert refs.best(moscow) == "place:RUS:moscow"


def test_a_place_never_speaks():
    mentions = [FoundMention(0, 6, "Aleppo", "place:SYR:aleppo")]
    refs = Referents("Aleppo officials", mentions, attribution_rules())
    assert refs.best(mentions) is None
    both = mentions + [FoundMention(7, 16, "officials", "organization:aleppo-council")]
    assert refs.best(both) == "organization:aleppo-council"


def test_the_news_evaluation_takes_an_acronym_for_the_coded_name_and_nothing_looser():
    """bench/news_sets.py scores stored speakers against the hand codes by name."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from news_sets import names_match, norm

    assert names_match("Pacific Gas and Electric Company", {norm("PG&E")})
    assert names_match("World Health Organization", {norm("WHO")})
    assert names_match("Kamala Harris", {norm("Vice President Kamala Harris")})
    assert not names_match("Pacific Gas and Electric Company", {norm("PGA")})
    assert not names_match("Joe Biden", {norm("JB")})  # two words make no acronym


APOLOGY = "Ann Lee apologized to the families. Bo Kim was reported to be in stable condition."
APOLOGY_PARSE = """
    Ann        1  compound  PROPN NNP  Ann        B-PERSON
    Lee        2  nsubj     PROPN NNP  Lee        I-PERSON
    apologized 2  ROOT      VERB  VBD  apologize  O
    to         2  prep      ADP   IN   to         O
    the        5  det       DET   DT   the        O
    families   3  pobj      NOUN  NNS  family     O
    .          2  punct     PUNCT .    .          O
    Bo         8  compound  PROPN NNP  Bo         B-PERSON
    Kim        10 nsubjpass PROPN NNP  Kim        I-PERSON
    was        10 auxpass   AUX   VBD  be         O
    reported   10 ROOT      VERB  VBN  report     O
    to         12 aux       PART  TO   to         O
    be         10 xcomp     AUX   VB   be         O
    in         12 prep      ADP   IN   in         O
    stable     15 amod      ADJ   JJ   stable     O
    condition  13 pobj      NOUN  NN   condition  O
    .          10 punct     PUNCT .    .          O
"""


def test_the_subject_of_a_speech_act_no_list_names_speaks_unless_passive():
    ex = extract(APOLOGY, APOLOGY_PARSE)
    assert speaker_of(ex, APOLOGY, "Ann Lee apologized") == "Ann Lee"
    assert speaker_of(ex, APOLOGY, "Bo Kim was reported") is None


ACCUSED = "Michael Avenatti appeared in court on Monday. He was also accused of defrauding clients."
ACCUSED_PARSE = """
    Michael    1  compound  PROPN NNP Michael  B-PERSON
    Avenatti   2  nsubj     PROPN NNP Avenatti I-PERSON
    appeared   2  ROOT      VERB  VBD appear   O
    in         2  prep      ADP   IN  in       O
    court      3  pobj      NOUN  NN  court    O
    on         2  prep      ADP   IN  on       O
    Monday     5  pobj      PROPN NNP Monday   B-DATE
    .          2  punct     PUNCT .   .        O
    He         11 nsubjpass PRON  PRP he       O
    was        11 auxpass   AUX   VBD be       O
    also       11 advmod    ADV   RB  also     O
    accused    11 ROOT      VERB  VBN accuse   O
    of         11 prep      ADP   IN  of       O
    defrauding 12 pcomp     VERB  VBG defraud  O
    clients    13 dobj      NOUN  NNS client   O
    .          11 punct     PUNCT .   .        O
"""


def test_the_subject_of_a_passive_stance_is_spoken_of_not_speaking():
    """"He was accused of...": "accuse" names its speaker in the active ("Critics accused
    him"); in the passive its subject is whom it is said of, and the accuser goes unnamed."""
    ex = extract(ACCUSED, ACCUSED_PARSE)
    claim = ex.claims[1]
    assert "opposition" in claim.types and claim.speaker_key is None


def test_the_signer_is_named_before_the_subject_of_the_title(rules_pipeline):
    """"Statement of the President on ... Call with President Zelenskyy" is unsigned (the
    president is not named): Zelenskyy is whom it is about, and must not speak its "I"."""
    from db.nlp.authors import author_of

    nlp = rules_pipeline.model.nlp
    signed = author_of(nlp, "Statement from President Joe Biden on the Visit of President Lula")
    assert signed is not None and signed.name == "Joe Biden"
    assert author_of(nlp, "Statement of the President on the NATO Summit and Call with "
                          "President Zelenskyy") is None
