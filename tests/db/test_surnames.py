"""Bare surnames of people the article names in full (db/nlp/surnames.py), on parses built
by hand: the model's readings kept where it missed them (no entity, or an EVENT), so the
rule is tested on exactly the parse it is written for. No model is loaded."""

from __future__ import annotations

from tests.db.test_rules_by_hand import extract, parsed

DAY = parsed("Doris Day sang. Day sang on Independence Day.", """
Doris         1 compound PROPN NNP Doris B-PERSON
Day           2 nsubj PROPN NNP Day I-PERSON
sang          2 ROOT VERB VBD sing O
.             2 punct PUNCT . . O
Day           5 nsubj PROPN NNP Day O
sang          5 ROOT VERB VBD sing O
on            5 prep ADP IN on O
Independence  8 compound PROPN NNP Independence B-EVENT
Day           6 pobj PROPN NNP Day I-EVENT
.             5 punct PUNCT . . O
""")


def test_a_lone_surname_the_model_missed_is_the_person_named_in_full() -> None:
    ex = extract(DAY)
    actors = {a.key: a for a in ex.actors}
    found = [(m.start, m.text, actors[m.actor_key].name) for m in ex.mentions]
    assert (0, "Doris Day", "Doris Day") in found
    assert (16, "Day", "Doris Day") in found


def test_a_surname_inside_another_name_is_not_the_person() -> None:
    ex = extract(DAY)
    assert all(m.start < 35 for m in ex.mentions)  # not the "Day" of "Independence Day"


PELOSI = parsed("Nancy Pelosi won. Pelosi spoke, and Pelosi's party cheered.", """
Nancy    1 compound PROPN NNP Nancy B-PERSON
Pelosi   2 nsubj PROPN NNP Pelosi I-PERSON
won      2 ROOT VERB VBD win O
.        2 punct PUNCT . . O
Pelosi   5 nsubj PROPN NNP Pelosi B-EVENT
spoke    5 ROOT VERB VBD speak O
,        5 punct PUNCT , , O
and      5 cc CCONJ CC and O
Pelosi   10 poss PROPN NNP Pelosi B-EVENT
's       8 case PART POS 's O
party    11 nsubj NOUN NN party O
cheered  5 conj VERB VBD cheer O
.        11 punct PUNCT . . O
""")


def test_a_surname_read_as_an_event_joins_the_full_name_possessive_too() -> None:
    ex = extract(PELOSI)
    (actor,) = ex.actors
    assert actor.name == "Nancy Pelosi" and actor.kind == "person"
    assert [m.text for m in ex.mentions] == ["Nancy Pelosi", "Pelosi", "Pelosi"]


ALONE = parsed("Pelosi spoke.", """
Pelosi   1 nsubj PROPN NNP Pelosi O
spoke    1 ROOT VERB VBD speak O
.        1 punct PUNCT . . O
""")


def test_without_a_full_name_a_word_the_model_left_alone_stays_alone() -> None:
    assert extract(ALONE).mentions == ()
