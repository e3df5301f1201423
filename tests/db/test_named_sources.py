"""A source the entity recognizer did not tag is still the speaker, made an actor of its own
when the grammar has it speak (`db/nlp/named_sources.py`); a capitalised common word, a title
or a place is never made one; of a name modified by another, the head's own name speaks.
Parses written by hand in the shape en_core_web_sm 3.8.0 gives such sentences (rows as in
test_speakers.py: word, head, dependency, part of speech, tag, lemma, entity).
"""

from __future__ import annotations

from tests.db.test_speakers import extract, speaker_of

UNTAGGED = "Dara Novak, a port spokeswoman, told reporters the ship sank. Novak added it was old."
UNTAGGED_PARSE = """
    Dara        1   compound  PROPN NNP  Dara        O
    Novak       7   nsubj     PROPN NNP  Novak       O
    ,           1   punct     PUNCT ,    ,           O
    a           5   det       DET   DT   a           O
    port        5   compound  NOUN  NN   port        O
    spokeswoman 1   appos     NOUN  NN   spokeswoman O
    ,           1   punct     PUNCT ,    ,           O
    told        7   ROOT      VERB  VBD  tell        O
    reporters   7   dobj      NOUN  NNS  reporter    O
    the         10  det       DET   DT   the         O
    ship        11  nsubj     NOUN  NN   ship        O
    sank        7   ccomp     VERB  VBD  sink        O
    .           7   punct     PUNCT .    .           O
    Novak       14  nsubj     PROPN NNP  Novak       O
    added       14  ROOT      VERB  VBD  add         O
    it          16  nsubj     PRON  PRP  it          O
    was         14  ccomp     AUX   VBD  be          O
    old         16  acomp     ADJ   JJ   old         O
    .           14  punct     PUNCT .    .           O
"""


def test_an_untagged_name_that_tells_reporters_is_the_speaker_and_an_actor():
    ex = extract(UNTAGGED, UNTAGGED_PARSE)
    assert speaker_of(ex, UNTAGGED, "Dara Novak") == "Dara Novak"
    actor = next(a for a in ex.actors if a.name == "Dara Novak")
    assert actor.kind == "person"
    assert [m.text for m in ex.mentions if m.actor_key == actor.key] == ["Dara Novak"]


def test_the_surname_of_a_source_made_so_is_the_same_person_later():
    ex = extract(UNTAGGED, UNTAGGED_PARSE)
    assert speaker_of(ex, UNTAGGED, "Novak added") == "Dara Novak"


COMMON = "Officers arrived at noon. Traffic said nothing. Harbour Master said it was closed."
COMMON_PARSE = """
    Officers 1   nsubj     NOUN  NNS  officer   O
    arrived  1   ROOT      VERB  VBD  arrive    O
    at       1   prep      ADP   IN   at        O
    noon     2   pobj      NOUN  NN   noon      B-TIME
    .        1   punct     PUNCT .    .         O
    Traffic  6   nsubj     PROPN NNP  Traffic   O
    said     6   ROOT      VERB  VBD  say       O
    nothing  6   dobj      PRON  NN   nothing   O
    .        6   punct     PUNCT .    .         O
    Harbour  10  compound  PROPN NNP  Harbour   O
    Master   11  nsubj     PROPN NNP  Master    O
    said     11  ROOT      VERB  VBD  say       O
    it       13  nsubj     PRON  PRP  it        O
    was      11  ccomp     AUX   VBD  be        O
    closed   13  acomp     ADJ   JJ   closed    O
    .        11  punct     PUNCT .    .         O
"""


def test_a_capitalised_common_word_that_speaks_is_no_name():
    """'Traffic' and 'Master' are written in lower case far more often than capitalised
    (spaCy's lexeme probabilities): no actor is made of them; 'noon' is a time."""
    ex = extract(COMMON, COMMON_PARSE)
    assert speaker_of(ex, COMMON, "Traffic said") is None
    assert speaker_of(ex, COMMON, "Harbour Master") is None
    assert ex.actors == ()


MODIFIED = "Orbis coach Lena Marsh said the team was tired."
MODIFIED_PARSE = """
    Orbis   3   compound  PROPN NNP  Orbis   B-PERSON
    coach   3   compound  NOUN  NN   coach   O
    Lena    3   compound  PROPN NNP  Lena    B-PERSON
    Marsh   4   nsubj     PROPN NNP  Marsh   I-PERSON
    said    4   ROOT      VERB  VBD  say     O
    the     6   det       DET   DT   the     O
    team    7   nsubj     NOUN  NN   team    O
    was     4   ccomp     AUX   VBD  be      O
    tired   7   acomp     ADJ   JJ   tired   O
    .       4   punct     PUNCT .    .       O
"""


def test_the_heads_own_name_speaks_not_the_name_modifying_it():
    """The recognizer took the club's name for a person too; the coach named by the
    phrase's head is the speaker, not whichever person was named first."""
    ex = extract(MODIFIED, MODIFIED_PARSE)
    assert speaker_of(ex, MODIFIED, "Orbis coach") == "Lena Marsh"


# A closing attribution on a line of its own after the quotation: the words before it were
# hers, the narrative after it is not (a bare "Ines Vale told the crowd." opened a statement
# that ran to the end of the article).
CLOSING = "“We won.”\nInes Vale told the crowd.\nRain fell on the square."
CLOSING_PARSE = """
    “        2   punct     PUNCT ``   "        O
    We       2   nsubj     PRON  PRP  we       O
    won      2   ROOT      VERB  VBD  win      O
    .        2   punct     PUNCT .    .        O
    ”        2   punct     PUNCT ''   "        O
    NEWLINE  4   dep       SPACE _SP  NEWLINE  O
    Ines     7   compound  PROPN NNP  Ines     B-PERSON
    Vale     8   nsubj     PROPN NNP  Vale     I-PERSON
    told     8   ROOT      VERB  VBD  tell     O
    the      10  det       DET   DT   the      O
    crowd    8   dobj      NOUN  NN   crowd    O
    .        8   punct     PUNCT .    .        O
    NEWLINE  11  dep       SPACE _SP  NEWLINE  O
    Rain     14  nsubj     NOUN  NN   rain     O
    fell     14  ROOT      VERB  VBD  fall     O
    on       14  prep      ADP   IN   on       O
    the      17  det       DET   DT   the      O
    square   15  pobj      NOUN  NN   square   O
    .        14  punct     PUNCT .    .        O
"""


def test_a_bare_attribution_after_a_quotation_closes_it_and_opens_no_statement():
    ex = extract(CLOSING, CLOSING_PARSE)
    assert speaker_of(ex, CLOSING, "“We won") == "Ines Vale"
    assert speaker_of(ex, CLOSING, "Rain fell") is None


# A role with its holder's name in apposition: the name is the source, not the person or
# organisation modifying the role ("Lee's aide" is not Lee).
APPOSED = "Ann Lee won. Lee's aide, Tom Reyes, said the count was over."
APPOSED_PARSE = """
    Ann     1   compound  PROPN NNP  Ann     B-PERSON
    Lee     2   nsubj     PROPN NNP  Lee     I-PERSON
    won     2   ROOT      VERB  VBD  win     O
    .       2   punct     PUNCT .    .       O
    Lee     6   poss      PROPN NNP  Lee     B-PERSON
    's      4   case      PART   POS  's      O
    aide    11  nsubj     NOUN  NN   aide    O
    ,       6   punct     PUNCT ,    ,       O
    Tom     9   compound  PROPN NNP  Tom     B-PERSON
    Reyes   6   appos     PROPN NNP  Reyes   I-PERSON
    ,       6   punct     PUNCT ,    ,       O
    said    11  ROOT      VERB  VBD  say     O
    the     13  det       DET   DT   the     O
    count   14  nsubj     NOUN  NN   count   O
    was     11  ccomp     AUX   VBD  be      O
    over    14  advmod    ADV   RB   over    O
    .       11  punct     PUNCT .    .       O
"""


def test_the_name_in_apposition_to_a_role_is_the_source():
    ex = extract(APPOSED, APPOSED_PARSE)
    assert speaker_of(ex, APPOSED, "Lee's aide") == "Tom Reyes"


# "co-author" split into three words, all taken for subjects of "said": the one with the
# name in apposition heads the phrase. Then a bare "She also wrote for the school." followed
# by narrative, not by a quotation, opens no statement of hers.
CO = "Another co-author, Mia Dorn, said it worked. She also wrote for the school.\nRain fell."
CO_PARSE = """
    Another  1   det       DET   DT   another  O
    co       8   nsubj     NOUN  NN   co       O
    -        8   nsubj     NOUN  NN   -        O
    author   8   nsubj     NOUN  NN   author   O
    ,        3   punct     PUNCT ,    ,        O
    Mia      6   compound  PROPN NNP  Mia      B-PERSON
    Dorn     3   appos     PROPN NNP  Dorn     I-PERSON
    ,        3   punct     PUNCT ,    ,        O
    said     8   ROOT      VERB  VBD  say      O
    it       10  nsubj     PRON  PRP  it       O
    worked   8   ccomp     VERB  VBD  work     O
    .        8   punct     PUNCT .    .        O
    She      14  nsubj     PRON  PRP  she      O
    also     14  advmod    ADV   RB   also     O
    wrote    14  ROOT      VERB  VBD  write    O
    for      14  prep      ADP   IN   for      O
    the      17  det       DET   DT   the      O
    school   15  pobj      NOUN  NN   school   O
    .        14  punct     PUNCT .    .        O
    NEWLINE  18  dep       SPACE _SP  NEWLINE  O
    Rain     21  nsubj     NOUN  NN   rain     O
    fell     21  ROOT      VERB  VBD  fall     O
    .        21  punct     PUNCT .    .        O
"""


def test_of_a_split_co_author_the_word_with_the_name_in_apposition_is_the_subject():
    ex = extract(CO, CO_PARSE)
    assert speaker_of(ex, CO, "Another co-author") == "Mia Dorn"


def test_a_bare_attribution_not_followed_by_a_quotation_opens_no_statement():
    ex = extract(CO, CO_PARSE)
    assert speaker_of(ex, CO, "Rain fell") is None


# A quotation opened by a colon after a clause with a named subject, whatever its verb; and
# a "he" after it in the same sentence is that subject, not the person named before.
INTRO = ("Ann Lee spoke first. Tom Reyes shrugged: “We disagree.” "
         "Reyes objected: “It is late,” he added.")
INTRO_PARSE = """
    Ann       1   compound  PROPN NNP  Ann       B-PERSON
    Lee       2   nsubj     PROPN NNP  Lee       I-PERSON
    spoke     2   ROOT      VERB  VBD  speak     O
    first     2   advmod    ADV   RB   first     O
    .         2   punct     PUNCT .    .         O
    Tom       6   compound  PROPN NNP  Tom       B-PERSON
    Reyes     7   nsubj     PROPN NNP  Reyes     I-PERSON
    shrugged  7   ROOT      VERB  VBD  shrug     O
    :         7   punct     PUNCT :    :         O
    “         7   punct     PUNCT ``   "         O
    We        11  nsubj     PRON  PRP  we        O
    disagree  7   ccomp     VERB  VBP  disagree  O
    .         7   punct     PUNCT .    .         O
    ”         7   punct     PUNCT ''   "         O
    Reyes     15  nsubj     PROPN NNP  Reyes     O
    objected  24  ccomp     VERB  VBD  object    O
    :         15  punct     PUNCT :    :         O
    “         15  punct     PUNCT ``   "         O
    It        19  nsubj     PRON  PRP  it        O
    is        15  ccomp     AUX   VBZ  be        O
    late      19  acomp     ADJ   JJ   late      O
    ,         24  punct     PUNCT ,    ,         O
    ”         24  punct     PUNCT ''   "         O
    he        24  nsubj     PRON  PRP  he        O
    added     24  ROOT      VERB  VBD  add       O
    .         24  punct     PUNCT .    .         O
"""


def test_the_named_subject_before_a_colon_speaks_the_quotation_after_it():
    ex = extract(INTRO, INTRO_PARSE)
    assert speaker_of(ex, INTRO, "Tom Reyes shrugged") == "Tom Reyes"


def test_he_after_a_named_subject_of_the_same_sentence_is_that_subject():
    ex = extract(INTRO, INTRO_PARSE)
    assert speaker_of(ex, INTRO, "Reyes objected") == "Tom Reyes"
