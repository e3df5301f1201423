"""Claims: the sentences of an article with their types, cues and speaker.

- `extract.py`: `find_claims` and `claim_parts`, what the pipeline calls;
- `sentences.py`: the document cut into claims;
- `rulebook.py`: the cue and attribution rules, read from `db/nlp/rules/*.toml`;
- `scan.py`: one pass over the parse's token arrays, picking the candidate words;
- `by_parse.py`: types from the dependency parse (`TypeFinder`), with `conditions.py` (when a
  cue rule holds: one check per rule field), `grammar.py` (questions asked of the parse) and
  `quantity.py` (numbers that state an amount);
- `by_words.py`: types from word-level cues, without a parser (the rules-only pipeline);
- `model.py` and `train.py`: the learned layer over the rules and its training (`make train`).

Nothing is imported here: db/nlp/attribution.py uses grammar.py and scan.py, and extract.py
uses attribution.py.
"""
