"""Claim and attribution rules on parses built by hand, as spaCy's own tests build them: each
rule is tested on exactly the parse it is written for, without loading the model, so that a
model update cannot hide a rule change. The same sentences go through the real model in
test_claims.py (marked `model`); these parses are what en_core_web_sm gave for them.

A parse is a table, one token a line: word, head (absolute index), dependency, part of
speech, tag, lemma, entity (IOB). The vocabulary is blank English (no model): its lexical
attributes (like_num, is_stop) are the language's, as in the real pipeline.
"""

from __future__ import annotations

from functools import cache

from spacy.lang.en import English
from spacy.tokens import Doc
from spacy.vocab import Vocab

from db.nlp.found import Extraction
from db.nlp.pipeline import extract_doc
from db.nlp.spans import remember_text


@cache
def english() -> Vocab:
    return English().vocab


def parsed(text: str, table: str) -> tuple[str, list[list[str]]]:
    return text, [line.split() for line in table.strip().splitlines()]


def extract(sentence: tuple[str, list[list[str]]]) -> Extraction:
    """What the pipeline finds in the sentence, given the parse: actors, then claims."""
    text, rows = sentence
    words, heads, deps, pos, tags, lemmas, ents = (list(c) for c in zip(*rows, strict=True))
    words = ["\n" if w == "NEWLINE" else w for w in words]  # a line break token
    lemmas = ["\n" if w == "NEWLINE" else w for w in lemmas]
    spaces, at = [], 0
    for word in words:  # the text says where the spaces are
        at = text.index(word, at) + len(word)
        spaces.append(text[at:at + 1] == " ")
    doc = Doc(english(), words=words, spaces=spaces, heads=[int(h) for h in heads], deps=deps,
              pos=pos, tags=tags, lemmas=lemmas, ents=ents)
    assert doc.text == text
    remember_text(doc, text)
    return extract_doc(doc)


def types_of(sentence: tuple[str, list[list[str]]], index: int = 0) -> tuple[str, ...]:
    return extract(sentence).claims[index].types


def key_of(ex: Extraction, name: str) -> str:
    return next(m.actor_key for m in ex.mentions if name in m.text)


# -- the parses (en_core_web_sm 3.8.0) ---------------------------------------------------------

NOUN_PHRASE_SUPPORT = parsed(
    "The army sent support troops and support vehicles to the border on Monday.",
    """
    The      1  det      DET   DT  the     O
    army     2  nsubj    NOUN  NN  army    O
    sent     2  ROOT     VERB  VBD send    O
    support  4  compound NOUN  NN  support O
    troops   2  dobj     NOUN  NNS troop   O
    and      2  cc       CCONJ CC  and     O
    support  2  conj     NOUN  NN  support O
    vehicles 6  dobj     NOUN  NNS vehicle O
    to       6  prep     ADP   IN  to      O
    the      10 det      DET   DT  the     O
    border   8  pobj     NOUN  NN  border  O
    on       6  prep     ADP   IN  on      O
    Monday   11 pobj     PROPN NNP Monday  B-DATE
    .        2  punct    PUNCT .   .       O
    """)


EXPRESSED_SUPPORT = parsed(
    "Estonia and Lithuania have expressed support for sending instructors to Ukraine.",
    """
    Estonia     4 nsubj PROPN NNP Estonia    B-GPE
    and         0 cc    CCONJ CC  and        O
    Lithuania   0 conj  PROPN NNP Lithuania  B-GPE
    have        4 aux   AUX   VBP have       O
    expressed   4 ROOT  VERB  VBN express    O
    support     4 dobj  NOUN  NN  support    O
    for         5 prep  ADP   IN  for        O
    sending     6 pcomp VERB  VBG send       O
    instructors 7 dobj  NOUN  NNS instructor O
    to          7 prep  ADP   IN  to         O
    Ukraine     9 pobj  PROPN NNP Ukraine    B-GPE
    .           4 punct PUNCT .   .          O
    """)


WILL_NOT_DEPLOY = parsed(
    "Germany will not deploy troops to the region.",
    """
    Germany 3 nsubj PROPN NNP Germany B-GPE
    will    3 aux   AUX   MD  will    O
    not     3 neg   PART  RB  not     O
    deploy  3 ROOT  VERB  VB  deploy  O
    troops  3 dobj  NOUN  NNS troop   O
    to      3 prep  ADP   IN  to      O
    the     7 det   DET   DT  the     O
    region  5 pobj  NOUN  NN  region  O
    .       3 punct PUNCT .   .       O
    """)


WILL_DEPLOY = parsed(
    "Germany will deploy troops to the region.",
    """
    Germany 2 nsubj PROPN NNP Germany B-GPE
    will    2 aux   AUX   MD  will    O
    deploy  2 ROOT  VERB  VB  deploy  O
    troops  2 dobj  NOUN  NNS troop   O
    to      2 prep  ADP   IN  to      O
    the     6 det   DET   DT  the     O
    region  4 pobj  NOUN  NN  region  O
    .       2 punct PUNCT .   .       O
    """)


URGED_NOT_TO = parsed(
    "The White House has urged NATO allies not to send troops to Ukraine.",
    """
    The     2  det      DET   DT  the     B-ORG
    White   2  compound PROPN NNP White   I-ORG
    House   4  nsubj    PROPN NNP House   I-ORG
    has     4  aux      AUX   VBZ have    O
    urged   4  ROOT     VERB  VBN urge    O
    NATO    6  compound PROPN NNP NATO    B-ORG
    allies  4  dobj     NOUN  NNS ally    O
    not     9  neg      PART  RB  not     O
    to      9  aux      PART  TO  to      O
    send    4  xcomp    VERB  VB  send    O
    troops  9  dobj     NOUN  NNS troop   O
    to      9  prep     ADP   IN  to      O
    Ukraine 11 pobj     PROPN NNP Ukraine B-GPE
    .       4  punct    PUNCT .   .       O
    """)


ADAMANT_THAT_IT_WILL_NOT = parsed(
    "The government is adamant that it will not send troops to the border.",
    """
    The        1  det   DET   DT  the        O
    government 2  nsubj NOUN  NN  government O
    is         2  ROOT  AUX   VBZ be         O
    adamant    2  acomp ADJ   JJ  adamant    O
    that       8  mark  SCONJ IN  that       O
    it         8  nsubj PRON  PRP it         O
    will       8  aux   AUX   MD  will       O
    not        8  neg   PART  RB  not        O
    send       2  ccomp VERB  VB  send       O
    troops     8  dobj  NOUN  NNS troop      O
    to         8  prep  ADP   IN  to         O
    the        12 det   DET   DT  the        O
    border     10 pobj  NOUN  NN  border     O
    .          2  punct PUNCT .   .          O
    """)


ACCORDING_TO = parsed(
    "Russia is moving troops toward the border, according to the New York Times.",
    """
    Russia    2  nsubj    PROPN NNP Russia B-GPE
    is        2  aux      AUX   VBZ be     O
    moving    2  ROOT     VERB  VBG move   O
    troops    2  dobj     NOUN  NNS troop  O
    toward    2  prep     ADP   IN  toward O
    the       6  det      DET   DT  the    O
    border    4  pobj     NOUN  NN  border O
    ,         2  punct    PUNCT ,   ,      O
    according 2  prep     VERB  VBG accord O
    to        8  prep     ADP   IN  to     O
    the       13 det      DET   DT  the    B-ORG
    New       12 compound PROPN NNP New    I-ORG
    York      13 compound PROPN NNP York   I-ORG
    Times     9  pobj     PROPN NNP Times  I-ORG
    .         2  punct    PUNCT .   .      O
    """)


QUOTE_THEN_HE_SAID = parsed(
    "Foreign Minister Sergei Lavrov spoke in Moscow on Monday. "
    "“Russia will respond to any provocation. We are ready,” he said.",
    """
    Foreign     1  compound PROPN NNP Foreign     O
    Minister    3  compound PROPN NNP Minister    O
    Sergei      3  compound PROPN NNP Sergei      B-PERSON
    Lavrov      4  nsubj    PROPN NNP Lavrov      I-PERSON
    spoke       4  ROOT     VERB  VBD speak       O
    in          4  prep     ADP   IN  in          O
    Moscow      5  pobj     PROPN NNP Moscow      B-GPE
    on          4  prep     ADP   IN  on          O
    Monday      7  pobj     PROPN NNP Monday      B-DATE
    .           4  punct    PUNCT .   .           O
    “           13 punct    PUNCT ``  "           O
    Russia      13 nsubj    PROPN NNP Russia      B-GPE
    will        13 aux      AUX   MD  will        O
    respond     13 ROOT     VERB  VB  respond     O
    to          13 prep     ADP   IN  to          O
    any         16 det      DET   DT  any         O
    provocation 14 pobj     NOUN  NN  provocation O
    .           13 punct    PUNCT .   .           O
    We          19 nsubj    PRON  PRP we          O
    are         24 ccomp    AUX   VBP be          O
    ready       19 acomp    ADJ   JJ  ready       O
    ,           24 punct    PUNCT ,   ,           O
    ”           24 punct    PUNCT ''  "           O
    he          24 nsubj    PRON  PRP he          O
    said        24 ROOT     VERB  VBD say         O
    .           24 punct    PUNCT .   .           O
    """)


# A quotation opened by a sentence whose verb is not one of saying, with a pronoun subject:
# its second sentence is the same person's.
OPENED_BY_A_PERSON = parsed(
    "Ali Khamenei ordered three days of mourning. In his message, he appreciated the "
    "general's life: “He was a stellar example of those educated in Islam. He spent his "
    "entire life in the path of God.”",
    """
    Ali         1  compound PROPN NNP  Ali        B-PERSON
    Khamenei    2  nsubj    PROPN NNP  Khamenei   I-PERSON
    ordered     2  ROOT     VERB  VBD  order      O
    three       4  nummod   NUM   CD   three      B-DATE
    days        2  dobj     NOUN  NNS  day        I-DATE
    of          4  prep     ADP   IN   of         O
    mourning    5  pobj     NOUN  NN   mourning   O
    .           2  punct    PUNCT .    .          O
    In          13 prep     ADP   IN   in         O
    his         10 poss     PRON  PRP$ his        O
    message     8  pobj     NOUN  NN   message    O
    ,           13 punct    PUNCT ,    ,          O
    he          13 nsubj    PRON  PRP  he         O
    appreciated 13 ROOT     VERB  VBD  appreciate O
    the         15 det      DET   DT   the        O
    general     17 poss     NOUN  NN   general    O
    's          15 case     PART  POS  's         O
    life        13 dobj     NOUN  NN   life       O
    :           13 punct    PUNCT :    :          O
    “           13 punct    PUNCT ``   "          O
    He          21 nsubj    PRON  PRP  he         O
    was         13 ccomp    AUX   VBD  be         O
    a           24 det      DET   DT   a          O
    stellar     24 amod     ADJ   JJ   stellar    O
    example     21 attr     NOUN  NN   example    O
    of          24 prep     ADP   IN   of         O
    those       25 pobj     PRON  DT   those      O
    educated    26 acl      VERB  VBN  educate    O
    in          27 prep     ADP   IN   in         O
    Islam       28 pobj     PROPN NNP  Islam      B-GPE
    .           13 punct    PUNCT .    .          O
    He          32 nsubj    PRON  PRP  he         O
    spent       32 ROOT     VERB  VBD  spend      O
    his         35 poss     PRON  PRP$ his        O
    entire      35 amod     ADJ   JJ   entire     O
    life        32 dobj     NOUN  NN   life       O
    in          32 prep     ADP   IN   in         O
    the         38 det      DET   DT   the        O
    path        36 pobj     NOUN  NN   path       O
    of          38 prep     ADP   IN   of         O
    God         39 pobj     PROPN NNP  God        O
    .           32 punct    PUNCT .    .          O
    ”           32 punct    PUNCT ''   "          O
    """)


UNSIGNED_WE = parsed(
    "We condemn the attack on the hospital in Aleppo.",
    """
    We       1 nsubj PRON  PRP we       O
    condemn  1 ROOT  VERB  VBP condemn  O
    the      3 det   DET   DT  the      O
    attack   1 dobj  NOUN  NN  attack   O
    on       3 prep  ADP   IN  on       O
    the      6 det   DET   DT  the      O
    hospital 4 pobj  NOUN  NN  hospital O
    in       1 prep  ADP   IN  in       O
    Aleppo   7 pobj  PROPN NNP Aleppo   B-GPE
    .        1 punct PUNCT .   .        O
    """)


NICKNAME = parsed(
    "The commander, nicknamed “the Tiger”, led the assault on the town.",
    """
    The       1  det   DET   DT  the       O
    commander 9  nsubj NOUN  NN  commander O
    ,         1  punct PUNCT ,   ,         O
    nicknamed 1  acl   VERB  VBN nickname  O
    “         6  punct PUNCT ``  "         O
    the       6  det   DET   DT  the       O
    Tiger     3  oprd  PROPN NNP Tiger     O
    ”         1  punct PUNCT ''  "         O
    ,         1  punct PUNCT ,   ,         O
    led       9  ROOT  VERB  VBD lead      O
    the       11 det   DET   DT  the       O
    assault   9  dobj  NOUN  NN  assault   O
    on        9  prep  ADP   IN  on        O
    the       14 det   DET   DT  the       O
    town      12 pobj  NOUN  NN  town      O
    .         9  punct PUNCT .   .         O
    """)


DATE = parsed(
    "The ministers met on 3 March 2016 in Amiens.",
    """
    The       1 det    DET   DT  the      O
    ministers 2 nsubj  NOUN  NNS minister O
    met       2 ROOT   VERB  VBD meet     O
    on        2 prep   ADP   IN  on       O
    3         5 nummod NUM   CD  3        B-DATE
    March     3 pobj   PROPN NNP March    I-DATE
    2016      5 nummod NUM   CD  2016     I-DATE
    in        2 prep   ADP   IN  in       O
    Amiens    7 pobj   PROPN NNP Amiens   B-GPE
    .         2 punct  PUNCT .   .        O
    """)


RESOLUTION = parsed(
    "The Security Council adopted Resolution 2328 on Monday.",
    """
    The        2 det      DET   DT  the        B-ORG
    Security   2 compound PROPN NNP Security   I-ORG
    Council    3 nsubj    PROPN NNP Council    I-ORG
    adopted    3 ROOT     VERB  VBD adopt      O
    Resolution 3 dobj     PROPN NNP Resolution O
    2328       4 nummod   NUM   CD  2328       O
    on         3 prep     ADP   IN  on         O
    Monday     6 pobj     PROPN NNP Monday     B-DATE
    .          3 punct    PUNCT .   .          O
    """)


AMOUNTS = parsed(
    "The UN said that 150,000 people had fled and $5 million had been pledged.",
    """
    The     1  det       DET   DT  the     O
    UN      2  nsubj     PROPN NNP UN      B-ORG
    said    2  ROOT      VERB  VBD say     O
    that    7  mark      SCONJ IN  that    O
    150,000 5  nummod    NUM   CD  150,000 B-CARDINAL
    people  7  nsubj     NOUN  NNS people  O
    had     7  aux       AUX   VBD have    O
    fled    2  ccomp     VERB  VBN flee    O
    and     7  cc        CCONJ CC  and     O
    $       11 quantmod  SYM   $   $       B-MONEY
    5       11 compound  NUM   CD  5       I-MONEY
    million 14 nsubjpass NUM   CD  million I-MONEY
    had     14 aux       AUX   VBD have    O
    been    14 auxpass   AUX   VBN be      O
    pledged 7  conj      VERB  VBN pledge  O
    .       2  punct     PUNCT .   .       O
    """)


RELATIVE_WILL = parsed(
    "The program offers rewards for information that will disrupt the oil trade.",
    """
    The         1  det      DET   DT  the         O
    program     2  nsubj    NOUN  NN  program     O
    offers      2  ROOT     VERB  VBZ offer       O
    rewards     2  dobj     NOUN  NNS reward      O
    for         3  prep     ADP   IN  for         O
    information 4  pobj     NOUN  NN  information O
    that        8  nsubj    PRON  WDT that        O
    will        8  aux      AUX   MD  will        O
    disrupt     5  relcl    VERB  VB  disrupt     O
    the         11 det      DET   DT  the         O
    oil         11 compound NOUN  NN  oil         O
    trade       8  dobj     NOUN  NN  trade       O
    .           2  punct    PUNCT .   .           O
    """)


SCHEDULED_VISIT = parsed(
    "Deputy Secretary Blinken will travel to Iraq next week.",
    """
    Deputy    1 compound PROPN NNP Deputy    O
    Secretary 2 compound PROPN NNP Secretary O
    Blinken   4 nsubj    PROPN NNP Blinken   B-PERSON
    will      4 aux      AUX   MD  will      O
    travel    4 ROOT     VERB  VB  travel    O
    to        4 prep     ADP   IN  to        O
    Iraq      5 pobj     PROPN NNP Iraq      B-GPE
    next      8 amod     ADJ   JJ  next      B-DATE
    week      4 npadvmod NOUN  NN  week      I-DATE
    .         4 punct    PUNCT .   .         O
    """)


BARE_FUTURE = parsed(
    "This meeting will be an opportunity for progress.",
    """
    This        1 det   DET   DT this        O
    meeting     3 nsubj NOUN  NN meeting     O
    will        3 aux   AUX   MD will        O
    be          3 ROOT  AUX   VB be          O
    an          5 det   DET   DT an          O
    opportunity 3 attr  NOUN  NN opportunity O
    for         5 prep  ADP   IN for         O
    progress    6 pobj  NOUN  NN progress    O
    .           3 punct PUNCT .  .           O
    """)


# -- the tests: the same answers as test_claims.py's focused sentences on the real model ----

def test_support_inside_a_noun_phrase_is_not_support():
    assert "support" not in types_of(NOUN_PHRASE_SUPPORT)


def test_expressed_support_is_support():
    assert "support" in types_of(EXPRESSED_SUPPORT)


def test_will_not_deploy_is_negated_and_will_deploy_is_not():
    assert extract(WILL_NOT_DEPLOY).claims[0].negated
    assert not extract(WILL_DEPLOY).claims[0].negated


def test_urged_not_to_is_a_request_not_an_opposition():
    types = types_of(URGED_NOT_TO)
    assert "request" in types and "opposition" not in types


def test_adamant_that_it_will_not_is_opposition_not_plan():
    types = types_of(ADAMANT_THAT_IT_WILL_NOT)
    assert "opposition" in types and "plan" not in types


RELATIVE_WHO = parsed(
    "The team includes Mark Hay, a professor, who said “Reefs can recover.”",
    """
    The        1   det       DET    DT   the        O
    team       2   nsubj     NOUN   NN   team       O
    includes   2   ROOT      VERB   VBZ  include    O
    Mark       4   compound  PROPN  NNP  Mark       B-PERSON
    Hay        2   dobj      PROPN  NNP  Hay        I-PERSON
    ,          4   punct     PUNCT  ,    ,          O
    a          7   det       DET    DT   a          O
    professor  4   appos     NOUN   NN   professor  O
    ,          7   punct     PUNCT  ,    ,          O
    who        10  nsubj     PRON   WP   who        O
    said       7   relcl     VERB   VBD  say        O
    “          10  punct     PUNCT  ``   "          O
    Reefs      14  nsubj     NOUN   NNS  reef       O
    can        14  aux       AUX    MD   can        O
    recover    10  ccomp     VERB   VB   recover    O
    .          2   punct     PUNCT  .    .          O
    ”          2   punct     PUNCT  ''   "          O
    """)


RELATIVE_WHO_QUOTING = parsed(
    "They met the minister, who said “Russia will respond to NATO.”",
    """
    They       1   nsubj     PRON   PRP  they       O
    met        1   ROOT      VERB   VBD  meet       O
    the        3   det       DET    DT   the        O
    minister   1   dobj      NOUN   NN   minister   O
    ,          3   punct     PUNCT  ,    ,          O
    who        6   nsubj     PRON   WP   who        O
    said       3   relcl     VERB   VBD  say        O
    “          6   punct     PUNCT  ``   "          O
    Russia     10  nsubj     PROPN  NNP  Russia     B-GPE
    will       10  aux       AUX    MD   will       O
    respond    6   ccomp     VERB   VB   respond    O
    to         10  prep      ADP    IN   to         O
    NATO       11  pobj      PROPN  NNP  NATO       B-ORG
    .          1   punct     PUNCT  .    .          O
    ”          1   punct     PUNCT  ''   "          O
    """)


def test_who_says_is_the_person_its_clause_hangs_on():
    # the clause hangs on the role in apposition ("a professor"): the name speaks
    ex = extract(RELATIVE_WHO)
    assert "quote" in ex.claims[0].types
    assert ex.claims[0].speaker_key == key_of(ex, "Mark Hay")


def test_what_a_relative_clause_quotes_does_not_name_its_speaker():
    # "the minister, who said “Russia ... NATO”": no minister was named, so no one speaks;
    # the names inside the quotation are not the minister
    ex = extract(RELATIVE_WHO_QUOTING)
    assert all(c.speaker_key is None for c in ex.claims)


def test_according_to_names_the_speaker():
    ex = extract(ACCORDING_TO)
    assert "report" in ex.claims[0].types
    assert ex.claims[0].speaker_key == key_of(ex, "New York Times")


def test_a_quotation_is_attributed_from_the_next_sentence():
    ex = extract(QUOTE_THEN_HE_SAID)
    text = QUOTE_THEN_HE_SAID[0]
    claim = next(c for c in ex.claims if text[c.start:c.end].startswith("“Russia will respond"))
    assert "quote" in claim.types
    assert claim.speaker_key == key_of(ex, "Lavrov")



def test_a_quotation_opened_without_a_verb_of_saying_is_its_subject_s_throughout():
    ex = extract(OPENED_BY_A_PERSON)
    text = OPENED_BY_A_PERSON[0]
    opening, going_on = (next(c for c in ex.claims if text[c.start:c.end].startswith(w))
                         for w in ("In his message", "He spent"))
    assert "quote" in opening.types and "quote" in going_on.types
    assert opening.speaker_key == going_on.speaker_key == key_of(ex, "Khamenei")

def test_an_unsigned_we_has_no_speaker():
    claim = extract(UNSIGNED_WE).claims[0]
    assert "opposition" in claim.types and claim.speaker_key is None


def test_a_nickname_in_quotation_marks_is_no_quote():
    assert "quote" not in types_of(NICKNAME)


def test_dates_and_numbered_names_are_not_quantities():
    for sentence in (DATE, RESOLUTION):
        assert "quantity" not in types_of(sentence), sentence[0]


def test_amounts_are_quantities():
    claim = extract(AMOUNTS).claims[0]
    assert "quantity" in claim.types
    assert next(q for q in claim.cues if q.type == "quantity").text in ("150,000", "$5 million")


def test_will_in_a_relative_clause_is_no_prediction():
    types = types_of(RELATIVE_WILL)
    assert "prediction" not in types and "agreement" in types


def test_a_scheduled_visit_is_a_plan_and_a_bare_future_a_prediction():
    assert "plan" in types_of(SCHEDULED_VISIT)
    assert "prediction" in types_of(BARE_FUTURE)


def test_the_rules_see_a_hand_built_parse_as_they_see_the_model_s():
    """A guard on the method: where a test above relies on a rule, it is that rule's parse
    that is tested (the entities become mentions, the dependencies make the clauses)."""
    ex = extract(URGED_NOT_TO)
    assert key_of(ex, "White House") == "organization:white-house"
    assert ex.claims[0].speaker_key == "organization:white-house"
