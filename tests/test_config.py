"""Lint config: discovery by walking up, strict validation naming file and key, precedence."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.config import COMMAND_LINE, DEFAULT, ConfigError, find_config, resolve
from claimcheck.types import ClaimType, Severity

from .conftest import EVIDENCE


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    (tmp_path / "docs" / "deep").mkdir(parents=True)
    (tmp_path / "docs" / "deep" / "a.md").write_text("Hello.\n")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.claimcheck]\njurisdiction = "uk"\nmin_level = "error"\nskip_types = ["mechanism"]\n'
        f'evidence = "{EVIDENCE.as_posix()}"\n'
    )
    return tmp_path


def test_pyproject_found_walking_up_and_relative_paths_resolved(repo: Path) -> None:
    (repo / "more").mkdir()
    (repo / "pyproject.toml").write_text('[tool.claimcheck]\nextra_evidence = ["more"]\n')
    found = resolve(repo / "docs" / "deep" / "a.md", {})
    assert found.file == repo / "pyproject.toml"
    assert found.settings.extra_evidence == (str((repo / "more").resolve()),)
    assert found.origins["extra_evidence"].endswith("pyproject.toml [tool.claimcheck]")
    assert found.origins["jurisdiction"] == DEFAULT


def test_claimcheck_toml_wins_in_its_folder_and_pyproject_without_table_is_passed_over(repo: Path) -> None:
    (repo / "docs" / "pyproject.toml").write_text('[project]\nname = "inner"\n')
    assert find_config(repo / "docs" / "deep" / "a.md") == repo / "pyproject.toml"
    (repo / "docs" / ".claimcheck.toml").write_text('fail_on = "overstated"\n')
    found = resolve(repo / "docs" / "deep" / "a.md", {})
    assert found.file == repo / "docs" / ".claimcheck.toml"
    assert found.settings.fail_on == "overstated" and found.settings.jurisdiction == "all"


def test_precedence_cli_over_file_over_defaults(repo: Path) -> None:
    found = resolve(repo / "docs" / "deep" / "a.md", {"jurisdiction": "us", "min_level": None, "skip_types": ()})
    assert found.settings.jurisdiction == "us" and found.origins["jurisdiction"] == COMMAND_LINE
    assert found.settings.min_level == Severity.ERROR and "pyproject.toml" in found.origins["min_level"]
    assert found.settings.skip_types == (ClaimType.MECHANISM,)
    assert found.settings.fail_on == "unsupported" and found.origins["fail_on"] == DEFAULT


def test_no_config_file_means_defaults(tmp_path: Path) -> None:
    found = resolve(tmp_path, {})
    assert found.file is None and set(found.origins.values()) == {DEFAULT}
    assert found.settings.min_level == Severity.WARNING and found.settings.fail_on == "unsupported"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('jurisdicton = "uk"\n', r"\.claimcheck\.toml: unknown key 'jurisdicton'; known keys: evidence,"),
        ('jurisdiction = "fr"\n', r"\.claimcheck\.toml: key 'jurisdiction': .*'fr'"),
        ('min_level = "loud"\n', r"\.claimcheck\.toml: key 'min_level': .*'loud'"),
        ('skip_types = ["hype"]\n', r"\.claimcheck\.toml: key 'skip_types': .*'hype'"),
        ('evidence = "nowhere"\n', r"\.claimcheck\.toml: key 'evidence': .*nowhere is not a directory"),
        ('extra_evidence = "one"\n', r"\.claimcheck\.toml: key 'extra_evidence': expected a list of strings"),
        ("fail_on = \n", r"\.claimcheck\.toml: not valid TOML"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / ".claimcheck.toml").write_text(body)
    with pytest.raises(ConfigError, match=message):
        resolve(tmp_path, {})


def test_config_command_prints_settings_and_origins(repo: Path) -> None:
    result = CliRunner().invoke(app, ["config", str(repo / "docs" / "deep" / "a.md"), "--fail-on", "overstated"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == f"# config file: {repo / 'pyproject.toml'} [tool.claimcheck]"
    assert any(line.startswith('jurisdiction = "uk"') and line.endswith("pyproject.toml [tool.claimcheck]") for line in lines)
    assert any(line.startswith('fail_on = "overstated"') and line.endswith("# command line") for line in lines)
    assert any(line.startswith("extra_evidence = []") and line.endswith("# default") for line in lines)


def test_config_command_exits_2_on_a_bad_file(tmp_path: Path) -> None:
    (tmp_path / ".claimcheck.toml").write_text("colour = 1\n")
    result = CliRunner().invoke(app, ["config", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown key 'colour'" in result.output
