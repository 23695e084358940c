from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from claimcheck.errors import EvidenceError
from claimcheck.evidence import load_evidence

from .conftest import EVIDENCE

ENTRY = "entries/regulatory/exosome-fda-not-approved.yaml"


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    shutil.copytree(EVIDENCE, tmp_path / "evidence")
    return tmp_path / "evidence"


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_bundled_evidence_base_is_valid(evidence_base) -> None:  # type: ignore[no-untyped-def]
    assert len(evidence_base.entries) >= 30
    assert len(evidence_base.rules) >= 10
    assert not evidence_base.stale()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(colour="red"), "field 'colour'"),
        (lambda d: d.update(sources=[]), "field 'sources'"),
        (lambda d: d["sources"][0].pop("url"), "url, doi or pmid"),
        (lambda d: d.update(level="anecdote"), "field 'level'"),
        (lambda d: d.update(reviewed_on="last week"), "field 'reviewed_on'"),
        (lambda d: d.update(see_also=["no-such-entry"]), "unknown id 'no-such-entry'"),
        (lambda d: d.update(treatments=["homeopathy"]), "field 'treatments'"),
        (lambda d: d.update(facts=["F1"]), "field 'facts'"),
        (lambda d: d.update(id="another-id"), "must equal the file name"),
        (lambda d: d["triggers"][0].update(patterns=["(unclosed"]), "field 'triggers.0.patterns'"),
        (lambda d: d["triggers"][0].update(patterns=[], treatments=[]), "needs patterns or treatments"),
        (lambda d: d["triggers"][0].update(treatments=["homeopathy"]), "field 'triggers.0.treatments'"),
        (lambda d: d["triggers"][0].update(label="approved"), "field 'triggers.0.label'"),
    ],
)
def test_broken_entry_names_file_and_field(copy: Path, change, message: str) -> None:  # type: ignore[no-untyped-def]
    _edit(copy / ENTRY, change)
    with pytest.raises(EvidenceError, match=message) as err:
        load_evidence(copy)
    assert "exosome-fda-not-approved.yaml" in str(err.value) or "another-id" in str(err.value)


def test_duplicate_id_is_an_error(copy: Path) -> None:
    target = copy / "entries" / "safety" / "exosome-fda-not-approved.yaml"
    target.parent.mkdir(exist_ok=True)
    shutil.copy(copy / ENTRY, target)
    with pytest.raises(EvidenceError, match="duplicate id"):
        load_evidence(copy)


def test_unreadable_yaml_is_an_error(copy: Path) -> None:
    (copy / ENTRY).write_text("id: [unclosed\n")
    with pytest.raises(EvidenceError, match="cannot read YAML"):
        load_evidence(copy)


def test_not_an_evidence_directory(tmp_path: Path) -> None:
    with pytest.raises(EvidenceError, match="not an evidence directory"):
        load_evidence(tmp_path)


def test_stale_entries_are_reported(copy: Path) -> None:
    _edit(copy / ENTRY, lambda d: d.update(reviewed_on="2020-01-01"))
    assert "exosome-fda-not-approved" in load_evidence(copy).stale()


def test_version_changes_with_content(copy: Path, evidence_base) -> None:  # type: ignore[no-untyped-def]
    _edit(copy / ENTRY, lambda d: d.update(title="A slightly different title"))
    assert load_evidence(copy).version != evidence_base.version
