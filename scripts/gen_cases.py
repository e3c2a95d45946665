#!/usr/bin/env python3
"""Generate the case library's scenarios from the case data.

Reads scenarios/data/cases/*.csv and scenarios/data/un_member_states.csv and
writes, deterministically, one scenario per case whose election rule today's
ballot rules can express or approximate:

  scenarios/cases/<case>.ron

Every case uses the same prior vocabulary (docs/VALIDATION.md, "Calibration
plan"), with the same weights, named once in SHARED below; each term's id is
`<term>-<candidate>`, so that an override or a calibration can address a term
of the shared vocabulary in every case by one pattern. The weights are
assumptions, the same in every case, and are NOT set from any case's result.

A case's reported result becomes its `observed` block, which nothing in the
model reads.

Usage:
  python3 scripts/gen_cases.py           write the files
  python3 scripts/gen_cases.py --check   exit 1 if a committed file differs

Python 3 standard library only.
"""

import csv
import datetime as dt
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "scenarios" / "data"
CASES = DATA / "cases"
OUT = ROOT / "scenarios" / "cases"

# The shared prior vocabulary: term -> (central weight, sd, what it says).
# One set of numbers for all cases, named once here (docs/VALIDATION.md,
# "The shared prior"); `lobbysim calibrate` fits them. Each weight is an
# uncertain number, Normal(mean: central, sd), drawn per run: the sd is half
# the central value (a factor of about two either way at two sd), the
# convention of the PP-22 scenario's assumed weights. None of these numbers
# is set from any case's result.
SHARED = {
    "home": (3.0, 1.5, "the nominating state votes for its own candidate"),
    "same_group": (0.5, 0.25, "states of the nominating state's UN regional group lean to its candidate"),
    "endorsed": (1.0, 0.5, "members of a bloc that endorsed the candidate before the vote lean to it"),
    "un_aligned": (
        0.3,
        0.15,
        "states that voted as the nominating state did on UNGA 68/262 (27 Mar 2014) lean to its candidate",
    ),
}
SHARED_BASIS = (
    "shared prior weight, the same in every case of the library (scripts/gen_cases.py SHARED, "
    "docs/VALIDATION.md); an uncalibrated assumption with sd half the central value, not set from any result"
)

# Model parameters: lobbysim's defaults in every case, until calibrated.
PARAMS = [
    "temperature",
    "stubbornness",
    "peer_influence",
    "conference_peer_influence",
    "noise",
    "abstention",
    "attendance",
    "pledge_threshold",
    "defection",
]
PARAMS_BASIS = "lobbysim default (docs/MODEL.md), the same in every case until the shared parameters are calibrated"

GROUPS = [
    ("African", "African States"),
    ("Asia-Pacific", "Asia-Pacific States"),
    ("EEG", "Eastern European States"),
    ("GRULAC", "Latin American and Caribbean States"),
    ("WEOG", "Western European and other States"),
]

# Which cases are generated, and how today's rules treat them.
RULE_NOTES = {
    "fao_dg_2019": "The rule (simple majority of votes cast, lowest eliminated) is today's DropLowest ballot.",
    "itu_sg_2006": (
        "The rule (majority of present and voting, successive ballots) is today's DropLowest ballot. "
        "Three further candidates whose names were not found are left out, and Furrer's withdrawal "
        "after round 2 is not modelled."
    ),
    "itu_dsg_2006": "The rule (majority of present and voting) is today's DropLowest ballot.",
    "itu_tsb_2006": (
        "The rule (majority of present and voting) is today's DropLowest ballot; Park's withdrawal "
        "after round 2 is not modelled (today's rules eliminate the lowest instead, here the same candidate)."
    ),
    "who_dg_2017": (
        "The WHO rule (two-thirds of present and voting in rounds 1 and 2, the lowest eliminated, then a "
        "simple majority) is the WhoDirectorGeneral preset with a simple majority from round 3."
    ),
    "hrc_eeg_2016": (
        "The rule (a majority of all 193 members, 97 votes, whatever the turnout; each paper names up to "
        "two candidates) is the UnHumanRightsCouncil preset with two seats. The NGO campaign against "
        "Russia is not modelled."
    ),
    "unsc_weog_2016": (
        "The rule (two-thirds of present and voting, restricted ballots under rule 94) is the "
        "UnSecurityCouncil preset with two seats; the draw of lots and the split term agreed after the "
        "tie are not modelled, and the campaigns are not modelled."
    ),
    "unsc_apg_2016": (
        "The rule (two-thirds of present and voting) is the UnSecurityCouncil preset with one seat; the "
        "campaigns are not modelled."
    ),
}

# The ballot rule of each case: (preset, extra settings), or None for the
# first ballot format (DropLowest, at most 10 rounds).
RULES = {
    "who_dg_2017": ("WhoDirectorGeneral", ["threshold_change: (from_round: 3, threshold: Majority)"]),
    "hrc_eeg_2016": ("UnHumanRightsCouncil", ["seats: 2"]),
    "unsc_weog_2016": ("UnSecurityCouncil", ["seats: 2"]),
    "unsc_apg_2016": ("UnSecurityCouncil", ["seats: 1"]),
}

# Endorsing actors that are groups: how their members are found in the
# member table, and the basis of that reading.
def group_members(actor, members):
    if actor == "EU":
        return [m for m in members if m["eu_member_2022"] == "yes"], (
            "EU members of 2022 (27); in 2019 the United Kingdom was a member too (assumption: its vote "
            "is not taken as an EU vote)"
        )
    if actor == "AU":
        return [m for m in members if m["au_member"] == "yes"], "AU members (scenarios/data/un_member_states.csv)"
    if actor == "G77_ROME":
        return [m for m in members if m["un_regional_group"] in ("African", "Asia-Pacific", "GRULAC")], (
            "ASSUMPTION: no membership list of the G77 was gathered; approximated by the African, "
            "Asia-Pacific and Latin American groups, which overstates it by the dozen or so members of "
            "those groups outside the G77 (e.g. Japan, Republic of Korea, Mexico)"
        )
    if actor == "AFRICA":
        return [m for m in members if m["un_regional_group"] == "African"], "the African group, as the sources say"
    if actor == "EUROPE":
        non_europe = {"USA", "CAN", "AUS", "NZL", "ISR"}
        return [
            m for m in members if m["un_regional_group"] in ("WEOG", "EEG") and m["iso3"] not in non_europe
        ], "ASSUMPTION: the European states of the WEOG and Eastern European groups"
    return None, None


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def q(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ids(values):
    return "[" + ", ".join(q(v) for v in values) + "]"


def electorate(case, members):
    """The member states that vote, and the basis of that list."""
    if case.startswith("itu_"):
        out = [m for m in members if m["iso3"] not in ("SSD", "PLW")]
        return out, (
            "ASSUMPTION: ITU Member States in 2006 taken as the UN members less South Sudan (UN member "
            "from 2011) and Palau (ITU member from 2024); the Holy See, an ITU member, is missing from the "
            "member table"
        )
    if case == "fao_dg_2019":
        return members, (
            "ASSUMPTION: FAO's 194 member nations approximated by the 193 UN members (membership lists "
            "differ by a few states)"
        )
    if case == "who_dg_2017":
        return members, (
            "ASSUMPTION: WHO's 194 member states approximated by the 193 UN members; nine could not vote "
            "(arrears or absence; who_n1), which the attendance parameter stands for"
        )
    return members, "all UN members (scenarios/data/un_member_states.csv)"


def count(status, value):
    if status == "sourced" and value:
        return f"Reported({value})"
    if status == "computed" and value:
        return f"Computed({value})"
    if value:
        return f"Disputed({value})"
    return "Unverified"


def build(case, info, candidates, endorsements, results, sources, members):
    vote_date = dt.date.fromisoformat(info["vote_date"]) if len(info["vote_date"]) == 10 else None
    if vote_date is None:
        # PP-06 Deputy SG: "November 2006"; the SG vote of 10 Nov is taken.
        vote_date = dt.date(2006, 11, 10)
    states, electorate_basis = electorate(case, members)
    codes = {m["iso3"] for m in states}
    group_of = {m["iso3"]: m["un_regional_group"] for m in members}
    standing = [c for c in candidates if c["status"] != "withdrew_before_vote" and c["nominated_by"]]
    cand_ids = {c["candidate"] for c in standing}

    # Blocs: the group actors that endorsed a standing candidate.
    blocs = {}
    endorsed = defaultdict(list)
    for e in endorsements:
        if e["kind"] != "endorsement" or e["candidate"] not in cand_ids:
            continue
        found, basis = group_members(e["actor"], states)
        if found is None:
            continue
        blocs[e["actor"]] = ({m["iso3"] for m in found}, basis, e)
        endorsed[e["candidate"]].append(e["actor"])
    use_un = vote_date > dt.date(2014, 3, 27)

    used_sources = set()
    for rows in (results, candidates, endorsements):
        for r in rows:
            used_sources.update(filter(None, r["source_ids"].split(";")))
    used_sources.update(filter(None, info["source_ids"].split(";")))

    lines = []
    w = lines.append
    w(f"// Generated by scripts/gen_cases.py from scenarios/data/cases/: do not edit by hand.")
    w(f"// Case {case}: {info['body']}, {info['post']}, {info['vote_date']}.")
    w("Scenario(")
    w("    version: 1,")
    w("    meta: (")
    w(f"        name: {q('case-' + case.replace('_', '-'))},")
    w(f"        title: {q(info['post'] + ' — ' + info['body'] + ', ' + info['vote_date'][:4])},")
    description = (
        f"A case of the library of past elections (docs/VALIDATION.md), built from what was known before "
        f"the vote on {info['vote_date']}. {RULE_NOTES[case]} Electorate: {electorate_basis}. "
        f"The prior uses the shared vocabulary with uncalibrated, uncertain weights; campaigns are not modelled yet."
    )
    w(f"        description: {q(description)},")
    w("        sources: [")
    for s in sources:
        if s["source"] in used_sources:
            w(f"            (id: {q(s['source'])}, text: {q(s['what'])}, url: {q(s['url'])}),")
    w("        ],")
    w("    ),")
    start = vote_date - dt.timedelta(days=30)
    w("    calendar: (")
    w(f"        start: {q(start.isoformat())},")
    w(f"        ballot: {q(vote_date.isoformat())},")
    w(f"        conference_start: {q((vote_date - dt.timedelta(days=7)).isoformat())},")
    w(f"        conference_end: {q((vote_date + dt.timedelta(days=7)).isoformat())},")
    w("        tick_days: 1,")
    w("    ),")
    w("    regions: [")
    for gid, name in GROUPS:
        w(f"        (id: {q(gid)}, name: {q(name)}),")
    w("    ],")
    if use_un:
        w("    features: [")
        w("        (")
        w('            id: "unga_68_262",')
        w('            description: "Vote on UNGA resolution 68/262, Territorial integrity of Ukraine, 27 Mar 2014",')
        w('            values: ["yes", "no", "abstain", "absent"],')
        w('            basis: Assumption("per-country vote lists gathered for the project (scenarios/data/README.md)"),')
        w("        ),")
        w("    ],")
    w("    blocs: [")
    for bid, (_, basis, e) in sorted(blocs.items()):
        w(
            f"        (id: {q(bid)}, name: {q(bid)}, cohesion: 1.0, basis: Assumption("
            f"{q('membership: ' + basis + '; cohesion: lobbysim default')})),"
        )
    w("    ],")
    w("    candidates: [")
    for c in standing:
        w(f"        (id: {q(c['candidate'])}, name: {q(c['name'])}, nominated_by: {q(c['nominated_by'])}),")
    w("    ],")
    w("    states: [")
    for m in sorted(states, key=lambda m: m["iso3"]):
        member_of = [b for b, (ms, _, _) in sorted(blocs.items()) if m["iso3"] in ms]
        feats = f', features: {{"unga_68_262": {q(m["unga_68_262"])}}}' if use_un else ""
        w(
            f"        (code: {q(m['iso3'])}, name: {q(m['name'])}, region: {q(m['un_regional_group'])}, "
            f"blocs: {ids(member_of)}{feats}),"
        )
    w("    ],")
    w("    prior: (")
    w("        terms: [")
    for c in standing:
        cid, home = c["candidate"], c["nominated_by"]
        if home not in codes:
            sys.exit(f"{case}: nominating state {home} is not in the electorate")
        terms = [("home", f"States([{q(home)}])"), ("same_group", f"Regions([{q(group_of[home])}])")]
        if endorsed[cid]:
            terms.append(("endorsed", f"Blocs({ids(sorted(endorsed[cid]))})"))
        if use_un:
            home_vote = next(m["unga_68_262"] for m in members if m["iso3"] == home)
            if home_vote in ("yes", "no"):
                terms.append(
                    ("un_aligned", f'Feature(name: "unga_68_262", values: [{q(home_vote)}])')
                )
        for term, target in terms:
            weight, sd, what = SHARED[term]
            w(
                f"            (id: {q(term + '-' + cid)}, label: {q(what)}, target: {target}, "
                f"candidate: {q(cid)}, weight: Normal(mean: {weight}, sd: {sd}), "
                f"basis: Assumption({q(SHARED_BASIS)})),"
            )
    w("        ],")
    w("    ),")
    w("    params: (")
    w("        basis: {")
    for name in PARAMS:
        w(f"            {q(name)}: Assumption({q(PARAMS_BASIS)}),")
    w("        },")
    w("    ),")
    rule_sources = [s for s in info["source_ids"].split(";") if s]
    w("    ballot: (")
    if case in RULES:
        preset, extra = RULES[case]
        w(f"        preset: {preset},")
        for setting in extra:
            w(f"        {setting},")
    else:
        w("        elimination: DropLowest,")
        w("        max_rounds: 10,")
    w(f"        basis: Source({ids(rule_sources)}),")
    w("    ),")
    # The observed result.
    by_round = defaultdict(list)
    for r in results:
        by_round[int(r["round"])].append(r)
    elected = [
        r["candidate"] for r in results if r["measure"] == "votes" and r["note"].startswith("elected")
    ]
    observed_sources = sorted({s for r in results for s in r["source_ids"].split(";") if s})
    w("    observed: (")
    w(f"        sources: {ids(observed_sources)},")
    w(f"        seats: {info['seats']},")
    w(f"        elected: {ids([e for e in elected if e in cand_ids])},")
    w("        rounds: [")
    for n in sorted(by_round):
        rows = by_round[n]
        date = rows[0]["date"]
        votes = [
            f"{q(r['candidate'])}: {count(r['status'], r['value'])}"
            for r in rows
            if r["measure"] == "votes" and r["candidate"] in cand_ids
        ]
        w("            (")
        w(f"                round: {n},")
        if len(date) == 10:
            w(f"                date: {q(date)},")
        w(f"                votes: {{{', '.join(votes)}}},")
        for r in rows:
            if r["measure"] != "votes":
                w(f"                {r['measure']}: {count(r['status'], r['value'])},")
        w("            ),")
    w("        ],")
    notes = [
        f"round {r['round']} {r['measure']}{' ' + r['candidate'] if r['candidate'] else ''}: {r['note']}"
        for r in results
        if r["note"] and r["status"] != "sourced"
    ]
    w(f"        note: {q('; '.join(notes))},")
    w("    ),")
    w(")")
    return "\n".join(lines) + "\n"


def main():
    members = read(DATA / "un_member_states.csv")
    cases = {r["case"]: r for r in read(CASES / "cases.csv")}
    candidates = read(CASES / "candidates.csv")
    endorsements = read(CASES / "endorsements.csv")
    results = read(CASES / "results.csv")
    sources = read(CASES / "sources.csv")
    check = "--check" in sys.argv[1:]
    stale = []
    for case in RULE_NOTES:
        text = build(
            case,
            cases[case],
            [c for c in candidates if c["case"] == case],
            [e for e in endorsements if e["case"] == case],
            [r for r in results if r["case"] == case],
            sources,
            members,
        )
        path = OUT / f"{case}.ron"
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path.relative_to(ROOT)))
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("out of date (run python3 scripts/gen_cases.py): " + ", ".join(stale))
        sys.exit(1)


if __name__ == "__main__":
    main()
