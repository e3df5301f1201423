"""Spans the model labels as names that the article shows are not actors
(db/nlp/not_names.py), on parses built by hand: the tables are what en_core_web_sm gave
for these sentences (word, head, dependency, part of speech, tag, lemma, entity), with the
entity column changed where a test needs the model's other reading. No model is loaded."""

from __future__ import annotations

from tests.db.test_rules_by_hand import extract, parsed


def mentioned(sentence: tuple[str, list[list[str]]]) -> list[str]:
    return [m.text for m in extract(sentence).mentions]


def kinds(sentence: tuple[str, list[list[str]]]) -> dict[str, str]:
    ex = extract(sentence)
    actors = {a.key: a for a in ex.actors}
    return {m.text: actors[m.actor_key].kind for m in ex.mentions}


TITLE = parsed("National Security Advisor Jake Sullivan met Wang Yi in Vienna.", """
National        1 compound PROPN NNP National B-ORG
Security        2 compound PROPN NNP Security I-ORG
Advisor         4 compound PROPN NNP Advisor I-ORG
Jake            4 compound PROPN NNP Jake B-PERSON
Sullivan        5 nsubj PROPN NNP Sullivan I-PERSON
met             5 ROOT VERB VBD meet O
Wang            7 compound PROPN NNP Wang B-PERSON
Yi              5 dobj PROPN NNP Yi I-PERSON
in              5 prep ADP IN in O
Vienna          8 pobj PROPN NNP Vienna B-GPE
.               5 punct PUNCT . . O
""")


def test_a_title_read_as_an_organisation_is_no_actor() -> None:
    found = kinds(TITLE)
    assert "National Security Advisor" not in found
    assert found["Jake Sullivan"] == "person"


RANKS = parsed("The President honored Marine Corps Cpl. Hunter Lopez and Marine Corps Lance "
               "Cpl. David L. Espinoza.", """
The         1 det DET DT the O
President   2 nsubj PROPN NNP President O
honored     2 ROOT VERB VBD honor O
Marine      5 compound PROPN NNP Marine B-ORG
Corps       5 compound PROPN NNP Corps I-ORG
Cpl         2 dobj PROPN NNP Cpl I-ORG
.           2 punct PUNCT . . O
Hunter      8 compound PROPN NNP Hunter B-PERSON
Lopez      13 nmod PROPN NNP Lopez I-PERSON
and         8 cc CCONJ CC and O
Marine     11 compound PROPN NNP Marine B-ORG
Corps       8 conj PROPN NNP Corps I-ORG
Lance      13 compound PROPN NNP Lance B-PERSON
Cpl        13 ROOT PROPN NNP Cpl I-PERSON
.          13 punct PUNCT . . O
David      17 compound PROPN NNP David B-PERSON
L.         17 compound PROPN NNP L. I-PERSON
Espinoza   17 ROOT PROPN NNP Espinoza I-PERSON
.          17 punct PUNCT . . O
""")


def test_a_rank_is_never_an_actor_nor_part_of_one() -> None:
    """The model reads "Marine Corps Cpl" as an organisation and "Lance Cpl" as a person
    (the tokenizer cuts the rank's stop off): the rank is the next name's, written without
    its stop, so the service is the Marine Corps and "Lance Cpl" is no one."""
    found = kinds(RANKS)
    assert found == {"Marine Corps": "organization", "Hunter Lopez": "person",
                     "David L. Espinoza": "person"}, found


MAJOR = parsed("Former Prime Minister John Major said Britain would stay.", """
Former      2 amod ADJ JJ former O
Prime       2 compound PROPN NNP Prime O
Minister    4 compound PROPN NNP Minister O
John        4 compound PROPN NNP John B-PERSON
Major       5 nsubj PROPN NNP Major I-PERSON
said        5 ROOT VERB VBD say O
Britain     8 nsubj PROPN NNP Britain B-GPE
would       8 aux AUX MD would O
stay        5 ccomp VERB VB stay O
.           5 punct PUNCT . . O
""")


def test_a_name_that_ends_in_a_rank_word_keeps_it() -> None:
    assert kinds(MAJOR) == {"John Major": "person", "Britain": "country"}


STORMS = parsed("Hurricane Humberto strengthened on Tuesday. Humberto will pass Bermuda, and "
                "Storm Lorenzo will bring rain to Ireland.", """
Hurricane     1 compound PROPN NNP Hurricane B-EVENT
Humberto      2 nsubj PROPN NNP Humberto I-EVENT
strengthened  2 ROOT VERB VBD strengthen O
on            2 prep ADP IN on O
Tuesday       3 pobj PROPN NNP Tuesday B-DATE
.             2 punct PUNCT . . O
Humberto      8 nsubj PROPN NNP Humberto B-PERSON
will          8 aux AUX MD will O
pass          8 ROOT VERB VB pass O
Bermuda       8 dobj PROPN NNP Bermuda B-PERSON
,             8 punct PUNCT , , O
and           8 cc CCONJ CC and O
Storm        13 compound PROPN NNP Storm B-PERSON
Lorenzo      15 nsubj PROPN NNP Lorenzo I-PERSON
will         15 aux AUX MD will O
bring         8 conj VERB VB bring O
rain         15 dobj NOUN NN rain O
to           15 prep ADP IN to O
Ireland      17 pobj PROPN NNP Ireland B-GPE
.            15 punct PUNCT . . O
""")


def test_a_named_storm_is_no_actor_nor_is_its_name_alone() -> None:
    """Storms take people's names: "Storm Lorenzo" read as a person is a storm, and so is
    "Humberto" read as a person in an article that writes "Hurricane Humberto"."""
    assert mentioned(STORMS) == ["Bermuda", "Ireland"]


NOT_A_STORM = parsed("Tropical Storm Chantal formed on Monday. Humberto told reporters he would "
                     "stay.", """
Tropical      1 compound PROPN NNP Tropical O
Storm         2 compound PROPN NNP Storm O
Chantal       3 nsubj PROPN NNP Chantal O
formed        3 ROOT VERB VBD form O
on            3 prep ADP IN on O
Monday        4 pobj PROPN NNP Monday B-DATE
.             3 punct PUNCT . . O
Humberto      8 nsubj PROPN NNP Humberto B-PERSON
told          8 ROOT VERB VBD tell O
reporters     8 dobj NOUN NNS reporter O
he           12 nsubj PRON PRP he O
would        12 aux AUX MD would O
stay          8 ccomp VERB VB stay O
.             8 punct PUNCT . . O
""")


def test_a_name_the_article_never_gives_a_storm_is_still_a_person() -> None:
    assert kinds(NOT_A_STORM) == {"Humberto": "person"}


ACRONYMS = parsed("Rules for artificial intelligence (AI) are needed, and AI needs care, the World "
                  "Health Organization (WHO) said.", """
Rules         8 nsubjpass NOUN NNS rule O
for           0 prep ADP IN for O
artificial    3 amod ADJ JJ artificial O
intelligence  1 pobj NOUN NN intelligence O
(             3 punct PUNCT -LRB- ( O
AI            3 appos PROPN NNP AI O
)             3 punct PUNCT -RRB- ) O
are           8 auxpass AUX VBP be O
needed       22 ccomp VERB VBN need O
,             8 punct PUNCT , , O
and           8 cc CCONJ CC and O
AI           12 nsubj PROPN NNP AI B-ORG
needs         8 conj VERB VBZ need O
care         12 dobj NOUN NN care O
,            22 punct PUNCT , , O
the          18 det DET DT the B-ORG
World        18 compound PROPN NNP World I-ORG
Health       18 compound PROPN NNP Health I-ORG
Organization 22 nsubj PROPN NNP Organization I-ORG
(            20 punct PUNCT -LRB- ( I-ORG
WHO          18 appos PROPN NNP WHO I-ORG
)            20 punct PUNCT -RRB- ) O
said         22 ROOT VERB VBD say O
.            22 punct PUNCT . . O
""")


def test_an_acronym_defined_by_a_common_noun_is_no_actor() -> None:
    """"artificial intelligence (AI)" defines a thing, and the model's ORG "AI" after it is
    that thing; "the World Health Organization (WHO)" defines a name."""
    assert "AI" not in mentioned(ACRONYMS)
    assert kinds(ACRONYMS)["World Health Organization"] == "organization"


TEXTS_AND_TITLES = parsed("Moxley won the TNT Championship, and Russia broke the United Nations "
                          "Charter.", """
Moxley        1 nsubj PROPN NNP Moxley B-ORG
won           1 ROOT VERB VBD win O
the           4 det DET DT the B-ORG
TNT           4 compound PROPN NNP TNT I-ORG
Championship  1 dobj PROPN NNP Championship I-ORG
,             1 punct PUNCT , , O
and           1 cc CCONJ CC and O
Russia        8 nsubj PROPN NNP Russia B-GPE
broke         1 conj VERB VBD break O
the          12 det DET DT the B-ORG
United       11 compound PROPN NNP United I-ORG
Nations      12 compound PROPN NNP Nations I-ORG
Charter       8 dobj PROPN NNP Charter I-ORG
.             8 punct PUNCT . . O
""")  # the model read the championship a WORK_OF_ART here, an ORG in the article it came from


def test_a_charter_or_a_championship_is_no_organisation() -> None:
    found = kinds(TEXTS_AND_TITLES)
    assert "TNT Championship" not in found and "United Nations Charter" not in found
    assert found["Russia"] == "country" and found["United Nations"] == "organization"


SULTAN = parsed("Qaboos became the new Sultan in 1970.", """
Qaboos   1 nsubj PROPN NNP Qaboos B-PERSON
became   1 ROOT VERB VBD become O
the      4 det DET DT the O
new      4 amod ADJ JJ new O
Sultan   1 attr PROPN NNP Sultan B-GPE
in       1 prep ADP IN in O
1970     5 pobj NUM CD 1970 B-DATE
.        1 punct PUNCT . . O
""")


def test_a_title_alone_read_as_a_place_is_no_actor() -> None:
    assert mentioned(SULTAN) == ["Qaboos"]


COURT = parsed("The court ruled on Tuesday. The Court will make an Order declaring it void.", """
The        1 det DET DT the O
court      2 nsubj NOUN NN court O
ruled      2 ROOT VERB VBD rule O
on         2 prep ADP IN on O
Tuesday    3 pobj PROPN NNP Tuesday B-DATE
.          2 punct PUNCT . . O
The        7 det DET DT the O
Court      9 nsubj PROPN NNP Court B-ORG
will       9 aux AUX MD will O
make       9 ROOT VERB VB make O
an        11 det DET DT an O
Order     12 nsubj NOUN NN order B-ORG
declaring  9 ccomp VERB VBG declare O
it        14 nsubj PRON PRP it O
void      12 ccomp ADJ JJ void O
.          9 punct PUNCT . . O
""")


def test_a_word_the_article_writes_in_lower_case_or_after_an_is_no_name() -> None:
    # "Court" beside "the court"; "an Order": both common nouns, capitalised.
    assert mentioned(COURT) == []


TASKFORCE = parsed(
    "The Energy Transformation Taskforce met in Ottawa. The Taskforce will report to Congress.",
    """
The             3 det DET DT the B-ORG
Energy          3 compound PROPN NNP Energy I-ORG
Transformation  3 compound PROPN NNP Transformation I-ORG
Taskforce       4 nsubj PROPN NNP Taskforce I-ORG
met             4 ROOT VERB VBD meet O
in              4 prep ADP IN in O
Ottawa          5 pobj PROPN NNP Ottawa B-GPE
.               4 punct PUNCT . . O
The             9 det DET DT the O
Taskforce      11 nsubj PROPN NNP Taskforce B-ORG
will           11 aux AUX MD will O
report         11 ROOT VERB VB report O
to             11 prep ADP IN to O
Congress       12 pobj PROPN NNP Congress B-ORG
.              11 punct PUNCT . . O
""")


def test_the_head_of_a_longer_name_alone_is_no_actor_but_the_name_is() -> None:
    found = mentioned(TASKFORCE)
    assert "Energy Transformation Taskforce" in found
    assert "Taskforce" not in found
    assert "Congress" in found


SENATE = parsed("The United States Senate voted. The Senate passed the bill.", """
The      3 det DET DT the O
United   2 compound PROPN NNP United B-ORG
States   3 compound PROPN NNP States I-ORG
Senate   4 nsubj PROPN NNP Senate I-ORG
voted    4 ROOT VERB VBD vote O
.        4 punct PUNCT . . O
The      7 det DET DT the O
Senate   8 nsubj PROPN NNP Senate B-ORG
passed   8 ROOT VERB VBD pass O
the     10 det DET DT the O
bill     8 dobj NOUN NN bill O
.        8 punct PUNCT . . O
""")


def test_a_countrys_body_named_without_its_country_stays_an_actor() -> None:
    # "Senate" after "United States Senate" is that country's Senate, not a generic word.
    assert "Senate" in mentioned(SENATE)


CONGRESS = parsed("Fernández sent a bill to the congress.", """
Fernández  1 nsubj PROPN NNP Fernández B-PERSON
sent       1 ROOT VERB VBD send O
a          3 det DET DT a O
bill       1 dobj NOUN NN bill O
to         1 dative ADP IN to O
the        6 det DET DT the O
congress   4 pobj PROPN NNP congress B-ORG
.          1 punct PUNCT . . O
""")


def test_a_word_without_a_capital_is_never_a_curated_name() -> None:
    # The gazetteer folds case ("Congress" is the U.S. Congress); "the congress" is a word.
    assert mentioned(CONGRESS) == ["Fernández"]


CHURCH = parsed("The victims were members of a Pentecostal church near the Atlantic coast.", """
The          1 det DET DT the O
victims      2 nsubj NOUN NNS victim O
were         2 ROOT AUX VBD be O
members      2 attr NOUN NNS member O
of           3 prep ADP IN of O
a            7 det DET DT a O
Pentecostal  7 amod ADJ JJ pentecostal B-ORG
church       4 pobj NOUN NN church O
near         7 prep ADP IN near O
the         11 det DET DT the O
Atlantic    11 amod PROPN NNP Atlantic B-LOC
coast        8 pobj NOUN NN coast O
.            2 punct PUNCT . . O
""")


def test_an_adjective_is_no_name_but_a_proper_noun_modifier_is() -> None:
    assert mentioned(CHURCH) == ["Atlantic"]


DOLLAR = parsed("They offered a one million US dollar reward. The US offered a reward.", """
They      1 nsubj PRON PRP they O
offered   1 ROOT VERB VBD offer O
a         7 det DET DT a O
one       4 compound NUM CD one B-MONEY
million   7 nummod NUM CD million I-MONEY
US        6 compound PROPN NNP US I-MONEY
dollar    7 compound NOUN NN dollar I-MONEY
reward    1 dobj NOUN NN reward O
.         1 punct PUNCT . . O
The      10 det DET DT the O
US       11 nsubj PROPN NNP US B-GPE
offered  11 ROOT VERB VBD offer O
a        13 det DET DT a O
reward   11 dobj NOUN NN reward O
.        11 punct PUNCT . . O
""")


def test_a_country_before_its_own_currency_is_the_money() -> None:
    ex = extract(DOLLAR)
    assert [(m.text, m.start) for m in ex.mentions] == [("US", 49)]
    assert ex.mentions[0].actor_key == "country:USA"


BREXIT = parsed("Johnson wants to avoid a no-deal Brexit before the Brexit deadline.", """
Johnson    1 nsubj PROPN NNP Johnson B-PERSON
wants      1 ROOT VERB VBZ want O
to         3 aux PART TO to O
avoid      1 xcomp VERB VB avoid O
a          8 det DET DT a O
no         7 det DET DT no O
-          7 punct PUNCT HYPH - O
deal       8 compound NOUN NN deal O
Brexit     3 dobj PROPN NNP Brexit B-PERSON
before     3 prep ADP IN before O
the       12 det DET DT the O
Brexit    12 compound PROPN NNP Brexit B-PERSON
deadline   9 pobj NOUN NN deadline O
.          1 punct PUNCT . . O
""")


def test_a_lone_name_only_used_to_modify_a_noun_names_a_thing() -> None:
    # "Brexit" has no title, no possessive, is never a subject, and modifies "deadline";
    # "Johnson" is the subject of "wants" and stays a person.
    assert kinds(BREXIT) == {"Johnson": "person"}


SPECIES = parsed(
    "The researchers chose Caudipteryx zoui, a small dinosaur. Caudipteryx might have run.", """
The          1 det DET DT the O
researchers  2 nsubj NOUN NNS researcher O
chose        2 ROOT VERB VBD choose O
Caudipteryx  4 compound PROPN NNP Caudipteryx B-PERSON
zoui         2 advmod PROPN NNP zoui O
,            4 punct PUNCT , , O
a            8 det DET DT a O
small        8 amod ADJ JJ small O
dinosaur     4 appos NOUN NN dinosaur O
.            2 punct PUNCT . . O
Caudipteryx 13 nsubj PROPN NNP Caudipteryx B-PERSON
might       13 aux AUX MD might O
have        13 aux AUX VB have O
run         13 ROOT VERB VBN run O
.           13 punct PUNCT . . O
""")


def test_a_genus_before_its_species_is_no_person_anywhere_in_the_article() -> None:
    # "zoui" is no English word: "Caudipteryx zoui" is a scientific name, so the later
    # "Caudipteryx might have run" is the animal too, though it is a subject there.
    assert mentioned(SPECIES) == []


BOAT = parsed("The boat, Conception, caught fire. The Conception sank.", """
The         1 det DET DT the O
boat        5 nsubj NOUN NN boat O
,           1 punct PUNCT , , O
Conception  1 appos PROPN NNP Conception B-ORG
,           1 punct PUNCT , , O
caught      5 ROOT VERB VBD catch O
fire        5 dobj NOUN NN fire O
.           5 punct PUNCT . . O
The         9 det DET DT the O
Conception 10 nsubj PROPN NNP Conception B-ORG
sank       10 ROOT VERB VBD sink O
.          10 punct PUNCT . . O
""")


def test_a_word_english_mostly_writes_in_lower_case_is_no_name() -> None:
    # spaCy's lexeme table: "conception" is far more frequent than "Conception".
    assert mentioned(BOAT) == []


NEWSPAPER = parsed("Police said so, according to The Times.", """
Police     1 nsubj NOUN NNS Police O
said       1 ROOT VERB VBD say O
so         1 advmod ADV RB so O
,          1 punct PUNCT , , O
according  1 prep VERB VBG accord O
to         4 prep ADP IN to O
The        7 det DET DT the O
Times      5 pobj PROPN NNP Times B-ORG
.          1 punct PUNCT . . O
""")


def test_a_common_word_after_a_capital_the_is_a_title() -> None:
    assert mentioned(NEWSPAPER) == ["Times"]


COURTS = parsed("The court's summary was clear. The Court will rule.", """
The       1 det DET DT the O
court     3 poss NOUN NN court O
's        1 case PART POS 's O
summary   4 nsubj NOUN NN summary O
was       4 ROOT AUX VBD be O
clear     4 acomp ADJ JJ clear O
.         4 punct PUNCT . . O
The       8 det DET DT the O
Court     10 nsubj PROPN NNP Court B-ORG
will      10 aux AUX MD will O
rule      10 ROOT VERB VB rule O
.         10 punct PUNCT . . O
""")


def test_a_word_the_article_writes_in_lower_case_with_a_possessive_is_no_name() -> None:
    assert mentioned(COURTS) == []


QUOTED = parsed('The court sat. It said: "The Court will rule."', """
The       1 det DET DT the O
court     2 nsubj NOUN NN court O
sat       2 ROOT VERB VBD sit O
.         2 punct PUNCT . . O
It        5 nsubj PRON PRP it O
said      5 ROOT VERB VBD say O
:         5 punct PUNCT : : O
"         11 punct PUNCT `` " O
The       9 det DET DT the O
Court     11 nsubj PROPN NNP Court B-ORG
will      11 aux AUX MD will O
rule      5 ccomp VERB VB rule O
.         5 punct PUNCT . . O
"         5 punct PUNCT '' " O
""")


def test_a_capital_the_that_opens_a_quote_is_no_part_of_a_name() -> None:
    assert mentioned(QUOTED) == []


VOUCHERS = parsed("Families can use Housing Vouchers, Mary Jennings said.", """
Families   2 nsubj NOUN NNS family O
can        2 aux AUX MD can O
use        6 ccomp VERB VB use O
Housing    4 compound PROPN NNP Housing B-PERSON
Vouchers   2 dobj PROPN NNPS Vouchers I-PERSON
,          6 punct PUNCT , , O
Mary       6 compound PROPN NNP Mary B-PERSON
Jennings   7 nsubj PROPN NNP Jennings I-PERSON
said       7 ROOT VERB VBD say O
.          7 punct PUNCT . . O
""")


def test_a_person_that_ends_in_a_plural_common_noun_is_a_thing() -> None:
    # "Vouchers" is the plural of a word English writes in lower case: a programme, no
    # one's name; "Jennings" ends in -s too but is no common word, and stays a person.
    assert kinds(VOUCHERS) == {"Mary Jennings": "person"}


USTAD = parsed("The crowd cheered Ustad Amjad Ali Khan in Delhi.", """
The      1 det DET DT the O
crowd    2 nsubj NOUN NN crowd O
cheered  2 ROOT VERB VBD cheer O
Ustad    6 compound PROPN NNP Ustad B-ORG
Amjad    6 compound PROPN NNP Amjad B-PERSON
Ali      6 compound PROPN NNP Ali I-PERSON
Khan     2 dobj PROPN NNP Khan I-PERSON
in       2 prep ADP IN in O
Delhi    7 pobj PROPN NNP Delhi B-GPE
.        2 punct PUNCT . . O
""")


def test_a_word_before_a_persons_name_and_attached_to_it_is_a_form_of_address() -> None:
    # "Ustad" (a master, in Hindustani) is no title the list knows; read as an ORG right
    # before the name it modifies, it is part of how the person is addressed.
    found = kinds(USTAD)
    assert "Ustad" not in found
    assert found["Amjad Ali Khan"] == "person"


PROBE = parsed("The probe photographed Earth and the Sahara.", """
The           1 det DET DT the O
probe         2 nsubj NOUN NN probe O
photographed  2 ROOT VERB VBD photograph O
Earth         2 dobj PROPN NNP Earth B-LOC
and           3 cc CCONJ CC and O
the           6 det DET DT the O
Sahara        3 conj PROPN NNP Sahara B-LOC
.             2 punct PUNCT . . O
""")


def test_a_location_english_writes_in_lower_case_as_often_is_a_common_noun() -> None:
    # "earth" is written about as often as "Earth": a LOC of one such word is the common
    # noun (the planet, the soil), no place; "Sahara" has no lower-case use and stays.
    assert mentioned(PROBE) == ["Sahara"]
