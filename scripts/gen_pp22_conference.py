#!/usr/bin/env python3
"""Generate the PP-22 conference case: several posts elected by the same delegations.

Reads scenarios/data/ (through gen_pp22.py: the states, blocs, features and the
Secretary-General's race) and scenarios/data/conference/*.csv (the other posts),
and writes, deterministically:

  scenarios/itu_pp22_conference.ron   the scenario (version 2, with posts)
  docs/PP22_CONFERENCE.md             only the sections between the GENERATED markers

The Secretary-General's part (states, regions, blocs, features, candidates,
prior terms, campaigns, events, params, shocks, propensities) is the text that
gen_pp22.py writes for scenarios/itu_pp22.ron, unchanged; this script adds the
other posts, their candidates, prior terms, campaigns, events and shocks, the
reported US-EU deal and the after-result links. The modelling assumptions are
the tables in the ASSUMPTIONS part below, each with its reason. The reported
results of the PP-22 votes (scenarios/data/conference/reported_results.md) are
for scoring and are never read here.

Usage:
  python3 scripts/gen_pp22_conference.py           write the files
  python3 scripts/gen_pp22_conference.py --check   exit 1 if a committed file differs

Python 3 standard library only.
"""

import csv
import math
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_pp22 as sg  # noqa: E402  (the Secretary-General's scenario: reused, not copied)

ROOT = sg.ROOT
DATA = ROOT / "scenarios" / "data" / "conference"
SCENARIO = ROOT / "scenarios" / "itu_pp22_conference.ron"
DOC = ROOT / "docs" / "PP22_CONFERENCE.md"

CONFERENCE_END = sg.CONFERENCE_END

# ===========================================================================
# ASSUMPTIONS
#
# Units as in gen_pp22.py: one utility unit multiplies a state's odds between
# two candidates by e. Every size below is an assumption; the ranges follow
# gen_pp22.py (Normal with sd half the size for weights and shifts, LogNormal
# sigma 0.5 for budgets, strengths and efforts) unless a row says otherwise.
# A fact that the data marks UNVERIFIED gets a range twice as wide (sd equal to
# its size): it may have had no effect at all.
# ===========================================================================

UNVERIFIED_RELATIVE_SD = 1.0

# Prior terms that every candidate of a post gets by rule.
# A nominating state votes for its own candidate: the SG scenario's home weight.
HOME_WEIGHT = next(t[4] for t in sg.PRIOR_TERMS if t[0] == "home-usa")
HOME_REASON = "a nominating state votes for its own candidate (the weight of the home states in the Secretary-General's race)"
# Same ITU region: states lean to a candidate of their own region.
HOME_REGION_WEIGHT = 0.3
HOME_REGION_REASON = (
    "states lean to a candidate of their own ITU region (regional consultations, shared briefings); no regional "
    "endorsement is assumed beyond those found; small, as states of a region often split"
)
# Candidates of a bloc whose members coordinate foreign policy.
SAME_BLOC = {
    "EU": (0.3, "EU members coordinate their positions in UN bodies; no EU statement for any candidate of these posts "
                "was found, so the pull is half the SG scenario's eu-member term"),
    "RCC": (0.3, "the Russian-led RCC coordinates candidatures of its members; kept as small as the EU's pull, since "
                 "no RCC statement on these posts was found"),
}

# Experience inside ITU, known to every delegation: (candidates, weight, reason).
ITU_STANDING = [
    (["LEE"], 0.3,
     "the sitting TSB Director, an elected official known to delegations through his Bureau's work: the size of "
     "the SG scenario's term for the serving BDT Director [kta-2021-11]"),
    (["ZAV", "BER", "JAM"], 0.15,
     "senior ITU staff in 2022 (Zavazava Chief of Partnerships [zimmail-2022-06-11], Bereaux Deputy to the BDT "
     "Director [bahamaspress-2022-09-07], Jamoussi in ITU-T management [gnet-bouden-2022-09]): known to "
     "delegations, half an elected official's standing"),
    (["LAM", "PUR"], 0.1,
     "former heads of ITU divisions (Lamanauskas, Corporate Strategy [lithuania-2021-05-05]; Purcell, BDT "
     "[itu-telecom-2018-purcell]): a little less known than serving staff"),
]

# Other prior terms: (id, label, target, candidate, weight, relative sd, reason).
# Targets: "All", ("States", [...]), ("Blocs", [...]), ("Regions", [...]) or ("Group", id) from groups.csv.
EXTRA_PRIOR_TERMS = [
    ("sadc-zav", "SADC candidate", ("Group", "sadc"), "ZAV", 0.6, sg.RELATIVE_SD,
     "SADC endorsed Zavazava for the 2018 race [dailynews-2018-04-20] and he was again 'the SADC candidate' in "
     "June 2022 [zimmail-2022-06-11]; a standing endorsement of a sub-region; SADC membership from general knowledge"),
    ("pacific-pur", "Pacific neighbour", ("Group", "pacific"), "PUR", 0.5, UNVERIFIED_RELATIVE_SD,
     "Pacific island states lean to a Samoan candidate focused on small island states [6gworld-candidates]; "
     "no Pacific or APT endorsement was found, so the range includes no effect"),
    ("arab-jam", "Arab League backing", ("Blocs", ["ARAB"]), "JAM", 0.3, UNVERIFIED_RELATIVE_SD,
     "a Tunisian ministerial statement reports Arab League backing [kapitalis-jamoussi]; not re-checked, so the "
     "range includes no effect"),
    ("au-jam", "African Union backing", ("Blocs", ["AU"]), "JAM", 0.3, UNVERIFIED_RELATIVE_SD,
     "the same statement reports African Union backing [kapitalis-jamoussi]; not re-checked"),
    ("host-rou", "host of PP-22", "All", "C-ROU", 0.2, sg.RELATIVE_SD,
     "Romania hosted PP-22 and chaired it [agerpres-sarmas]: delegations reward a host; size assumed"),
]

# The PP-18 region C vote, a result known before 2022, is each incumbent's standing.
# (candidate, PP-18 votes or None, reason); ballot papers of PP-18: 178 [gulfnews-2018-11-01].
PP18_BALLOTS = 178
PP18_REGION_C = [
    ("C-ROU", 137, None),
    ("C-RUS", 136, None),
    ("C-POL", 125, None),
    ("C-AZE", 119, None),
    ("C-CZE", 112, None),
    ("C-BGR", 110, None),
    ("C-BLR", 95, "Belarus did not stand in 2018; it gets the standing of that year's candidate from outside the "
                  "Council (Kyrgyzstan, 95 votes), the nearest analogue"),
]
# Four years passed since PP-18: the standing is known to within 0.3 units either way.
PP18_SD = ("sd", 0.3)
PP18_SD_REASON = "range: sd 0.3 around the PP-18 standing, for four years of change, assumed"
PP18_REASON = (
    "standing at the previous region C vote (PP-18, 7 candidates for 5 seats [hotnews-2018-11]): the logit of the "
    "candidate's share of the {n} ballot papers [gulfnews-2018-11-01], less the mean over the seven candidates"
)

# Campaigns of the nominating states. Every candidacy is campaigned for, but
# for most no budget or effort was found: the same small steady effort for
# each, from its announcement (or 1 Jan 2022) to the day before its ballot.
NOMINATOR_BUDGET = 0.5
NOMINATOR_STRENGTH = 0.5
NOMINATOR_SATURATION = 10.0
NOMINATOR_SWING = 20
NOMINATOR_REASON = (
    "the nominating state's campaign: embassy demarches and meetings, rarely documented; a quarter of the US "
    "budget for the Secretary-General and half its strength, the same for every candidacy since no source ranks "
    "their efforts; aimed at the 20 states nearest to indifference"
)

# Extra conference campaign for Council region C: Russia's delegation promoted its
# candidacies in bilaterals (27-28 Sep) until the Council vote.
EXTRA_CAMPAIGNS = [
    ("ru-council-conference", "Russian bilaterals at PP-22 for the Council", "RUS", "C-RUS",
     sg.CONFERENCE_START, None, 10.0, 0.5, 5.0, ("Swing", sg.GLOBAL_SOUTH, 30),
     "the Russian delegation reported meetings with more than 10 African, Arab, Asian and Latin American states "
     "and 20 more planned to promote its candidates [ria-2022-09-27]; half the daily budget of the SG "
     "scenario's ru-conference, since the same delegation served several candidacies"),
]

# The war and its UN and ITU aftermath, already events of the Secretary-General's
# race for the Russian candidate, also bear on the Russian and Belarusian Council
# candidacies: each SG event effect on "RI" is repeated for them, scaled.
WAR_SCALE = {
    "C-RUS": (1.0, "the same states turned from Russia's candidacies as from its Secretary-General candidate"),
    "C-BLR": (0.5, "Belarus voted with Russia on ES-11/1 and ES-11/3 (scenarios/data) and shares part of the "
                   "cost; half the Russian effect, assumed"),
}

# Endorsements become events: contacts.csv rows of kind "endorsement".
# (candidate) -> (shift, reason)
ENDORSEMENT_SHIFT = {
    "ZAV": (0.4, "an African Union summit endorsement of one of four African candidates: members lean to it, while "
                 "the three other African nominating states keep their home weight"),
    "BER": (0.5, "the CTU presented Bereaux as the Caribbean's candidate: its members lean to him"),
}

ENDORSERS = {"AU": "African Union", "CTU": "Caribbean Telecommunications Union"}

# Later-dated events of the conference itself.
EXTRA_EVENTS = [
    ("ukraine-plenary-council", "2022-09-28", "Ukraine asks the plenary to block Russians from ITU posts",
     [("All", "C-RUS", -0.1,
       "a public call in the plenary [sputnik-jp-2022-09-28] reminds delegations of the war before the Council vote")],
     ["sputnik-jp-2022-09-28"]),
]

# Conference-wide shocks: one per candidate of a contested post (the SG post keeps its own).
SHOCK_SCALE = 0.3
SHOCK_REASON = (
    "the conference's mood about this candidate, unknown beforehand: the scale of the Secretary-General's "
    "conference-wide swing"
)

# The reported US-EU arrangement around the Deputy post (GMF Digital, 21 Sep 2022).
DEAL = {
    "id": "us-eu-deputy",
    "label": "US backs the EU's candidate for Deputy; EU members back the US candidate for Secretary-General",
    "date": "2022-06-01",
    "date_reason": (
        "no date was reported; placed at 1 Jun 2022, after Lithuania's CEPT reception of 19 May "
        "[bmdv-cept-london] and before WTDC-22, so that the deal acts for the last four months"
    ),
    "sides": [
        (("States", ["USA"]), "LAM", (1.0, 0.5), (0.2, 0.6),
         "the US vote for Lamanauskas if the US keeps the deal; the United States is also close to Korea, whose "
         "candidate (the sitting TSB Director) was a credible alternative, which is a reason to break it"),
        (("Blocs", ["EU"]), "BM", (0.5, 0.25), (0.2, 0.6),
         "EU members' votes for Bogdan-Martin, on top of their priors and Lithuania's campaign eu-support of the "
         "SG scenario; half the US side's shift, since EU members leaned to Bogdan-Martin already"),
    ],
    "breaks_reason": (
        "the arrangement is one analysis's 'appears to have traded' [gmf-2022-09-21], with no EU or government "
        "statement confirming it; a secret ballot cannot enforce it; each side breaks it (or never made it) with "
        "a chance of 20% to 60%"
    ),
}

LINK_RANGE_REASON = "range: sd equal to the size, since no source measures how far delegations follow such a link"
# After-result links: (id, post, condition, [(target, candidate, shift, relative sd)], reason).
# A link may only feed a post voted on a later day (same-day posts are not linked).
AFTER_RESULTS = [
    ("sg-americas-bdt", "sg", ("ElectedFromRegion", "A"), [("All", "BER", -0.3, UNVERIFIED_RELATIVE_SD)],
     "regional balance among the five elected officials (equitable geographical distribution is a stated ITU "
     "principle [itu-res78-1998]): with a Secretary-General from region A, fewer delegations want a second official "
     "from the Americas; the size, and whether delegations act on it, are assumptions"),
    ("sg-russia-defeated", "sg", ("NotElected", "RI"), [("All", "C-RUS", -0.2, UNVERIFIED_RELATIVE_SD)],
     "a defeated sponsor: a clear defeat of Russia's Secretary-General candidate shows its isolation and frees "
     "delegations that feared to cross it; assumption"),
    ("dsg-asia-tsb", "dsg", ("ElectedFromRegion", "E"), [("All", "ONO", -0.3, UNVERIFIED_RELATIVE_SD)],
     "regional balance [itu-res78-1998]: a Deputy from region E (Lee of Korea or Purcell of Samoa) makes a second "
     "Asian official, Onoe of Japan, less likely; the data's analytic note on the DSG and TSB races (no pre-vote "
     "source says so), size assumed"),
    ("dsg-europe-tsb", "dsg", ("Elected", "LAM"), [("All", "ZIE", -0.2, UNVERIFIED_RELATIVE_SD)],
     "regional balance [itu-res78-1998]: a Lithuanian Deputy makes a second European official, Zielke of Germany, "
     "less likely; weaker than the Asian link since they stand for different ITU regions (C and B); size assumed"),
]

# ===========================================================================
# Reading the data
# ===========================================================================


def read(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def fail(msg):
    print(f"gen_pp22_conference: {msg}", file=sys.stderr)
    sys.exit(2)


def load(states):
    codes = {s["code"] for s in states}
    posts = read("posts.csv")
    candidates = read("candidates.csv")
    contacts = read("contacts.csv")
    sources = read("sources.csv")
    groups = {}
    for g in read("groups.csv"):
        members = [m for m in g["members"].split(";") if m]
        unknown = [m for m in members if m not in codes]
        if unknown and g["id"] != "pacific":
            fail(f"groups.csv {g['id']}: {', '.join(unknown)} not ITU Member States in 2022")
        groups[g["id"]] = dict(g, codes=sorted(m for m in members if m in codes))
    post_ids = [p["id"] for p in posts]
    if len(set(post_ids)) != len(post_ids):
        fail("duplicate post ids in posts.csv")
    ballot_dates = [p["ballot_date"] for p in posts]
    if ballot_dates != sorted(ballot_dates):
        fail("posts.csv must list the posts in ballot order")
    for c in candidates:
        if c["post"] not in post_ids:
            fail(f"candidate {c['id']} names post {c['post']}, not in posts.csv")
        if c["nominated_by"] not in codes:
            fail(f"candidate {c['id']}: nominating state {c['nominated_by']} is not a Member State")
    return posts, candidates, contacts, sources, groups


# ===========================================================================
# Building the conference's additions as plain Python data
# ===========================================================================


def target_of(text, groups):
    """A contacts.csv target: ALL, an ISO3 code, bloc:ID or group:ID."""
    if text == "ALL":
        return "All"
    if text.startswith("bloc:"):
        return ("Blocs", [text[5:]])
    if text.startswith("group:"):
        return ("States", groups[text[6:]]["codes"])
    return ("States", [text])


def who(text, groups, by_code):
    """A contacts.csv target in words, for a tactic's label."""
    if text == "ALL":
        return "all member states"
    if text.startswith("bloc:"):
        return f"{text[5:]} members"
    if text.startswith("group:"):
        return groups[text[6:]]["name"]
    return by_code[text]["name"]


def resolve(target, groups):
    if isinstance(target, tuple) and target[0] == "Group":
        return ("States", groups[target[1]]["codes"])
    return target


def sd_of(weight, rel):
    """rel: a standard deviation relative to the size, or ("sd", x) for an absolute one."""
    if isinstance(rel, tuple):
        return rel[1]
    return round(rel * abs(weight), 6)


def normal(weight, rel):
    if weight == 0 and not isinstance(rel, tuple):
        return "0.0"
    return f"Normal(mean: {sg.fmt_num(weight)}, sd: {sg.fmt_num(sd_of(weight, rel))})"


def day_before(date):
    return (sg.dt.date.fromisoformat(date) - sg.dt.timedelta(days=1)).isoformat()


def pp18_weights():
    logits = {c: math.log(v / (PP18_BALLOTS - v)) for c, v, _ in PP18_REGION_C}
    mean = sum(logits.values()) / len(logits)
    return {c: round(x - mean, 3) for c, x in logits.items()}


def build(sc):
    states = sc["states"]
    by_code = {s["code"]: s for s in states}
    posts, candidates, contacts, sources, groups = load(states)
    post_of = {c["id"]: c["post"] for c in candidates}
    name_of = {c["id"]: c["name"] for c in candidates}
    post_of.update({cid: "sg" for cid, _, _, _ in sg.CANDIDATES})
    ballot_of = {p["id"]: p["ballot_date"] for p in posts}
    region_of = {c["id"]: by_code[c["nominated_by"]]["region"] for c in candidates}
    region_of.update({cid: by_code[home]["region"] for cid, _, home, _ in sg.CANDIDATES})

    prior = []  # (id, label, target, candidate, weight, rel sd, reason)
    for c in candidates:
        cid, home = c["id"], c["nominated_by"]
        prior.append((f"home-{cid.lower()}", "home state", ("States", [home]), cid, HOME_WEIGHT,
                      sg.HOME_RELATIVE_SD, f"{HOME_REASON} [{c['sources'].split(';')[0]}]"))
    for c in candidates:
        rivals = [o for o in candidates if o["post"] == c["post"]]
        if len({region_of[o["id"]] for o in rivals}) > 1:
            r = region_of[c["id"]]
            prior.append((f"region-{c['id'].lower()}", f"home region {r}", ("Regions", [r]), c["id"],
                          HOME_REGION_WEIGHT, sg.RELATIVE_SD, HOME_REGION_REASON))
    for bloc, (weight, reason) in SAME_BLOC.items():
        for c in candidates:
            rivals = [o for o in candidates if o["post"] == c["post"]]
            in_bloc = [o for o in rivals if bloc in by_code[o["nominated_by"]]["blocs"]]
            if c in in_bloc and len(in_bloc) < len(rivals):
                prior.append((f"{bloc.lower()}-{c['id'].lower()}", f"{bloc} member's candidate", ("Blocs", [bloc]),
                              c["id"], weight, sg.RELATIVE_SD, reason))
    for cands, weight, reason in ITU_STANDING:
        for cid in cands:
            prior.append((f"itu-{cid.lower()}", "standing inside ITU", "All", cid, weight, sg.RELATIVE_SD, reason))
    pp18 = pp18_weights()
    for cid, votes, note in PP18_REGION_C:
        reason = PP18_REASON.format(n=PP18_BALLOTS) + f"; {votes} votes" + (f"; {note}" if note else "")
        prior.append((f"pp18-{cid.lower()}", "PP-18 standing", "All", cid, pp18[cid], PP18_SD, reason))
    prior += EXTRA_PRIOR_TERMS
    prior = [(i, lab, resolve(t, groups), c, w, rel, why) for i, lab, t, c, w, rel, why in prior]

    # Campaigns: one per candidacy, with the dated contacts as tactics.
    campaigns = []
    for c in candidates:
        post = next(p for p in posts if p["id"] == c["post"])
        if post["id"] == "br":
            continue  # an unopposed candidate: no campaign changes the result
        start = max(c["announced"], sg.CAL_START)
        home = by_code[c["nominated_by"]]["name"]
        name = f"{c['name']}'s Council campaign" if c["post"] == "council-c" else f"{home} for {c['name']}"
        campaigns.append({
            "id": f"{c['nominated_by'].lower()}-{c['post']}", "name": name,
            "sponsor": c["nominated_by"], "candidate": c["id"], "start": start,
            "end": day_before(post["ballot_date"]), "budget": NOMINATOR_BUDGET, "strength": NOMINATOR_STRENGTH,
            "saturation": NOMINATOR_SATURATION, "target": ("Swing", "All", NOMINATOR_SWING),
            "reason": NOMINATOR_REASON + (f"; campaign from {start}" + (
                f" (announcement {c['announced']}: {c['unverified']})" if c["unverified"] else "")),
            "tactics": [],
        })
    for cid, name, sponsor, cand, start, end, budget, strength, sat, target, reason in EXTRA_CAMPAIGNS:
        campaigns.append({"id": cid, "name": name, "sponsor": sponsor, "candidate": cand, "start": start,
                          "end": end or day_before(ballot_of[post_of[cand]]), "budget": budget,
                          "strength": strength, "saturation": sat, "target": target, "reason": reason,
                          "tactics": []})
    by_candidate = {}
    for camp in campaigns:
        by_candidate.setdefault(camp["candidate"], camp)

    events = []
    for row in contacts:
        cand = row["candidate"]
        if row["date_start"] >= ballot_of[post_of[cand]]:
            fail(f"contact of {row['date_start']} for {cand} is not before its ballot")
        target = target_of(row["target"], groups)
        srcs = [s for s in row["sources"].split(";") if s]
        if row["kind"] == "endorsement":
            shift, why = ENDORSEMENT_SHIFT[cand]
            rel = UNVERIFIED_RELATIVE_SD if row["unverified"] else sg.RELATIVE_SD
            events.append((f"endorse-{cand.lower()}-{row['sponsor'].lower()}", row["date_start"],
                           f"{ENDORSERS[row['sponsor']]} backs {name_of[cand]}", [(target, cand, shift, rel, why)], srcs,
                           row["summary"], row["unverified"]))
            continue
        camp = by_candidate.get(cand)
        if camp is None:
            fail(f"no campaign for {cand} to carry the contact of {row['date_start']}")
        kind, effort, _ = sg.CONTACT_KINDS[row["kind"]]
        label = f"{row['sponsor']}, {row['kind']}: {who(row['target'], groups, by_code)}"
        what = f"the effort of every {row['kind']} contact (docs/PP22.md); the contact: {sg.cite(srcs)}"
        if row["unverified"]:
            what += f"; unverified: {row['unverified']}"
        camp["tactics"].append({
            "kind": kind, "label": label, "start": row["date_start"],
            "end": row["date_end"] if row["date_end"] != row["date_start"] else None,
            "target": target, "effort": effort, "basis": ("Assumption", what), "comment": row["summary"],
        })
    for camp in campaigns:
        camp["tactics"].sort(key=lambda t: (t["start"], t["label"]))
        if camp["start"] > min([camp["start"]] + [t["start"] for t in camp["tactics"]]):
            camp["start"] = min(t["start"] for t in camp["tactics"])

    for eid, date, label, effects, _persistent, srcs in sg.EVENTS:
        mapped = []
        for target, cand, shift, reason in effects:
            if cand != "RI":
                continue
            for ccid, (scale, why) in WAR_SCALE.items():
                mapped.append((target, ccid, round(shift * scale, 6), sg.RELATIVE_SD,
                               f"{reason}; for this Council candidacy x{sg.fmt_num(scale)}: {why}"))
        if mapped:
            events.append((f"{eid}-council", date, f"{label} (Council region C)", mapped, srcs, "", ""))
    for eid, date, label, effects, srcs in EXTRA_EVENTS:
        events.append((eid, date, label, [(t, c, s, sg.RELATIVE_SD, why) for t, c, s, why in effects], srcs, "", ""))
    events.sort(key=lambda e: (e[1], e[0]))

    shocks = []
    for c in candidates:
        if sum(1 for o in candidates if o["post"] == c["post"]) > 1:
            shocks.append((f"conference-{c['id'].lower()}", f"the whole conference, on {c['name']}", "All",
                           c["id"], SHOCK_SCALE, SHOCK_REASON))

    for lid, post, (kind, arg), effects, _ in AFTER_RESULTS:
        for _, cand, _, _ in effects:
            if ballot_of[post_of[cand]] <= ballot_of[post]:
                fail(f"after-result link {lid}: {cand} is not voted on after post {post}")

    sources_all = {s["id"]: s for s in sc["sources"]}
    for s in sources:
        if s["id"] in sources_all:
            fail(f"source id {s['id']} of conference/sources.csv is already a source of the SG scenario")
        sources_all[s["id"]] = {"id": s["id"], "text": s["text"], "url": s["url"]}
    conf = {
        "posts": posts, "candidates": candidates, "prior": prior, "campaigns": campaigns, "events": events,
        "shocks": shocks, "groups": groups, "sources": [sources_all[k] for k in sorted(sources_all)],
        "post_of": post_of, "region_of": region_of, "contacts": contacts,
    }
    check_citations(conf)
    return conf


def check_citations(conf):
    ids = {s["id"] for s in conf["sources"]}
    texts = [t[6] for t in conf["prior"]] + [c["reason"] for c in conf["campaigns"]]
    texts += [t["basis"][1] for c in conf["campaigns"] for t in c["tactics"]]
    texts += [eff[4] for e in conf["events"] for eff in e[3]]
    texts += [DEAL["date_reason"], DEAL["breaks_reason"]] + [s[4] for s in DEAL["sides"]]
    texts += [link[4] for link in AFTER_RESULTS]
    groups = [[s for s in c["sources"].split(";") if s] for c in conf["candidates"]]
    groups += [[s for s in p["sources"].split(";") if s] for p in conf["posts"]]
    groups += [e[4] for e in conf["events"]]
    for text in texts:
        groups.append(sg.CITATION.findall(text))
    for group in groups:
        for cid in group:
            if cid not in ids:
                fail(f"cited source [{cid}] is in neither pp22_sources.csv nor conference/sources.csv")


# ===========================================================================
# Writing RON: the SG scenario's text, split into its top-level sections
# ===========================================================================

SECTION = re.compile(r"^    ([a-z_]+): ")


def sg_sections(text):
    """The top-level sections of the SG scenario's RON, each with the comment lines before it."""
    body = text[text.index("Scenario(\n") + len("Scenario(\n"):].rstrip("\n")
    if not body.endswith(")"):
        fail("unexpected end of the SG scenario text")
    lines = body[:-1].rstrip("\n").split("\n")
    sections, pending, current = {}, [], None
    for line in lines:
        m = SECTION.match(line)
        if m:
            current = m.group(1)
            sections[current] = pending + [line]
            pending = []
        elif line.startswith("    //"):
            pending.append(line)
        else:
            sections[current].append(line)
    return sections


def insert_before_close(lines, extra, closing):
    """Insert lines before the last `closing` lines of a section."""
    return lines[:-closing] + extra + lines[-closing:]


def fmt_target(t):
    return sg.sel(t)


def render_prior_terms(prior):
    out = []
    for tid, label, target, cand, weight, rel, reason in prior:
        out.append(f"            (id: {sg.q(tid)}, label: {sg.q(label)}, target: {fmt_target(target)}, "
                   f"candidate: {sg.q(cand)}, weight: {normal(weight, rel)},")
        out.append(f"                basis: {sg.basis(('Assumption', f'{reason}; {range_reason(rel)}'))}),")
    return out


def range_reason(rel):
    if rel == PP18_SD:
        return PP18_SD_REASON
    if rel == UNVERIFIED_RELATIVE_SD:
        return "range: sd equal to the size, since the fact behind it is not verified"
    if rel == sg.HOME_RELATIVE_SD:
        return "range: sd a quarter of the size (a home state's vote is the best known)"
    return sg.UNCERTAINTY_REASON


def render_campaigns(campaigns):
    out = []
    for c in campaigns:
        out += [
            "        (",
            f"            id: {sg.q(c['id'])},",
            f"            name: {sg.q(c['name'])},",
            f"            sponsor: {sg.q(c['sponsor'])},",
            f"            candidate: {sg.q(c['candidate'])},",
            f"            start: {sg.q(c['start'])},",
            f"            end: {sg.q(c['end'])},",
            f"            budget: {sg.lognormal_around(c['budget'])},",
            f"            strength: {sg.lognormal_around(c['strength'])},",
            f"            saturation: {sg.fmt_num(c['saturation'])},",
            f"            target: {sg.sel(c['target'])},",
        ]
        if c["tactics"]:
            out.append("            tactics: [")
            for t in c["tactics"]:
                end = f"end: {sg.q(t['end'])}, " if t["end"] else ""
                out.append(f"                // {t['comment']}")
                out.append(f"                (kind: {sg.tactic_kind(t['kind'])}, label: {sg.q(t['label'])},")
                out.append(f"                    start: {sg.q(t['start'])}, {end}target: {fmt_target(t['target'])}, "
                           f"effort: {sg.lognormal_around(t['effort'])},")
                out.append(f"                    basis: {sg.basis(t['basis'])}),")
            out.append("            ],")
        else:
            out.append("            tactics: [],")
        out.append(f"            basis: {sg.basis(('Assumption', c['reason']))},")
        out.append("        ),")
    return out


def event_reason(srcs, summary, unverified):
    text = sg.event_basis(srcs)
    if summary:
        text += f"; {summary}"
    if unverified:
        text += f"; unverified: {unverified}"
    return text


def render_events(events):
    out = []
    for eid, date, label, effects, srcs, summary, unverified in events:
        out += ["        (", f"            id: {sg.q(eid)},", f"            date: {sg.q(date)},",
                f"            label: {sg.q(label)},", "            effects: ["]
        for target, cand, shift, rel, reason in effects:
            out.append(f"                // {reason}")
            out.append(f"                (target: {fmt_target(target)}, candidate: {sg.q(cand)}, "
                       f"shift: {normal(shift, rel)}),")
        out += ["            ],", "            persistent: true,",
                f"            basis: {sg.basis(('Assumption', event_reason(srcs, summary, unverified)))},",
                "        ),"]
    return out


def render_shocks(shocks):
    out = []
    for sid, label, target, cand, scale, reason in shocks:
        out.append(f"        (id: {sg.q(sid)}, label: {sg.q(label)}, target: {sg.sel(target)}, candidate: "
                   f"{sg.q(cand)}, scale: {sg.fmt_num(scale)},")
        out.append(f"            basis: {sg.basis(('Assumption', reason))}),")
    return out


def render_posts(conf, sg_ballot):
    out = ["    // The posts, in ballot order (docs/PP22_CONFERENCE.md, Posts and rules).", "    posts: ["]
    for p in conf["posts"]:
        srcs = [s for s in p["sources"].split(";") if s]
        out.append("        // " + p["note"])
        out.append("        (")
        out.append(f"            id: {sg.q(p['id'])},")
        out.append(f"            name: {sg.q(p['name'])},")
        out.append(f"            ballot_date: {sg.q(p['ballot_date'])},")
        if p["rules"] == "sg-scenario":
            out += ["        " + line for line in sg_ballot]  # its comment, then `ballot: (...)`
        elif p["rules"] == "ItuCouncilRegion":
            out.append(f"            ballot: (preset: ItuCouncilRegion, seats: {p['seats']}, electorate: All,")
            out.append(f"                basis: {sg.basis(('Source', ['itu-pp06-council', 'itu-pr-2018-pr38']))}),")
        else:
            out.append(f"            ballot: (preset: {p['rules']}, basis: "
                       f"{sg.basis(('Source', ['itu-pp98-elections', 'agerpres-sarmas']))}),")
        out.append(f"            basis: {sg.basis(('Source', srcs))},")
        out.append("        ),")
    out.append("    ],")
    return out


def render_candidates(conf):
    out = ["    candidates: ["]
    for cid, name, home, colour in sg.CANDIDATES:
        out.append(f"        (id: {sg.q(cid)}, post: \"sg\", name: {sg.q(name)}, nominated_by: {sg.q(home)}, "
                   f"colour: {sg.q(colour)}),")
    for c in conf["candidates"]:
        if c["unverified"]:
            out.append(f"        // unverified: {c['unverified']}")
        out.append(f"        (id: {sg.q(c['id'])}, post: {sg.q(c['post'])}, name: {sg.q(c['name'])}, "
                   f"nominated_by: {sg.q(c['nominated_by'])}, colour: {sg.q(c['colour'])}),")
    out.append("    ],")
    return out


def render_deals():
    out = ["    // The reported US-EU arrangement (docs/PP22_CONFERENCE.md, The deal).", "    deals: [", "        ("]
    out.append(f"            id: {sg.q(DEAL['id'])},")
    out.append(f"            label: {sg.q(DEAL['label'])},")
    out.append(f"            // {DEAL['date_reason']}")
    out.append(f"            date: {sg.q(DEAL['date'])},")
    out.append("            sides: [")
    for party, backs, (mean, sd), (lo, hi), reason in DEAL["sides"]:
        out.append(f"                // {reason}")
        out.append(f"                (party: {sg.sel(party)}, backs: {sg.q(backs)}, "
                   f"shift: Normal(mean: {sg.fmt_num(mean)}, sd: {sg.fmt_num(sd)}), "
                   f"breaks: Uniform(lo: {sg.fmt_num(lo)}, hi: {sg.fmt_num(hi)})),")
    out.append("            ],")
    out.append(f"            basis: {sg.basis(('Assumption', DEAL['breaks_reason'] + '; ' + DEAL['date_reason']))},")
    out += ["        ),", "    ],"]
    return out


def condition(kind, arg):
    return f"{kind}({sg.q(arg)})"


def render_after_results():
    out = ["    // Results that feed later posts (docs/PP22_CONFERENCE.md, After-result links).", "    after_results: ["]
    for lid, post, (kind, arg), effects, reason in AFTER_RESULTS:
        out.append(f"        (id: {sg.q(lid)}, post: {sg.q(post)}, when: {condition(kind, arg)},")
        out.append("            effects: [" + ", ".join(
            f"(target: {sg.sel(t)}, candidate: {sg.q(c)}, shift: {normal(s, rel)})" for t, c, s, rel in effects)
            + "],")
        out.append(f"            basis: {sg.basis(('Assumption', reason + '; ' + LINK_RANGE_REASON))}),")
    out.append("    ],")
    return out


HEADER = """\
// The 2022 ITU Plenipotentiary Conference (PP-22, Bucharest) as a conference of
// linked elections: Secretary-General, Deputy Secretary-General, the three
// Bureau Directors and the Council's region C.
//
// GENERATED by scripts/gen_pp22_conference.py from scenarios/data/ and
// scenarios/data/conference/: edit the CSV files or the assumption tables in
// the script and rerun it; do not edit this file.
//
// The Secretary-General's race is that of scenarios/itu_pp22.ron, unchanged
// (states, blocs, features, prior terms, campaigns, events, params, shocks).
// The other posts add their candidates (with their nominating states), home
// and regional prior terms, a campaign per candidacy with the dated contacts
// found, the endorsements found as events, the reported US-EU deal and
// regional-balance links between posts. Every size is an assumption listed
// with its reason in docs/PP22_CONFERENCE.md. No number comes from the results
// of the 2022 votes; they are for scoring only.
//
// What it leaves out: the Radio Regulations Board and the Council's regions A,
// B, D and E (their candidates are not known); withdrawals between rounds;
// links between posts voted on the same day.
"""


def render_scenario(sc, conf):
    sections = sg_sections(sg.render_scenario(sc))
    L = [HEADER + "Scenario(", "    version: 2,", "    meta: ("]
    L.append('        name: "itu-pp22-conference",')
    L.append('        title: "ITU Plenipotentiary Conference 2022 (PP-22): the elections",')
    L.append("        description: " + sg.q(
        "The elections of PP-22 as linked posts: Secretary-General, Deputy, the Directors of BR, TSB and BDT and "
        "the Council's region C, voted by the same 193 Member States from 29 Sep to 3 Oct 2022, with the reported "
        "US-EU deal around the Deputy post and regional-balance links between posts.") + ",")
    L.append("        sources: [")
    for s in conf["sources"]:
        url = f", url: {sg.q(s['url'])}" if s["url"] else ""
        L.append(f"            (id: {sg.q(s['id'])}, text: {sg.q(s['text'])}{url}),")
    L += ["        ],", "    ),"]
    calendar = sections["calendar"]
    last = conf["posts"][-1]["ballot_date"]
    L += [line.replace(f'ballot: "{sg.BALLOT}"', f'ballot: "{last}"') for line in calendar]
    for name in ("regions", "features", "blocs"):
        L += sections[name]
    L += render_posts(conf, sections["ballot"])
    L += render_candidates(conf)
    L += sections["states"]
    L += insert_before_close(sections["prior"], render_prior_terms(conf["prior"]), 2)
    L += insert_before_close(sections["campaigns"], render_campaigns(conf["campaigns"]), 1)
    L += insert_before_close(sections["events"], render_events(conf["events"]), 1)
    L += render_deals()
    L += render_after_results()
    L += sections["params"]
    L += insert_before_close(sections["shocks"], render_shocks(conf["shocks"]), 1)
    L += sections["propensities"]
    known = {"version", "meta", "calendar", "regions", "features", "blocs", "candidates", "states", "prior",
             "campaigns", "events", "params", "ballot", "shocks", "propensities"}
    if set(sections) != known:
        fail(f"the SG scenario has sections this script does not place: {sorted(set(sections) - known)}")
    L.append(")")
    return "\n".join(L) + "\n"


# ===========================================================================
# Writing the generated parts of docs/PP22_CONFERENCE.md
# ===========================================================================


def doc_posts(conf):
    L = ["| post | ballot | rules | seats | candidates (nominating state) | sources |", "|---|---|---|---|---|---|"]
    for p in conf["posts"]:
        if p["id"] == "sg":
            names = [f"{name} ({home})" for _, name, home, _ in sg.CANDIDATES]
            rules = "as scenarios/itu_pp22.ron (DropLowest, at most 5 rounds)"
        else:
            names = [f"{c['name']} ({c['nominated_by']})" for c in conf["candidates"] if c["post"] == p["id"]]
            rules = f"`{p['rules']}`"
        srcs = ", ".join(f"[{s}]" for s in p["sources"].split(";") if s)
        L.append(f"| {sg.md(p['name'])} (`{p['id']}`) | {p['ballot_date']} | {rules} | {p['seats']} | "
                 f"{sg.md(', '.join(names))} | {srcs} |")
    L.append("")
    L.append("| candidate | post | background before the vote | announced (or the date used) | unverified |")
    L.append("|---|---|---|---|---|")
    for c in conf["candidates"]:
        L.append(f"| `{c['id']}` {sg.md(c['name'])} | {c['post']} | {sg.md(c['background'])} "
                 f"({', '.join(f'[{s}]' for s in c['sources'].split(';') if s)}) | {c['announced']} | "
                 f"{sg.md(c['unverified']) or '-'} |")
    return "\n".join(L)


def doc_assumptions(conf):
    L = ["Sizes in utility units (one unit multiplies a state's odds by e). Each run of an ensemble draws each size "
         "from the range given; the Secretary-General's assumptions are those of docs/PP22.md.", ""]
    L += ["**Prior terms**", "", "| id | who | candidate | weight | range | reason |", "|---|---|---|---|---|---|"]
    for tid, _, target, cand, weight, rel, reason in conf["prior"]:
        L.append(f"| `{tid}` | `{sg.md(sg.sel(target))}` | {cand} | {sg.fmt_num(weight)} | `{normal(weight, rel)}` | "
                 f"{sg.md(sg.citations_to_md(reason))} |")
    L += ["", "**Campaigns** (budget and strength drawn from LogNormal(median: the value, sigma: "
          f"{sg.fmt_num(sg.CAMPAIGN_SIGMA)}); shift = strength x (1 - exp(-effort / saturation)))", "",
          "| campaign | sponsor | for | days | budget | strength | target | tactics | reason |",
          "|---|---|---|---|---|---|---|---|---|"]
    for c in conf["campaigns"]:
        L.append(f"| `{c['id']}` | {c['sponsor']} | {c['candidate']} | {c['start']} to {c['end']} | "
                 f"{sg.fmt_num(c['budget'])} | {sg.fmt_num(c['strength'])} | `{sg.md(sg.sel(c['target']))}` | "
                 f"{len(c['tactics'])} | {sg.md(sg.citations_to_md(c['reason']))} |")
    L += ["", "**Dated contacts** (tactics; effort per target as for the contacts of the Secretary-General's race)", "",
          "| date | sponsor | for | kind | target | what | sources | unverified |", "|---|---|---|---|---|---|---|---|"]
    for r in conf["contacts"]:
        L.append(f"| {r['date_start']} | {r['sponsor']} | {r['candidate']} | {r['kind']} | `{sg.md(r['target'])}` | "
                 f"{sg.md(r['summary'])} | {', '.join(f'[{s}]' for s in r['sources'].split(';') if s)} | "
                 f"{sg.md(r['unverified']) or '-'} |")
    L += ["", "**Events** (all persistent)", "", "| event | date | who | candidate | shift | range | reason |",
          "|---|---|---|---|---|---|---|"]
    for eid, date, _, effects, _, _, _ in conf["events"]:
        for target, cand, shift, rel, reason in effects:
            L.append(f"| `{eid}` | {date} | `{sg.md(sg.sel(target))}` | {cand} | {sg.fmt_num(shift)} | "
                     f"`{normal(shift, rel)}` | {sg.md(sg.citations_to_md(reason))} |")
    L += ["", f"**Shocks**: each candidate of a contested post other than the Secretary-General gets a conference-wide "
          f"swing Normal(0, {sg.fmt_num(SHOCK_SCALE)}), drawn once per run ({sg.md(SHOCK_REASON)}).", ""]
    L += ["**Groups of states** used as targets", "", "| group | members | basis |", "|---|---|---|"]
    for g in conf["groups"].values():
        L.append(f"| `{g['id']}` {sg.md(g['name'])} | {len(g['codes'])} | {sg.md(g['basis'])} |")
    return "\n".join(L)


def doc_prior_lean(sc, conf):
    """Expected first-round votes from the prior terms alone, if all 193 states voted (central values)."""
    temperature = next(v for n, v, _, _ in sg.PARAMS if n == "temperature")
    L = ["Where the states start, from the prior terms alone (central values, before any event, campaign, deal or "
         "link): the expected votes of each candidate if all 193 states voted, each state choosing with the "
         "probabilities of its prior utilities at the scenario's temperature. For the Council, where a state names "
         "up to five, the mean prior utility over the states instead. A reading aid only: the model's runs add "
         "everything else.", "", "| post | candidate | prior only |", "|---|---|---|"]
    for p in conf["posts"]:
        if p["id"] == "sg":
            continue
        cands = [c["id"] for c in conf["candidates"] if c["post"] == p["id"]]
        totals = {c: 0.0 for c in cands}
        for st in sc["states"]:
            u = {c: sum(t[4] for t in conf["prior"] if t[3] == c and sg.matches(t[2], st)) for c in cands}
            if p["seats"] != "1":
                for c in cands:
                    totals[c] += u[c] / len(sc["states"])
                continue
            top = max(u.values())
            z = sum(math.exp((x - top) / temperature) for x in u.values())
            for c in cands:
                totals[c] += math.exp((u[c] - top) / temperature) / z
        for c in cands:
            value = f"{totals[c]:.0f} votes" if p["seats"] == "1" else f"mean utility {totals[c]:+.2f}"
            L.append(f"| {p['id']} | {c} | {value} |")
    return "\n".join(L)


def doc_links():
    L = ["| side | party | backs | shift | breaks | reason |", "|---|---|---|---|---|---|"]
    for i, (party, backs, (mean, sd), (lo, hi), reason) in enumerate(DEAL["sides"]):
        L.append(f"| {i} | `{sg.md(sg.sel(party))}` | {backs} | `Normal(mean: {sg.fmt_num(mean)}, sd: {sg.fmt_num(sd)})` "
                 f"| `Uniform(lo: {sg.fmt_num(lo)}, hi: {sg.fmt_num(hi)})` | {sg.md(reason)} |")
    L += ["", f"Date {DEAL['date']}: {sg.citations_to_md(DEAL['date_reason'])}. Breaking: "
          f"{sg.citations_to_md(DEAL['breaks_reason'])}.", ""]
    L += ["| link | after post | when | then | shift | reason |", "|---|---|---|---|---|---|"]
    for lid, post, (kind, arg), effects, reason in AFTER_RESULTS:
        for t, c, s, rel in effects:
            L.append(f"| `{lid}` | {post} | `{kind}(\"{arg}\")` | `{sg.md(sg.sel(t))}` on {c} | `{normal(s, rel)}` | "
                     f"{sg.md(reason)} |")
    return "\n".join(L)


def fill_doc(text, sections):
    for name, body in sections.items():
        begin = f"<!-- BEGIN GENERATED {name} -->"
        end = f"<!-- END GENERATED {name} -->"
        pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
        if not pattern.search(text):
            fail(f"docs/PP22_CONFERENCE.md lacks the markers of section {name}")
        text = pattern.sub(lambda _m: f"{begin}\n{body}\n{end}", text)
    return text


def outputs():
    sc = sg.build()
    conf = build(sc)
    files = {SCENARIO: render_scenario(sc, conf)}
    if not DOC.exists():
        fail("docs/PP22_CONFERENCE.md is missing (it holds the hand-written text around the generated sections)")
    files[DOC] = fill_doc(DOC.read_text(encoding="utf-8"), {
        "posts": doc_posts(conf),
        "assumptions": doc_assumptions(conf),
        "links": doc_links(),
        "prior-lean": doc_prior_lean(sc, conf),
        "sources": sg.source_list({"sources": read("sources.csv")}),
    })
    return files


def main(argv):
    check = "--check" in argv[1:]
    if [a for a in argv[1:] if a != "--check"]:
        print(__doc__, file=sys.stderr)
        return 2
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(str(path.relative_to(ROOT)))
            if not check:
                with open(path, "w", encoding="utf-8", newline="\n") as f:
                    f.write(text)
    if check:
        if stale:
            print("gen_pp22_conference: out of date (run python3 scripts/gen_pp22_conference.py): "
                  + ", ".join(stale), file=sys.stderr)
            return 1
        print("gen_pp22_conference: generated files are up to date")
        return 0
    print("gen_pp22_conference: wrote " + (", ".join(stale) if stale else "nothing (all up to date)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
