"""The speech acts read from WordNet's data files (db/nlp/wordnet.py): verbs whose first
sense passes on what their subject holds, not every verb done with words."""

from __future__ import annotations

from db.nlp.wordnet import speech_act_verbs


def test_verbs_of_saying_no_list_here_names_are_speech_acts():
    verbs = speech_act_verbs()
    for verb in ("say", "apologize", "repeat", "point", "deny", "retort", "concede"):
        assert verb in verbs, verb


def test_acts_done_with_words_or_rarer_senses_are_not():
    verbs = speech_act_verbs()
    # "the leaders discussed", "spoke with", "nominated", "impeached", "signed": what was
    # done, by both sides or by an office, is no claim of its subject's
    for verb in ("discuss", "speak", "talk", "nominate", "impeach", "sign", "attack", "kill"):
        assert verb not in verbs, verb


def test_names_are_filed_under_what_they_are():
    """The first sense's class of a name, and whether WordNet writes it as a name: what the
    mention model weighs for a span no rule could sort (db/nlp/mention_model.py)."""
    from db.nlp.wordnet import noun_classes

    classes = noun_classes()
    assert classes["mars"] == ("object", True)           # the planet, not the god
    assert classes["medicare"][0] == "act"                # a program
    assert classes["torah"][0] == "communication"         # a text
    assert classes["oxygen"] == ("substance", False)     # a common word
    assert classes["russia"] == ("location", True)
    assert classes["united_nations"] == ("group", True)
    assert classes["abraham"] == ("person", True)
    assert "rocky_linux" not in classes

