#!/usr/bin/env python3
"""Generate the UN member-state feature table shared by the case library.

Reads scenarios/data/itu_member_states_2022.csv and scenarios/data/blocs_2022.csv
(copies of the project's gathered ITU tables, see scenarios/data/README.md) and
writes, deterministically:

  scenarios/data/un_member_states.csv   the 193 UN members, one row each

The ITU table of 2022 has the Holy See (not a UN member) and lacks Palau (a UN
member since 1994 that joined ITU only in 2024). This script drops the Holy See
and adds Palau. Palau's UN-vote columns are not guessed: they follow by
arithmetic from the official totals of each vote, which the script checks (the
ITU table's counts plus Palau must give the official totals), and it stops with
an error if they do not.

Usage:
  python3 scripts/gen_un_members.py           write the file
  python3 scripts/gen_un_members.py --check   exit 1 if the committed file differs

Python 3 standard library only.
"""

import csv
import io
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "scenarios" / "data"
OUT = DATA / "un_member_states.csv"

# Official totals (yes, no, abstain, absent) of the UN votes in the ITU table,
# as its README states them (scenarios/data/README.md).
OFFICIAL = {
    "unga_68_262": {"yes": 100, "no": 11, "abstain": 58, "absent": 24},
    "unga_es11_1": {"yes": 141, "no": 5, "abstain": 35, "absent": 12},
    # ES-11/3 has 41 rows `unknown` in the ITU table; by the README's
    # arithmetic they hold 22 yes, 13 abstain and 6 absent.
    "unga_es11_3": {"yes": 93, "no": 24, "abstain": 58, "absent": 18},
}
ES11_3_UNKNOWN_SPLIT = {"yes": 22, "abstain": 13, "absent": 6}

PALAU = {
    "iso3": "PLW",
    "name": "Palau",
    "un_regional_group": "Asia-Pacific",
    "au_member": "no",
    "eu_member_2022": "no",
    "arab_league": "no",
}

COLUMNS = [
    "iso3",
    "name",
    "un_regional_group",
    "unga_68_262",
    "unga_es11_1",
    "unga_es11_3",
    "au_member",
    "eu_member_2022",
    "arab_league",
    "sources",
]


def read(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def palau_vote(rows, column):
    """Palau's vote on `column`, from the official totals minus the table's."""
    counts = Counter(r[column] for r in rows if r[column] != "not_un_member")
    if column == "unga_es11_3":
        unknown = counts.pop("unknown", 0)
        if unknown != sum(ES11_3_UNKNOWN_SPLIT.values()):
            sys.exit(f"{column}: expected 41 unknown rows, found {unknown}")
        for k, n in ES11_3_UNKNOWN_SPLIT.items():
            counts[k] += n
    missing = {k: OFFICIAL[column][k] - counts.get(k, 0) for k in OFFICIAL[column]}
    if sorted(missing.values()) != [0, 0, 0, 1] or any(v < 0 for v in missing.values()):
        sys.exit(f"{column}: the table's counts {dict(counts)} do not leave one vote for Palau")
    return next(k for k, v in missing.items() if v == 1)


def build():
    states = read("itu_member_states_2022.csv")
    blocs = {r["iso3"]: r for r in read("blocs_2022.csv")}
    out = []
    for r in states:
        if r["un_regional_group"] == "Other" or r["unga_68_262"] == "not_un_member":
            continue  # the Holy See: an ITU member, not a UN member
        b = blocs[r["iso3"]]
        out.append(
            {
                "iso3": r["iso3"],
                "name": r["name"],
                "un_regional_group": r["un_regional_group"],
                "unga_68_262": r["unga_68_262"],
                "unga_es11_1": r["unga_es11_1"],
                "unga_es11_3": r["unga_es11_3"],
                "au_member": r["au_member"],
                "eu_member_2022": b["eu"],
                "arab_league": b["arab_league"],
                "sources": "itu_member_states_2022.csv;blocs_2022.csv(eu,arab_league)",
            }
        )
    plw = dict(PALAU)
    for column in OFFICIAL:
        plw[column] = palau_vote(states, column)
    plw["sources"] = (
        "un-member-since-1994(general-knowledge);group:Asia-Pacific(general-knowledge);"
        "votes:official-totals-minus-itu-table(computed)"
    )
    out.append(plw)
    out.sort(key=lambda r: r["iso3"])
    if len(out) != 193:
        sys.exit(f"expected 193 UN members, built {len(out)}")
    groups = Counter(r["un_regional_group"] for r in out)
    if sum(groups.values()) != 193:
        sys.exit(f"group sizes {dict(groups)} do not add up to 193")
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(out)
    return buf.getvalue()


def main():
    text = build()
    if "--check" in sys.argv[1:]:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(ROOT)} is out of date; run python3 scripts/gen_un_members.py")
            sys.exit(1)
        return
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
