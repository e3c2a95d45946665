#!/usr/bin/env python3
"""Loads every table that every lobbysim command writes with pandas and checks
it against the data dictionary, docs/OUTPUTS.md: each CSV file of each kind of
folder is documented, its columns are the documented ones in that order, their
names are plain identifiers, and pandas reads each column with the type the
dictionary states (text, date, integer, number, boolean; "or empty" where a
cell may be empty). A conference's and a conference ensemble's `posts/<id>/`
folders are checked too: a run's tables, and an ensemble's less the per-run
ones. Also: every documented file is written, and problem.json is SALib's
problem.

    python3 tests/check_outputs.py [--lobbysim PATH] [--keep DIR]

PATH defaults to $CARGO_TARGET_DIR/debug/lobbysim (target/debug/lobbysim).
Needs pandas (`python3 -m pip install pandas`). Exit status 0 when every
check passes, 1 otherwise (each failure is listed).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
from pandas.api import types

ROOT = Path(__file__).resolve().parent.parent
DICTIONARY = ROOT / "docs" / "OUTPUTS.md"
CLASSROOM = ROOT / "scenarios" / "classroom" / "three_candidates.ron"
CONFERENCE = ROOT / "tests" / "fixtures" / "good" / "small_conference.ron"
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
HEADING = re.compile(r"^### (\w+)(?: \((\w+)\))?: `([\w.]+)`$")
TYPES = {"text", "date", "integer", "number", "boolean"}
# Tables that are empty in some folders by their definition.
MAY_HAVE_NO_ROWS = {"transfers.csv"}
# The per-run tables of an ensemble, which a conference ensemble's post
# folders leave to the conference's own runs*.csv (docs/OUTPUTS.md).
PER_RUN_TABLES = {"runs.csv", "runs_params.csv", "runs_rounds.csv", "variance.csv"}


def read_dictionary(path):
    """{(kind, file): [(column, type, may_be_empty)]} from OUTPUTS.md."""
    entries = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = HEADING.match(line)
        if m:
            kind = m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")
            current = entries.setdefault((kind, m.group(3)), [])
            continue
        if line.startswith("#"):
            current = None
            continue
        if current is None or not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        column = cells[0].strip("`")
        kind = cells[1]
        empty = kind.endswith(" or empty")
        kind = kind.removesuffix(" or empty")
        if kind not in TYPES:
            raise SystemExit(f"{path}: column {column}: unknown type {cells[1]!r}")
        current.append((column, kind, empty))
    return entries


def lobbysim(binary, *args):
    result = subprocess.run(
        [str(binary), *map(str, args), "--quiet"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"lobbysim {' '.join(map(str, args))} failed:\n{result.stderr}")


def make_folders(binary, out):
    """Every kind of folder, from the classroom scenario; {name: kind}."""
    s = CLASSROOM
    # One uncertain number, so that the per-run tables hold draws, a run
    # writes parameters.csv and an ensemble variance.csv.
    uncertain = ["--set", "params.defection=Uniform(lo: 0.2, hi: 0.4)"]
    sweep = ["--vary", "params.noise=0:0.1:3", "--runs", "8", *uncertain]
    params = ["--param", "params.noise=0:0.1", "--param", "campaigns.northern-outreach.budget=0:4", *uncertain]
    lobbysim(binary, "run", s, "--seed", "3", *uncertain, "--out", out / "run")
    lobbysim(binary, "run", CONFERENCE, "--seed", "3", "--out", out / "conference")
    lobbysim(binary, "ensemble", s, "--runs", "30", *uncertain, "--out", out / "ensemble")
    # Shards share runs by blocks of 256: with 600 runs both have some.
    for k in (1, 2):
        lobbysim(binary, "ensemble", s, "--runs", "600", "--shard", f"{k}/2", *uncertain,
                 "--out", out / f"shard{k}")
    lobbysim(binary, "merge", out / "shard1", out / "shard2", "--out", out / "merged")
    lobbysim(binary, "ensemble", CONFERENCE, "--runs", "30", "--out", out / "conference-ensemble")
    lobbysim(binary, "compare", s, "--what-if-set", "params.noise=0.1", "--runs", "20", *uncertain, "--out", out / "compare")
    lobbysim(binary, "sweep", s, *sweep, "--out", out / "sweep")
    lobbysim(binary, "sweep", s, *sweep, "--vary", "params.temperature=0.5:1.5:2", "--out", out / "sweep2")
    lobbysim(binary, "sensitivity", s, *params, "--method", "morris", "--trajectories", "3", "--runs", "6",
             "--out", out / "morris")
    lobbysim(binary, "sensitivity", s, *params, "--method", "sobol", "--samples", "4", "--runs", "6",
             "--out", out / "sobol")
    kinds = {}
    for folder in sorted(out.iterdir()):
        manifest = json.loads((folder / "manifest.json").read_text())
        kind = manifest["command"]
        if kind == "sensitivity":
            kind += "-" + manifest["extra"]["method"]["method"]
        if kind == "merge":
            kind = "ensemble"
        if kind == "ensemble" and manifest.get("extra", {}).get("conference"):
            kind = "ensemble-conference"
            # Each post's ensemble files, without the per-run tables.
            for post in manifest["extra"]["posts"]:
                kinds[folder / "posts" / post] = "ensemble-post"
        if kind == "run" and "posts" in manifest["extra"]:
            # A conference: its own tables, and each post's run folder.
            kind = "conference"
            for post in manifest["extra"]["posts"]:
                kinds[folder / "posts" / post] = "run"
        kinds[folder] = kind
    return kinds


def check_column(name, series, kind, may_be_empty, where):
    problems = []
    missing = series.isna()
    if missing.all() and may_be_empty and len(series) > 0:
        return problems  # pandas reads an all-empty column as floats
    if missing.any() and not may_be_empty:
        problems.append(f"{where}: {name}: {int(missing.sum())} empty cells, documented as never empty")
    values = series[~missing]
    ok = {
        "text": types.is_string_dtype(series) or types.is_object_dtype(series),
        "boolean": types.is_bool_dtype(series),
        "integer": types.is_integer_dtype(series)
        or (may_be_empty and types.is_float_dtype(series) and (values == values.round()).all()),
        "number": types.is_float_dtype(series) or (name == "<parameter>" and types.is_integer_dtype(series)),
        "date": types.is_datetime64_any_dtype(series),
    }[kind]
    if not ok:
        problems.append(f"{where}: {name}: pandas reads it as {series.dtype}, documented as {kind}")
    if kind == "text" and len(values) and not values.map(lambda v: isinstance(v, str)).all():
        problems.append(f"{where}: {name}: not all cells read as text")
    return problems


def check_table(path, spec, where):
    problems = []
    dates = [c for c, kind, _ in spec if kind == "date"]
    frame = pd.read_csv(path, parse_dates=dates, date_format="%Y-%m-%d")
    header = list(frame.columns)
    for name in header:
        if not IDENTIFIER.match(name):
            problems.append(f"{where}: column name {name!r} is not a plain identifier")
    # Match the header against the documented columns; <parameter> stands for
    # one or more columns.
    documented = [c for c, _, _ in spec]
    matched = []  # (column in file, documented name, type, may be empty)
    i = 0
    for column, kind, empty in spec:
        if column == "<parameter>":
            following = documented[documented.index(column) + 1]
            start = i
            while i < len(header) and header[i] != following:
                matched.append((header[i], column, kind, empty))
                i += 1
            if i == start:
                problems.append(f"{where}: no parameter columns")
            continue
        if i < len(header) and header[i] == column:
            matched.append((column, column, kind, empty))
            i += 1
        else:
            problems.append(f"{where}: documented column {column} is not where the dictionary says; header {header}")
            return problems
    if i != len(header):
        problems.append(f"{where}: undocumented columns {header[i:]}")
    if frame.empty:
        # A ballot of one round moves no papers (docs/OUTPUTS.md): the
        # header alone is right, and there are no cells to check.
        if path.name in MAY_HAVE_NO_ROWS:
            return problems
        problems.append(f"{where}: no rows")
    for column, doc_name, kind, empty in matched:
        name = doc_name if doc_name == "<parameter>" else column
        for p in check_column(name, frame[column], kind, empty, where):
            problems.append(p if doc_name != "<parameter>" else p.replace("<parameter>", column))
    return problems


def check_problem(folder):
    problem = json.loads((folder / "problem.json").read_text())
    points = pd.read_csv(folder / "sensitivity_points.csv")
    problems = []
    n = problem.get("num_vars")
    if not (len(problem.get("names", [])) == len(problem.get("bounds", [])) == n):
        problems.append(f"{folder.name}/problem.json: num_vars, names and bounds disagree")
    for column, (low, high) in zip(problem.get("columns", []), problem.get("bounds", [])):
        if column not in points.columns:
            problems.append(f"{folder.name}/problem.json: column {column} not in sensitivity_points.csv")
        elif not points[column].between(low, high).all():
            problems.append(f"{folder.name}: {column} leaves its bounds [{low}, {high}]")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    parser.add_argument("--lobbysim", type=Path, default=target / "debug" / "lobbysim")
    parser.add_argument("--keep", type=Path, help="make the folders here and keep them")
    args = parser.parse_args()
    if not args.lobbysim.is_file():
        raise SystemExit(f"{args.lobbysim}: no such program; build it with `cargo build`")
    dictionary = read_dictionary(DICTIONARY)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        kinds = make_folders(args.lobbysim, out)
        problems = []
        checked = 0
        for folder, kind in kinds.items():
            if not folder.is_dir():
                problems.append(f"{folder.relative_to(out)}: not written")
                continue
            written = sorted(p.name for p in folder.glob("*.csv"))
            # A post's folder of a conference ensemble holds the ensemble
            # tables, less the per-run ones.
            documented_kind = "ensemble" if kind == "ensemble-post" else kind
            documented = sorted(
                f for k, f in dictionary
                if k == documented_kind and not (kind == "ensemble-post" and f in PER_RUN_TABLES)
            )
            for name in written:
                where = f"{folder.relative_to(out)}/{name}"
                if kind == "ensemble-post" and name in PER_RUN_TABLES:
                    problems.append(f"{where}: a per-run table in a post's folder, where docs/OUTPUTS.md has none")
                    continue
                spec = dictionary.get((documented_kind, name))
                if spec is None:
                    problems.append(f"{where}: not in docs/OUTPUTS.md (as `### {documented_kind}: `{name}``)")
                    continue
                problems.extend(check_table(folder / name, spec, where))
                checked += 1
            for name in sorted(set(documented) - set(written)):
                problems.append(f"{folder.relative_to(out)}: documented {name} is not written")
            if kind.startswith("sensitivity"):
                problems.extend(check_problem(folder))
    for p in problems:
        print(f"FAIL {p}")
    print(f"checked {checked} tables in {len(kinds)} folders against docs/OUTPUTS.md: "
          f"{'ok' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
