#!/usr/bin/env python3
"""Check the case library's data tables (scenarios/data/cases/*.csv).

Every case named in a table exists in cases.csv; every candidate named in
results.csv and endorsements.csv is a candidate of its case; every state code is a
UN member in scenarios/data/un_member_states.csv (the ITU cases of 2006 use the
same codes); every source id resolves in sources.csv; a value is an integer
exactly when its status is not UNVERIFIED; measures and statuses come from one
closed vocabulary; and where a round states present-and-voting, the candidates'
votes do not exceed it in a single-seat ballot (nor seats times it in a
multi-seat one).

Usage: python3 scripts/check_case_data.py   (exit 1 and a list of problems if any)
Python 3 standard library only.
"""

import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "scenarios" / "data" / "cases"
MEMBERS = ROOT / "scenarios" / "data" / "un_member_states.csv"

MEASURES = {"votes", "ballot_papers", "invalid", "blank", "present_and_voting", "majority_required"}
STATUSES = {"sourced", "computed", "UNVERIFIED"}
CANDIDATE_STATUSES = {"stood", "withdrew_before_vote", "withdrew_between_rounds"}
# Actors of endorsements that are groups, not single states.
GROUP_ACTORS = {"EU", "AU", "G77_ROME", "AFRICA", "EUROPE", "EB", "NGOS"}


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    problems = []

    def bad(table, line, message):
        problems.append(f"scenarios/data/cases/{table}:{line}: {message}")

    members = {r["iso3"] for r in read(MEMBERS)}
    sources = {r["source"] for r in read(CASES / "sources.csv")}
    cases = {}
    for i, r in enumerate(read(CASES / "cases.csv"), 2):
        cases[r["case"]] = r
        if int(r["seats"]) < 1:
            bad("cases.csv", i, "seats must be at least 1")
    candidates = defaultdict(set)
    for i, r in enumerate(read(CASES / "candidates.csv"), 2):
        if r["case"] not in cases:
            bad("candidates.csv", i, f"unknown case `{r['case']}`")
        candidates[r["case"]].add(r["candidate"])
        if r["nominated_by"] and r["nominated_by"] not in members:
            bad("candidates.csv", i, f"`{r['nominated_by']}` is not a UN member code")
        if r["status"] not in CANDIDATE_STATUSES:
            bad("candidates.csv", i, f"unknown status `{r['status']}`")

    def check_sources(table, line, ids):
        for s in filter(None, ids.split(";")):
            if s not in sources:
                bad(table, line, f"source `{s}` is not in sources.csv")

    for table in ["cases.csv", "candidates.csv", "endorsements.csv", "results.csv"]:
        for i, r in enumerate(read(CASES / table), 2):
            check_sources(table, i, r["source_ids"])

    for i, r in enumerate(read(CASES / "endorsements.csv"), 2):
        if r["case"] not in cases:
            bad("endorsements.csv", i, f"unknown case `{r['case']}`")
        if r["candidate"] and r["candidate"] not in candidates[r["case"]]:
            bad("endorsements.csv", i, f"`{r['candidate']}` is not a candidate of {r['case']}")
        if r["actor"] not in members and r["actor"] not in GROUP_ACTORS:
            bad("endorsements.csv", i, f"actor `{r['actor']}` is neither a UN member nor a named group")
        if bool(r["date"]) == (r["date_status"] == "UNVERIFIED"):
            bad("endorsements.csv", i, "a date is given exactly when date_status is not UNVERIFIED")

    rounds = defaultdict(lambda: {"votes": 0, "pv": None})
    for i, r in enumerate(read(CASES / "results.csv"), 2):
        case = r["case"]
        if case not in cases:
            bad("results.csv", i, f"unknown case `{case}`")
            continue
        if r["measure"] not in MEASURES:
            bad("results.csv", i, f"unknown measure `{r['measure']}`")
        if r["status"] not in STATUSES:
            bad("results.csv", i, f"unknown status `{r['status']}`")
        if (r["measure"] == "votes") != bool(r["candidate"]):
            bad("results.csv", i, "a candidate is named exactly on `votes` rows")
        if r["candidate"] and r["candidate"] not in candidates[case]:
            bad("results.csv", i, f"`{r['candidate']}` is not a candidate of {case}")
        value = r["value"]
        if value and not value.isdigit():
            bad("results.csv", i, f"value `{value}` is not a non-negative integer")
        if not value and r["status"] != "UNVERIFIED":
            bad("results.csv", i, "an empty value must have status UNVERIFIED")
        if not value:
            continue
        key = (case, r["round"])
        if r["measure"] == "votes":
            rounds[key]["votes"] += int(value)
        elif r["measure"] == "present_and_voting":
            rounds[key]["pv"] = int(value)
    for (case, rnd), t in sorted(rounds.items()):
        seats = int(cases[case]["seats"])
        if t["pv"] is not None and t["votes"] > seats * t["pv"]:
            problems.append(
                f"scenarios/data/cases/results.csv: {case} round {rnd}: votes add up to "
                f"{t['votes']}, more than {seats} x {t['pv']} present and voting"
            )

    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
