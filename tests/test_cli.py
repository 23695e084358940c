"""The installed ``claimcheck`` command: exit codes, formats and bad input (real models)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEED_004, seed

pytestmark = pytest.mark.e2e
CLI = [sys.executable, "-m", "claimcheck"]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([*CLI, *args], input=stdin, capture_output=True, timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


@pytest.fixture(scope="module")
def seed_json() -> dict:  # type: ignore[type-arg]
    seed(SEED_004)
    proc = run("check", str(SEED_004), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    return json.loads(proc.stdout)


def test_json_schema_and_seed_claims(seed_json: dict) -> None:  # type: ignore[type-arg]
    assert seed_json["schema_version"] == 2
    (report,) = seed_json["reports"]
    assert report["source"] == str(SEED_004)
    claims = report["claims"]
    assert report["summary"]["unsupported"] == sum(c["verdict"] == "unsupported" for c in claims)
    side = next(c for c in claims if "does not have any side effects" in c["text"])
    assert side["verdict"] == "unsupported" and side["evidence"] and side["suggestion"]
    assert any(r["code"] == "RULE_APPLIES" for r in side["reasons"])


def test_exit_codes_follow_fail_on(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("The FDA has not approved any exosome product for any use.\n")
    assert run("check", str(clean)).returncode == 0
    assert run("check", str(clean), "--fail-on", "overstated").returncode == 0
    bad = tmp_path / "bad.txt"
    bad.write_text("Our exosome facial has absolutely no side effects.\n")
    assert run("check", str(bad)).returncode == 1
    assert run("check", str(bad), "--fail-on", "never").returncode == 0


def test_line_format_and_stdin() -> None:
    proc = run("check", "-", "--format", "line", stdin=b"Intro.\nExosome therapy has no side effects.\n")
    assert proc.returncode == 1
    assert proc.stdout.startswith("<stdin>:2:1: unsupported: Exosome therapy has no side effects — ")


def test_csv_format(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text("# Results\n\nExosome therapy has no side effects.\n")
    proc = run("check", str(f), "--format", "csv")
    assert proc.stdout.splitlines()[0].startswith("source,line,col")
    assert f"{f},3,1," in proc.stdout


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x00\x01\x02\x03" * 100, "binary"),
        ("sheet.xlsx", b"PK\x03\x04", "unsupported file type"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    proc = run("check", str(path))
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert len([line for line in proc.stderr.splitlines() if line.startswith("claimcheck: error")]) == 1


def test_non_utf8_file_is_checked_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Exosome therapy has no side effects – guaranteed.".encode("cp1252"))
    proc = run("check", str(path), "--format", "json")
    assert proc.returncode == 1 and "cp1252" in proc.stderr
    assert json.loads(proc.stdout)["reports"][0]["claims"]


def test_usage_error_is_exit_2() -> None:
    assert run("check", "x.txt", "--format", "yaml").returncode == 2
    assert run("check", "x.txt", "--jurisdiction", "mars").returncode == 2


def test_evidence_commands() -> None:
    assert run("evidence", "validate").returncode == 0
    stats = run("evidence", "stats")
    assert stats.returncode == 0 and "facts covered" in stats.stdout
    assert "exosome-fda-not-approved" in run("evidence", "list").stdout
    assert "statement" in run("evidence", "show", "exosome-fda-not-approved").stdout
    assert run("evidence", "show", "no-such-id").returncode == 2
    seed(SEED_004)
    proc = run("check", str(SEED_004), "--evidence", "/nonexistent")
    assert proc.returncode == 2 and "not an evidence directory" in proc.stderr
