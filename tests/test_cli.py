"""Every CLI command through its public face, on real files and a real DuckDB file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from lagebild.cli import main

SEED = resources.files("lagebild.data").joinpath("seed_de.txt").read_text(encoding="utf-8")
GERMAN = (
    "Russland verurteilt Angriffe der Ukraine\n"
    "Der russische Außenminister hat der Ukraine am Montag vorgeworfen, die Waffenruhe zu "
    "brechen. Die Regierung in Kiew wies die Vorwürfe zurück."
)
FRENCH = (
    "Le gouvernement français a annoncé lundi de nouvelles mesures contre la Russie. "
    "Le ministre des affaires étrangères a critiqué la décision du Kremlin."
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, stdin: str | bytes | None = None):
    return runner.invoke(main, list(args), input=stdin, catch_exceptions=False)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


# -- code ----------------------------------------------------------------------
def test_code_seed_yields_the_issue_events(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(SEED, encoding="utf-8")
    result = invoke(runner, "code", str(path), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    events = jsonl(result.output)
    required_keys = {
        "sentence",
        "start",
        "end",
        "source",
        "target",
        "code",
        "root",
        "goldstein",
        "quad_class",
        "plover",
        "modality",
        "attribution",
        "rule",
        "text",
    }
    assert all(required_keys <= set(e) for e in events)
    found = {(e["source"], e["target"], e["code"], e["modality"]) for e in events}
    assert any(
        s.startswith("PRK") and t == "RUS" and c.startswith("03") and e["sentence"] <= 1
        for e in events
        for s, t, c in [(e["source"], e["target"], e["code"])]
    )
    assert any(s == "USA" and t == "RUS" and c == "163" for s, t, c, _ in found)
    assert ("RUSGOV", "PRKGOV", "042", "asserted") in found
    assert ("PRKGOV", "RUSGOV", "043", "asserted") in found
    assert any(
        s == "RUS" and t == "PRK" and c.startswith("07") and m == "speculative"
        for s, t, c, m in found
    )
    vague_sentences = {9, 15}  # Beobachter ..., Analytiker warnen ...
    assert not [e for e in events if e["sentence"] in vague_sentences]
    assert all(e["rule"] for e in events)


def test_code_reads_stdin_and_prints_a_table(runner: CliRunner) -> None:
    result = invoke(runner, "code", "-", "--lang", "de", stdin=GERMAN)
    assert result.exit_code == 0, result.output
    assert "RUSGOV" in result.output and "UKR" in result.output


def test_code_explain_names_rule_pattern_and_tokens(runner: CliRunner) -> None:
    result = invoke(runner, "code", "-", "--lang", "de", "--explain", stdin=GERMAN)
    assert result.exit_code == 0, result.output
    assert "rule:" in result.output and "pattern:" in result.output
    assert "verb:" in result.output and "vorgeworfen" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
        (bytes(range(128, 256)) * 20, "decode"),
    ],
)
def test_code_rejects_bad_files_with_a_message(
    runner: CliRunner, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = runner.invoke(main, ["code", str(path)])
    assert result.exit_code == 1
    assert message in result.output.lower()
    assert "Traceback" not in result.output


def test_code_rejects_a_50_mb_text(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    sentence = "Die Regierung verurteilt den Angriff. " * 1000
    with path.open("w", encoding="utf-8") as handle:
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(sentence)
    result = runner.invoke(main, ["code", str(path)])
    assert result.exit_code == 1
    assert "too large" in result.output and "Traceback" not in result.output


def test_code_unknown_language_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "fr.txt"
    path.write_text(FRENCH, encoding="utf-8")
    result = runner.invoke(main, ["code", str(path)])
    assert result.exit_code == 1
    assert "no language pack for 'fr'" in result.output


def test_code_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["code", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1 and "no such file" in result.output


# -- demo, ingest, events, failures ----------------------------------------------
def test_demo_writes_events_to_duckdb_and_is_idempotent(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    first = invoke(runner, "demo", "--db", str(db))
    assert first.exit_code == 0, first.output
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT source, target, code FROM events").fetchall()
    con.close()
    assert ("USA", "RUS", "163") in rows
    second = invoke(runner, "demo", "--db", str(db))
    assert "0 new events" in second.output
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM events").fetchone() == (len(rows),)
    con.close()


def write_jsonl(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_ingest_jsonl_skips_broken_lines_counts_them_and_resumes(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus = tmp_path / "articles.jsonl"
    write_jsonl(
        corpus,
        [
            json.dumps({"id": "a1", "text": GERMAN, "published": "2016-03-07"}),
            "{this is not json",
            json.dumps({"id": "a2", "text": SEED, "title": "Kim"}),
            json.dumps({"id": "a3", "text": FRENCH}),
            json.dumps({"id": "a4"}),
        ],
    )
    db = tmp_path / "x.duckdb"
    result = invoke(runner, "ingest", str(corpus), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "3 articles stored" in result.output and "2 failed" in result.output
    assert "1 not coded" in result.output  # French: stored, not coded
    again = invoke(runner, "ingest", str(corpus), "--db", str(db))
    assert "0 articles stored" in again.output and "3 already in" in again.output
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (3,)
    con.close()
    failures = jsonl(invoke(runner, "failures", "--db", str(db), "--format", "jsonl").output)
    reasons = [row["reason"] for row in failures]
    # one row per bad line, however often it was read: the second run counted an attempt
    assert len(reasons) == 2 and any("json" in r.lower() for r in reasons)
    assert {row["attempts"] for row in failures} == {2}
    assert {row["location"].rsplit(":", 1)[1] for row in failures} == {"2", "5"}


def test_failures_lists_open_failures_and_all_with_the_resolved_ones(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus = tmp_path / "articles.jsonl"
    write_jsonl(corpus, [json.dumps({"id": "a1", "text": GERMAN}), '{"id": "a2", "text": '])
    db = tmp_path / "x.duckdb"
    invoke(runner, "ingest", str(corpus), "--db", str(db))
    [open_failure] = jsonl(invoke(runner, "failures", "--db", str(db), "--format", "jsonl").output)
    assert open_failure["location"].endswith(":2") and open_failure["stage"] == "read"
    write_jsonl(corpus, [json.dumps({"id": "a1", "text": GERMAN}),
                         json.dumps({"id": "a2", "text": SEED})])  # fmt: skip
    fixed = invoke(runner, "ingest", str(corpus), "--db", str(db))
    assert "1 articles stored" in fixed.output and "0 failed" in fixed.output
    assert "0 rows" in invoke(runner, "failures", "--db", str(db)).output
    [resolved] = jsonl(invoke(runner, "failures", "--db", str(db), "--all", "--format",
                              "jsonl").output)  # fmt: skip
    assert resolved["resolved_at"] is not None


def test_ingest_text_files_and_bad_files_in_one_batch(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\xff\x00" * 100)
    (folder / "latin1.txt").write_bytes(
        "Österreichs Außenminister kritisierte die Türkei scharf.".encode("cp1252")
    )
    db = tmp_path / "x.duckdb"
    result = invoke(runner, "ingest", str(folder), "--db", str(db), "--lang", "de")
    assert result.exit_code == 0, result.output
    assert "2 articles stored" in result.output and "2 failed" in result.output
    events = invoke(runner, "events", "--db", str(db), "--format", "jsonl")
    rows = jsonl(events.output)
    assert any(r["source"].startswith("AUT") and r["target"] == "TUR" for r in rows)


def test_events_filters_and_formats(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    invoke(runner, "demo", "--db", str(db))
    usa = jsonl(
        invoke(runner, "events", "--db", str(db), "--source", "USA", "--format", "jsonl").output
    )
    assert usa and all(r["source_entity"] == "USA" for r in usa)
    csv_out = invoke(runner, "events", "--db", str(db), "--target", "PRK", "--format", "csv")
    header, *rows = csv_out.output.strip().splitlines()
    assert header.startswith("id,") and rows
    table = invoke(runner, "events", "--db", str(db), "--root", "16")
    assert "163" in table.output
    future = invoke(runner, "events", "--db", str(db), "--since", "2100-01-01", "--format", "jsonl")
    assert jsonl(future.output) == []


def test_events_on_missing_database(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no such database" in result.output


# -- eval, bench ----------------------------------------------------------------
def gold_line(text: str, events: list[dict]) -> str:
    end = text.index(".") + 1
    return json.dumps(
        {
            "id": "g1",
            "lang": "de",
            "text": text,
            "sentences": [{"i": 0, "start": 0, "end": end, "text": text[:end], "events": events}],
        }
    )


def test_eval_json_reports_scores(runner: CliRunner, tmp_path: Path) -> None:
    text = "Die USA verhängen Sanktionen gegen Russland."
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        gold_line(text, [{"source": "USA", "target": "RUS", "code": "163", "modality": "asserted"}])
        + "\n",
        encoding="utf-8",
    )
    result = invoke(runner, "eval", str(gold), "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert {
        "precision",
        "recall",
        "f1",
        "tp",
        "fp",
        "fn",
        "code_accuracy",
        "role_accuracy",
        "modality_accuracy",
        "per_root",
    } <= set(scores)
    assert scores["tp"] == 1 and scores["fn"] == 0


def test_eval_errors_lists_misses_by_cause(runner: CliRunner, tmp_path: Path) -> None:
    text = "Die USA verhängen Sanktionen gegen Russland."
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        gold_line(text, [{"source": "FRA", "target": "DEU", "code": "040", "modality": "asserted"}])
        + "\n",
        encoding="utf-8",
    )
    result = invoke(runner, "eval", str(gold), "--errors")
    assert result.exit_code == 0, result.output
    assert "fn:missed" in result.output and "fp:spurious" in result.output


def test_bench_json_reports_throughput(runner: CliRunner, tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    write_jsonl(
        corpus, [json.dumps({"id": f"a{i}", "text": GERMAN, "lang": "de"}) for i in range(5)]
    )
    result = invoke(runner, "bench", str(corpus), "--limit", "3", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["articles"] == 3 and figures["sentences"] >= 9
    assert figures["articles_per_s"] > 0 and figures["peak_rss_mb"] > 0
    assert (figures["mode"], figures["workers"]) == ("sequential", 1)


def test_installed_entry_point_runs(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "lagebild", "--version"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0 and "version" in result.stdout


def test_user_resources_add_actors_and_verbs(runner: CliRunner, tmp_path: Path) -> None:
    resources = tmp_path / "mine"
    resources.mkdir()
    (resources / "actors_local.yaml").write_text(
        "kind: actors\norganisations:\n  - code: NGO\n    names: [Bürgerforum Wasserkante]\n",
        encoding="utf-8",
    )
    (resources / "verbs_local.yaml").write_text(
        "kind: verbs\n"
        "verbs:\n"
        "  - id: anschwärzen_local\n"
        "    lemmas: [anschwärzen]\n"
        '    code: "112"\n'
        "    target: [acc]\n",
        encoding="utf-8",
    )
    text = "Das Bürgerforum Wasserkante schwärzte die Regierung Österreichs an."
    plain = jsonl(
        invoke(runner, "code", "-", "--lang", "de", "--format", "jsonl", stdin=text).output
    )
    mine = jsonl(
        invoke(
            runner,
            "--resources",
            str(resources),
            "code",
            "-",
            "--lang",
            "de",
            "--format",
            "jsonl",
            stdin=text,
        ).output
    )
    assert not any(e["source"] == "NGO" for e in plain)
    assert any(
        e["source"] == "NGO" and e["target"].startswith("AUT") and e["code"] == "112" for e in mine
    ), mine


def test_bad_user_resource_file_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    resources = tmp_path / "bad"
    resources.mkdir()
    (resources / "verbs_bad.yaml").write_text(
        "kind: verbs\nverbs:\n  - id: x\n    lemmas: [y]\n    code: '1x1'\n", encoding="utf-8"
    )
    result = runner.invoke(
        main,
        ["--resources", str(resources), "code", "-", "--lang", "de"],
        input="Russland kritisiert die Ukraine.",
    )
    assert result.exit_code == 1
    assert "verbs_bad.yaml" in result.output and "CAMEO code" in result.output
