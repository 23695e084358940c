"""Tables, charts and a self-contained HTML report from an audit database.

Per-site risk score (0 to 100, higher is worse)::

    risk = 100 * (unsupported + 0.5 * overstated) / (claims + 5)

Unsupported claims count fully, overstated ones half, supported ones not at all; the 5
added to the claim count keeps a site with one or two claims from topping the ranking on
so little text. A site whose every claim is unsupported approaches 100 as it makes more of
them (10 of 10 scores 67, 40 of 40 scores 89).
"""

from __future__ import annotations

import html
import io
import json
import sqlite3
from pathlib import Path

import pandas as pd

from claimcheck.errors import ClaimcheckError

#: Weight of an overstated claim against an unsupported one in the risk score.
OVERSTATED_WEIGHT = 0.5
#: Claims added to every site's count, so that tiny sites are not ranked on one claim.
RISK_PRIOR = 5
VERDICTS = ("unsupported", "overstated", "supported")
_COLOURS = {"unsupported": "#c0392b", "overstated": "#e67e22", "supported": "#27ae60"}


def risk_score(unsupported: int, overstated: int, claims: int) -> float:
    return round(100 * (unsupported + OVERSTATED_WEIGHT * overstated) / (claims + RISK_PRIOR), 1)


def _connect(db_path: Path | str) -> sqlite3.Connection:
    if not Path(db_path).is_file():
        raise ClaimcheckError(f"{db_path}: no such audit database")
    return sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)


def _latest_run(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT MAX(id) FROM runs").fetchone()
    if row[0] is None:
        raise ClaimcheckError("the audit database has no runs yet")
    return int(row[0])


def load_frames(db_path: Path | str, run_id: int | None = None) -> dict[str, pd.DataFrame]:
    """``runs``, ``sites``, ``pages`` and ``claims`` of one run (default: the latest), with
    verdict counts and the risk score on sites and pages. Sites are ranked by risk."""
    conn = _connect(db_path)
    try:
        run_id = run_id if run_id is not None else _latest_run(conn)
        runs = pd.read_sql_query("SELECT * FROM runs ORDER BY id", conn)
        if run_id not in set(runs["id"]):
            raise ClaimcheckError(f"no run {run_id} in {db_path}")
        sites = pd.read_sql_query("SELECT id AS site_id, url AS site, status FROM sites WHERE run_id = ?", conn, params=(run_id,))
        pages = pd.read_sql_query(
            "SELECT p.id AS page_id, p.site_id, s.url AS site, p.url, p.depth, p.status, p.content_type, p.fetched_at, p.content_hash,"
            " p.error, p.message, p.words FROM pages p JOIN sites s ON s.id = p.site_id WHERE p.run_id = ? ORDER BY p.id",
            conn, params=(run_id,))
        claims = pd.read_sql_query(
            "SELECT c.id AS claim_id, c.site_id, s.url AS site, c.page_id, p.url AS page, c.idx, c.text, c.sentence, c.line, c.col,"
            " c.types, c.verdict, c.confidence, c.reasons, c.evidence_ids, c.rule_ids, c.suggestion"
            " FROM claims c JOIN pages p ON p.id = c.page_id JOIN sites s ON s.id = c.site_id WHERE c.run_id = ? ORDER BY c.page_id, c.idx",
            conn, params=(run_id,))
    finally:
        conn.close()
    claims["reason"] = [json.loads(r)[0]["message"] if json.loads(r) else "" for r in claims["reasons"]]
    pages = _with_counts(pages, claims, "page_id")
    pages["risk"] = [risk_score(u, o, c) for u, o, c in zip(pages["unsupported"], pages["overstated"], pages["claims"], strict=True)]
    sites = _with_counts(sites, claims, "site_id")
    per_site = pages.groupby("site_id").agg(pages=("page_id", "size"), checked=("error", lambda e: int(e.isna().sum())))
    sites = sites.join(per_site, on="site_id").fillna({"pages": 0, "checked": 0})
    sites["failed"] = sites["pages"] - sites["checked"]
    sites["risk"] = [risk_score(u, o, c) for u, o, c in zip(sites["unsupported"], sites["overstated"], sites["claims"], strict=True)]
    sites = sites.sort_values(["risk", "site"], ascending=[False, True]).reset_index(drop=True)
    return {"runs": runs, "sites": sites, "pages": pages, "claims": claims}


def _with_counts(frame: pd.DataFrame, claims: pd.DataFrame, key: str) -> pd.DataFrame:
    counts = claims.groupby([key, "verdict"]).size().unstack(fill_value=0) if not claims.empty else pd.DataFrame()
    for verdict in VERDICTS:
        frame[verdict] = frame[key].map(counts[verdict] if verdict in counts else {}).fillna(0).astype(int)
    frame["claims"] = frame[list(VERDICTS)].sum(axis=1)
    return frame


def diff_runs(db_path: Path | str, run_a: int, run_b: int) -> pd.DataFrame:
    """Claims per site that are in one run and not the other (``added`` / ``removed``), or
    judged differently (``changed``, with the new verdict). A claim is its site, page and text."""
    a, b = load_frames(db_path, run_a)["claims"], load_frames(db_path, run_b)["claims"]
    key = ["site", "page", "text"]
    merged = a[key + ["verdict"]].drop_duplicates(key).merge(b[key + ["verdict"]].drop_duplicates(key), on=key, how="outer",
                                                             suffixes=("_a", "_b"), indicator=True)
    merged["change"] = merged["_merge"].map({"left_only": "removed", "right_only": "added", "both": "same"}).astype(str)
    merged.loc[(merged["change"] == "same") & (merged["verdict_a"] != merged["verdict_b"]), "change"] = "changed"
    merged["verdict"] = merged["verdict_b"].fillna(merged["verdict_a"])
    out = merged[merged["change"] != "same"][["site", "change", "verdict", "page", "text"]]
    return out.sort_values(["site", "change", "page", "text"]).reset_index(drop=True)


def _svg(fig: object) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")  # type: ignore[attr-defined]
    plt.close(fig)  # type: ignore[arg-type]
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _barh(labels: list[str], series: dict[str, list[float]], title: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 0.45 * max(len(labels), 2) + 1.2))
    left = [0.0] * len(labels)
    for name, values in series.items():
        ax.barh(labels, values, left=left, label=name, color=_COLOURS.get(name, "#34495e"))
        left = [x + v for x, v in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_title(title)
    ax.set_xlabel("claims")
    if len(series) > 1:
        ax.legend(loc="lower right")
    return _svg(fig)


def charts(frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    """The report's three charts as inline SVG: verdicts per site, unsupported claim kinds, worst pages."""
    sites, claims, pages = frames["sites"], frames["claims"], frames["pages"]
    out = {"verdicts": _barh(list(sites["site"]), {v: list(sites[v]) for v in VERDICTS}, "Verdicts per site (ranked by risk)")}
    unsupported = claims[claims["verdict"] == "unsupported"]
    kinds = pd.Series([t for types in unsupported["types"] for t in json.loads(types)], dtype=str).value_counts().head(10)
    out["kinds"] = _barh(list(kinds.index) or ["none"], {"unsupported": list(kinds.values) or [0]}, "Most frequent kinds of unsupported claim")
    worst = pages[pages["claims"] > 0].sort_values(["risk", "unsupported"], ascending=False).head(10)
    out["pages"] = _barh(list(worst["url"]) or ["none"], {v: list(worst[v]) or [0] for v in VERDICTS}, "Worst pages")
    return out


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, escape=True, border=0, classes="t")


def render_html(frames: dict[str, pd.DataFrame], run_id: int) -> str:
    """A single HTML file with no outside resources: the charts are inline SVG."""
    sites, pages, claims = frames["sites"], frames["pages"], frames["claims"]
    figures = charts(frames)
    failures = pages[pages["error"].notna()][["site", "url", "error", "message"]]
    flagged = claims[claims["verdict"] != "supported"][["site", "page", "verdict", "text", "reason", "evidence_ids"]]
    style = ("body{font-family:sans-serif;margin:2em;max-width:1100px}table.t{border-collapse:collapse;font-size:13px}"
             "table.t td,table.t th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}h2{margin-top:1.6em}")
    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>ClaimCheck audit, run {run_id}</title><style>{style}</style></head><body>",
        f"<h1>ClaimCheck audit, run {run_id}</h1>",
        f"<p>{len(sites)} sites, {len(pages)} pages ({int(pages['error'].isna().sum())} checked), {len(claims)} claims. "
        f"Risk score = 100 × (unsupported + {OVERSTATED_WEIGHT} × overstated) / (claims + {RISK_PRIOR}).</p>",
        "<h2>Sites ranked by risk</h2>", _table(sites[["site", "risk", "claims", *VERDICTS, "pages", "checked", "failed"]]),
        "<h2>Verdicts per site</h2>", figures["verdicts"],
        "<h2>Most frequent unsupported claim kinds</h2>", figures["kinds"],
        "<h2>Worst pages</h2>", figures["pages"],
        "<h2>Unsupported and overstated claims</h2>", _table(flagged),
        "<h2>Pages that could not be checked</h2>", _table(failures) if not failures.empty else "<p>none</p>",
        "</body></html>",
    ]
    return "\n".join(parts).replace(html.escape("×"), "×")


def write_report(db_path: Path | str, out: Path, run_id: int | None = None) -> list[Path]:
    """sites/pages/claims as CSV and Parquet, and report.html, in ``out``; returns the files written."""
    frames = load_frames(db_path, run_id)
    run = int(frames["runs"]["id"].max()) if run_id is None else run_id
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in ("sites", "pages", "claims"):
        for suffix, writer in ((".csv", "to_csv"), (".parquet", "to_parquet")):
            path = out / f"{name}{suffix}"
            getattr(frames[name], writer)(path, index=False)
            written.append(path)
    report = out / "report.html"
    report.write_text(render_html(frames, run), encoding="utf-8")
    return [*written, report]
