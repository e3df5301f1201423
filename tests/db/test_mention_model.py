"""The learned filter over chosen spans (db/nlp/mention_model.py) and its training
(db/nlp/mention_train.py), without the spaCy model: parses built by hand."""

from __future__ import annotations

import pytest

from db.nlp import mention_model as mm
from db.nlp.mention_train import Example, choose_threshold, fit
from tests.db.test_rules_by_hand import extract, parsed

ROGER = parsed("Roger, are they inside? Jane Holloway said Roger was late.", """
Roger     2 npadvmod PROPN NNP Roger B-PERSON
,         2 punct PUNCT , , O
are       2 ROOT AUX VBP be O
they      2 nsubj PRON PRP they O
inside    2 advmod ADV RB inside O
?         2 punct PUNCT . ? O
Jane      7 compound PROPN NNP Jane B-PERSON
Holloway  8 nsubj PROPN NNP Holloway I-PERSON
said      8 ROOT VERB VBD say O
Roger     10 nsubj PROPN NNP Roger B-PERSON
was       8 ccomp AUX VBD be O
late      10 acomp ADJ JJ late O
.         8 punct PUNCT . . O
""")


MET = parsed("Russia met NATO on Mars.", """
Russia  1 nsubj PROPN NNP Russia B-GPE
met     1 ROOT  VERB  VBD meet   O
NATO    1 dobj  PROPN NNP NATO   B-ORG
on      1 prep  ADP   IN  on     O
Mars    3 pobj  PROPN NNP Mars   B-LOC
.       1 punct PUNCT .   .      O
""")


def _features(sentence: tuple[str, list[list[str]]] = ROGER) -> list[list[str]]:
    from spacy.tokens import Doc

    from db.nlp.actors import chosen_spans
    from db.nlp.spans import remember_text
    from tests.db.test_rules_by_hand import english

    text, rows = sentence
    words, heads, deps, pos, tags, lemmas, ents = (list(c) for c in zip(*rows, strict=True))
    spaces, at = [], 0
    for word in words:
        at = text.index(word, at) + len(word)
        spaces.append(text[at:at + 1] == " ")
    doc = Doc(english(), words=words, spaces=spaces, heads=[int(h) for h in heads],
              deps=deps, pos=pos, tags=tags, lemmas=lemmas, ents=ents)
    remember_text(doc, text)
    return mm.candidate_features(doc, chosen_spans(doc))


def test_no_feature_is_a_word_of_the_text() -> None:
    words = {w.strip(",.?").casefold() for w in ROGER[0].split()}
    for names in _features():
        for name in names:
            assert not words & set(name.casefold().replace("|", ":").split(":"))


def test_wordnet_says_what_a_name_is_where_it_has_it() -> None:
    russia, nato, mars = _features(MET)
    assert "wn:location|name" in russia and "wn:group|name" in nato
    assert "wn:object|name" in mars  # the planet
    assert not any(f.startswith("wn:") for names in _features() for f in names)  # "Roger"


def test_the_article_evidence_tells_a_lone_name_from_a_full_one() -> None:
    lone, full, _again = _features()
    assert "person:lone" in lone and "next:comma" in lone and "sentence-start" in lone
    assert "person:lone" not in full and "words:2" in full


def test_a_span_is_dropped_only_where_the_model_is_confident(
        monkeypatch: pytest.MonkeyPatch) -> None:
    model = mm.MentionModel({"bias": -4.0, "next:comma": 5.0}, threshold=0.6)
    monkeypatch.setattr(mm, "mention_model", lambda: model)
    found = [(m.start, m.text) for m in extract(ROGER).mentions]
    assert (0, "Roger") not in found  # the vocative: 0.73 of being no actor
    assert (24, "Jane Holloway") in found and (43, "Roger") in found


def test_without_weights_nothing_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mm, "mention_model", lambda: None)
    assert [m.text for m in extract(ROGER).mentions] == ["Roger", "Jane Holloway", "Roger"]


def test_the_shipped_weights_load_with_a_threshold_that_favours_recall() -> None:
    mm.mention_model.cache_clear()
    model = mm.mention_model()
    assert model is not None and 0.3 <= model.threshold < 1
    # a span with no evidence stays an actor, by far
    assert model.not_actor(["bias"]) < model.threshold / 3


def _examples() -> list[Example]:
    out = []
    for k in range(40):
        thing = k % 8 == 0
        feats = ("bias", "case:last-lower" if thing else "subject", f"noise:{k % 3}")
        out.append(Example(f"a{k % 10}", feats, thing, "x"))
    return out


def test_training_is_deterministic_and_learns_the_evidence() -> None:
    exs = _examples()
    w = fit(exs)
    assert w == fit(exs)
    assert w["case:last-lower"] > 0 > w["subject"]


def test_the_threshold_loses_no_actor_out_of_fold() -> None:
    exs = _examples()
    probs = [0.9 if e.not_actor else 0.2 for e in exs]
    probs[1] = 0.5  # one actor the model doubts
    assert choose_threshold(exs, probs) == 0.525
