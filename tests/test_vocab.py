from __future__ import annotations

from importlib import resources

import pytest

from claimcheck.errors import RuleFileError
from claimcheck.vocab import VOCAB_FILES, _load_file, load_vocabulary


def test_every_packaged_term_set_has_a_source_and_compiles() -> None:
    vocab = load_vocabulary()
    assert len(vocab.sets) > 20
    assert all(len(ts.source) > 5 for ts in vocab.sets)


def test_every_vocab_file_is_loaded() -> None:
    root = resources.files("claimcheck") / "vocab"
    assert {p.name for p in root.iterdir() if p.name.endswith(".yaml")} == set(VOCAB_FILES)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- id: x1\n  category: a\n  source: here it is\n  terms: ['(']\n", "does not compile"),
        ("- id: x1\n  category: a\n  source: here it is\n  terms: [a]\n  colour: red\n", "colour"),
        ("- id: x1\n  category: a\n  terms: [a]\n", "source"),
        ("id: x1\n", "expected a list"),
    ],
)
def test_bad_vocab_files_name_file_and_field(text: str, message: str) -> None:
    with pytest.raises(RuleFileError, match=message) as err:
        _load_file("broken.yaml", text)
    assert "broken.yaml" in str(err.value)


def test_a_repeated_key_in_a_data_file_is_an_error() -> None:
    import yaml

    from claimcheck.yamlfile import load_yaml

    assert load_yaml("a: 1\nb: 2\n") == {"a": 1, "b": 2}
    with pytest.raises(yaml.YAMLError, match="duplicate key 'category'"):
        load_yaml("- id: x\n  category: a\n  category: b\n")


def test_quotations_read_straight_single_quotes_but_not_possessives() -> None:
    from claimcheck.vocab import quotations

    found = [m.group(0) for m in quotations().finditer("The ads say 'it's natural' and the clients' reviews agree.")]
    assert found == ["'it's natural'"]
    assert quotations(10).search("'No downtime at all, ever'") is None and quotations().search("'No downtime at all, ever'")
