#!/usr/bin/env python3
"""Generate the PP-22 case from its data.

Reads the CSV files in scenarios/data/ and writes, deterministically:

  scenarios/itu_pp22.ron           the scenario
  scenarios/what-if/*.ron          the what-ifs (their numbers follow the base)
  docs/PP22.md                     only the sections between the GENERATED markers

A corrected fact is one CSV edit and a rerun of this script. The modelling
assumptions (weights, shifts, budgets, strengths, efforts, cohesions, params)
are the tables in the ASSUMPTIONS part below; each carries its reason.

Usage:
  python3 scripts/gen_pp22.py           write the files
  python3 scripts/gen_pp22.py --check   exit 1 if a committed file differs

Python 3 standard library only.
"""

import csv
import datetime as dt
import hashlib
import math
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "scenarios" / "data"
SCENARIO = ROOT / "scenarios" / "itu_pp22.ron"
WHAT_IF_DIR = ROOT / "scenarios" / "what-if"
DOC = ROOT / "docs" / "PP22.md"

# ---------------------------------------------------------------------------
# Fixed facts of the case (from scenarios/data/pp22_context.md)
# ---------------------------------------------------------------------------

CAL_START = "2022-01-01"
BALLOT = "2022-09-29"  # the Secretary-General ballot, first election of PP-22
CONFERENCE_START = "2022-09-26"
CONFERENCE_END = "2022-10-14"
LAST_CAMPAIGN_DAY = "2022-09-28"  # campaigns end the day before the ballot

# ITU administrative regions. The nine states whose region no source confirmed
# go to a region of their own, "U", so that the gap stays visible (see the
# README of scenarios/data: by the official sizes, seven of them are in B and
# two in E, but which ones is not known).
REGIONS = [
    ("A", "Americas"),
    ("B", "Western Europe"),
    ("C", "Eastern Europe and Northern Asia"),
    ("D", "Africa"),
    ("E", "Asia and Australasia"),
    ("U", "Region not verified"),  # by the official sizes: 7 of these in B, 2 in E
]
OFFICIAL_REGION_SIZES = {"A": 35, "B": 33, "C": 21, "D": 54, "E": 50}

# Bloc columns of blocs_2022.csv -> (scenario id, name, membership sources).
BLOCS = [
    ("apt", "APT", "Asia-Pacific Telecommunity", ["apt-count"]),
    ("asmg", "ASMG", "Arab Spectrum Management Group", ["asmg-tra"]),
    ("atu", "ATU", "African Telecommunications Union", ["atu-lists"]),
    ("cept", "CEPT", "European Conference of Postal and Telecommunications Administrations", ["cept-members"]),
    ("citel", "CITEL", "Inter-American Telecommunication Commission", ["citel-members"]),
    ("rcc", "RCC", "Regional Commonwealth in the Field of Communications", ["rcc-members"]),
    ("eu", "EU", "European Union", []),
    ("au", "AU", "African Union", ["au-membership"]),
    ("arab_league", "ARAB", "League of Arab States", ["arab-league-lists"]),
]

CANDIDATES = [
    ("BM", "Doreen Bogdan-Martin", "USA", "#1f77b4"),
    ("RI", "Rashid Ismailov", "RUS", "#d62728"),
]

VOTE_VALUES = ["yes", "no", "abstain", "absent", "not_un_member"]
FEATURES = [
    (
        "un_group",
        "UN regional (electoral) group",
        ["African", "Asia-Pacific", "EEG", "GRULAC", "WEOG", "Other"],
        "un_regional_group",
        ["un-regional-groups"],
    ),
    (
        "unga_68_262",
        "Vote on UNGA 68/262 'Territorial integrity of Ukraine', 27 Mar 2014 (100-11-58, 24 absent)",
        VOTE_VALUES,
        "unga_68_262",
        ["unwatch-68-262", "ukraine-viz"],
    ),
    (
        "unga_es11_1",
        "Vote on UNGA ES-11/1 'Aggression against Ukraine', 2 Mar 2022 (141-5-35, 12 absent)",
        VOTE_VALUES,
        "unga_es11_1",
        ["ukraine-viz", "rubryka-es11-1"],
    ),
    (
        "unga_es11_3",
        "Vote on UNGA ES-11/3, suspension of Russia from the Human Rights Council, 7 Apr 2022 "
        "(93-24-58, 18 absent); 'unknown' where no per-country record was found",
        VOTE_VALUES + ["unknown"],
        "unga_es11_3",
        ["tass-es11-3", "wiki-es11-3", "es11-3-press"],
    ),
    (
        "dfi",
        "Endorsed the Declaration for the Future of the Internet at its launch, 28 Apr 2022",
        ["yes", "no"],
        "dfi_signatory",
        ["wh-dfi-2022-04-28"],
    ),
]

GLOBAL_SOUTH = ("Feature", "un_group", ["African", "Asia-Pacific", "GRULAC"])
# The five states that voted against ES-11/1 are out of reach of Western lobbying.
WEST_CAN_REACH = ("Not", ("Feature", "unga_es11_1", ["no"]))

# ===========================================================================
# ASSUMPTIONS
#
# Every number below is a modelling assumption, not a measurement. Units: one
# utility unit multiplies a state's odds between the two candidates by e (at
# temperature 1); a difference of 2 gives the favourite about 88%. Effort is
# in effort units: a campaign's shift in a state is
# strength * (1 - exp(-effort / saturation)).
# The priors use only what was known before 2022. Source ids in [brackets]
# must exist in scenarios/data/pp22_sources.csv or be a contact's source.
# ===========================================================================

# Prior terms: (id, label, target, candidate, weight, reason)
PRIOR_TERMS = [
    (
        "bdt-director",
        "serving BDT Director",
        "All",
        "BM",
        0.3,
        "Bogdan-Martin was the elected Director of the ITU Development Bureau, known to delegations "
        "through its work; Ismailov had left government for industry [trend-2021-04-07]; size assumed",
    ),
    (
        "crimea-yes",
        "Crimea vote 2014: yes",
        ("Feature", "unga_68_262", ["yes"]),
        "BM",
        0.6,
        "voting for Ukraine's territorial integrity in 2014 [unwatch-68-262] marks distance from "
        "Russia's positions; the strongest pre-2022 signal in the data, kept moderate because many "
        "non-aligned states also voted yes",
    ),
    (
        "crimea-no",
        "Crimea vote 2014: no",
        ("Feature", "unga_68_262", ["no"]),
        "RI",
        1.5,
        "the 11 states that voted with Russia in 2014 [unwatch-68-262] are its closest partners",
    ),
    (
        "crimea-abstain",
        "Crimea vote 2014: abstain",
        ("Feature", "unga_68_262", ["abstain"]),
        "RI",
        0.2,
        "abstaining in 2014 was a mild refusal to side against Russia",
    ),
    (
        "weog",
        "UN group WEOG",
        ("Feature", "un_group", ["WEOG"]),
        "BM",
        0.8,
        "the Western European and Others Group includes the United States and votes with it on "
        "most contested UN elections; size assumed",
    ),
    (
        "eu-member",
        "EU member",
        ("Blocs", ["EU"]),
        "BM",
        0.4,
        "EU members coordinate their foreign policy with the United States more than the rest of "
        "WEOG; size assumed",
    ),
    (
        "citel-member",
        "CITEL member",
        ("Blocs", ["CITEL"]),
        "BM",
        0.2,
        "the candidate's own regional organisation [citel-members]; a weak tie, since CITEL also "
        "holds states close to Russia",
    ),
    (
        "rcc-member",
        "RCC member",
        ("Blocs", ["RCC"]),
        "RI",
        1.2,
        "the Russian-led Regional Commonwealth in Communications [rcc-members] works in Russian and "
        "prepares common positions; Ismailov was a Russian deputy minister [trend-2021-04-07]",
    ),
    (
        "home-usa",
        "home state",
        ("States", ["USA"]),
        "BM",
        6.0,
        "a nominating state votes for its own candidate [state-us-support]",
    ),
    (
        "home-rus",
        "home state",
        ("States", ["RUS"]),
        "RI",
        6.0,
        "a nominating state votes for its own candidate [trend-2021-04-07]",
    ),
    (
        "sponsor-chn",
        "campaign sponsor",
        ("States", ["CHN"]),
        "RI",
        1.5,
        "the scenario assumes that China backs Ismailov (campaign cn-support); a sponsor votes for "
        "the candidate it campaigns for. No Chinese statement on the race was found",
    ),
    (
        "sponsor-ltu",
        "campaign sponsor",
        ("States", ["LTU"]),
        "BM",
        1.5,
        "the scenario assumes an EU-US exchange of support around Lithuania's Deputy "
        "Secretary-General candidate [lithuania-2021-05-05] (campaign eu-support); a sponsor votes "
        "for the candidate it campaigns for",
    ),
]

# Bloc cohesion: weight of each bloc's pull on its members, relative to the others.
BLOC_COHESION = {
    "APT": (0.6, "a large and diverse organisation; its common proposals cover technical matters more than elections"),
    "ASMG": (1.0, "Arab administrations prepare common proposals for ITU conferences; middle value"),
    "ATU": (1.0, "African common proposals are prepared for every ITU conference; middle value"),
    "CEPT": (1.2, "European Common Proposals are coordinated closely before each Plenipotentiary"),
    "CITEL": (0.8, "Inter-American proposals are coordinated, but CITEL spans the United States and its critics"),
    "RCC": (1.5, "Russian-led, one working language, close coordination of candidatures"),
    "EU": (1.5, "EU members coordinate positions in UN bodies through the Council"),
    "AU": (1.0, "the AU coordinates candidatures (it endorsed a BDT candidate in Feb 2022, per "
                "campaign_contacts_2022.md); no AU position on this race was found"),
    "ARAB": (0.8, "Arab League members consult, with less ITU-specific coordination than ASMG"),
}

# Events: the effects of dated happenings that no campaign controls.
# (id, date, label, [(target, candidate, shift, reason)], persistent, sources)
EVENTS = [
    (
        "invasion",
        "2022-02-24",
        "Russia invades Ukraine",
        [
            (("Feature", "unga_es11_1", ["yes"]), "RI", -1.0,
             "states that condemned the invasion on ES-11/1 turn from a Russian candidate; the "
             "invasion's effect on each state follows its ES-11/1 vote, so the vote is not counted twice"),
            (("Feature", "unga_es11_1", ["abstain", "absent"]), "RI", -0.2,
             "even abstainers saw that sanctions would hamper a Russian Secretary-General, as Ismailov "
             "said of his own campaign [sputnik-jp-2022-03-24]"),
            (("Feature", "unga_es11_1", ["no"]), "RI", 1.0,
             "the states that voted no stood with Russia in public, at a high diplomatic cost"),
            (("States", ["UKR"]), "RI", -3.0,
             "the invaded state; it asked others not to support any Russian candidate [cedaily-2022-03-14]"),
        ],
        True,
        ["wh-2022-03-02", "ukraine-viz", "rubryka-es11-1"],
    ),
    (
        "es11-1",
        "2022-03-02",
        "UNGA ES-11/1 condemns the invasion",
        [
            (("Feature", "unga_es11_1", ["abstain", "absent"]), "RI", -0.15,
             "the size of the majority showed Russia's isolation; fence-sitters move a little toward it. "
             "States that voted yes or no are moved by the invasion event instead"),
        ],
        True,
        ["rubryka-es11-1", "ukraine-viz"],
    ),
    (
        "wtsa20",
        "2022-03-09",
        "WTSA-20: Russia loses ITU-T posts",
        [
            ("All", "RI", -0.15,
             "a first defeat of Russian candidates inside the ITU itself [cedaily-2022-03-14]: a signal "
             "that a Russian candidate may not win"),
        ],
        True,
        ["cedaily-2022-03-14", "rcc-wtsa20"],
    ),
    (
        "es11-3",
        "2022-04-07",
        "UNGA ES-11/3: Russia out of the HRC",
        [
            (("Feature", "unga_es11_3", ["yes"]), "RI", -0.3,
             "voting to suspend Russia is a second, costlier break with it"),
            (("Feature", "unga_es11_3", ["no"]), "RI", 0.5,
             "the 24 states that voted no sided with Russia despite its isolation"),
        ],
        True,
        ["tass-es11-3", "wiki-es11-3", "es11-3-press"],
    ),
    (
        "ecosoc",
        "2022-04-13",
        "Russia loses four ECOSOC elections",
        [
            ("All", "RI", -0.1,
             "Russian candidates lost every UN subsidiary-body election they contested "
             "[hindu-2022-04-14]: the same signal as WTSA-20, outside the ITU"),
        ],
        True,
        ["hindu-2022-04-14"],
    ),
    (
        "dfi",
        "2022-04-28",
        "Internet declaration (DFI) launched",
        [
            (("Feature", "dfi", ["yes"]), "BM", 0.3,
             "endorsers signed up to a US-led vision of the Internet [wh-dfi-2022-04-28]; treated as an "
             "event, since endorsing was the states' own act"),
        ],
        True,
        ["wh-dfi-2022-04-28"],
    ),
    (
        "wtdc22",
        "2022-06-16",
        "WTDC-22 Kigali closes",
        [
            ("All", "BM", 0.15,
             "the first WTDC in Africa, 150 Member States, run by the BDT under Bogdan-Martin "
             "[etradeforall-wtdc22]: a showcase for the candidate. The US delegation's reception and "
             "pledge there are tactics of the US campaigns"),
        ],
        True,
        ["itu-pr-2022-06-06", "etradeforall-wtdc22"],
    ),
]

# Campaigns. Budgets are effort units per day, shared equally among the day's
# targets. Swing(among, n): the n states of `among` nearest to indifference.
# (id, name, sponsor, candidate, start, end, budget, strength, saturation, target, reason)
CAMPAIGNS = [
    (
        "us-advocacy", "US advocacy outside Africa", "USA", "BM", CAL_START, LAST_CAMPAIGN_DAY,
        2.0, 1.0, 10.0, ("Swing", ("AllOf", [("Not", ("Blocs", ["AU"])), WEST_CAN_REACH]), 30),
        "US support was declared in Mar 2021 [state-us-support]; the steady effort stands for "
        "embassy demarches (none documented) on the states nearest to indifference. General "
        "diplomacy (Blinken's trips and others) is assumed to have carried the campaign; no source "
        "links those trips to the ITU vote",
    ),
    (
        "us-africa", "US campaign in Africa", "USA", "BM", CAL_START, LAST_CAMPAIGN_DAY,
        1.0, 1.0, 10.0, ("Swing", ("AllOf", [("Blocs", ["AU"]), WEST_CAN_REACH]), 15),
        "a separate campaign so that a what-if can remove it: the Blinken and Thomas-Greenfield "
        "trips to African states and the WTDC-22 reception in Kigali; budget per targeted state as "
        "in us-advocacy",
    ),
    (
        "us-conference", "US delegation at PP-22", "USA", "BM", CONFERENCE_START, LAST_CAMPAIGN_DAY,
        40.0, 0.5, 5.0, ("Swing", WEST_CAN_REACH, 40),
        "the large US delegation (FCC Chair Rosenworcel, Under Secretary Fernandez and others) "
        "campaigned in Bucharest before the ballot; its meetings were not listed, so they go to the "
        "40 states nearest to indifference",
    ),
    (
        "eu-support", "EU support in exchange for the Deputy post", "LTU", "BM", CAL_START, LAST_CAMPAIGN_DAY,
        0.5, 0.5, 10.0, ("Swing", ("AllOf", [("Not", ("Blocs", ["EU"])), WEST_CAN_REACH]), 20),
        "an assumed deal: EU states back Bogdan-Martin, the US backs Lithuania's Tomas Lamanauskas "
        "for Deputy [lithuania-2021-05-05]. No EU statement for either candidate was found; the "
        "sponsor is Lithuania, whose candidate the deal serves",
    ),
    (
        "ru-outreach", "Russian outreach to the Global South", "RUS", "RI", CAL_START, LAST_CAMPAIGN_DAY,
        1.5, 1.0, 10.0, ("Swing", GLOBAL_SOUTH, 30),
        "Russia's campaign, carried by Lavrov's trips (assumed, as no source links them to the vote) "
        "and Ministry statements; a smaller budget than the US one because sanctions hampered the "
        "candidate's travel and payments [sputnik-jp-2022-03-24]",
    ),
    (
        "ru-conference", "Russian bilaterals at PP-22", "RUS", "RI", CONFERENCE_START, LAST_CAMPAIGN_DAY,
        20.0, 0.5, 5.0, ("Swing", GLOBAL_SOUTH, 30),
        "the delegation reported meetings with more than 10 African, Arab, Asian and Latin American "
        "states and 20 more planned, names not given: 30 swing states of those groups; a smaller "
        "delegation than the US one (Romania annulled 14 Russian delegates' visas, per "
        "campaign_contacts_2022.md)",
    ),
    (
        "cn-support", "China backs Ismailov", "CHN", "RI", CAL_START, LAST_CAMPAIGN_DAY,
        0.5, 0.5, 10.0, ("Swing", ("AnyOf", [("Blocs", ["APT"]), ("Blocs", ["AU"])]), 15),
        "assumed: China voted no on ES-11/3 [tass-es11-3] and met many delegations at PP-22, but no "
        "Chinese position on the race was found; weak and spread over Asia-Pacific and African states",
    ),
]

# Dated contacts of campaign_contacts_2022.csv become tactics. Effort per
# target for each kind of contact; a contact spread over several days delivers
# its effort over those days.
CONTACT_KINDS = {
    # csv kind: (TacticKind, effort, reason)
    "visit": ("EnvoyVisit", 6.0,
              "a minister's visit to a capital, the strongest contact: about 45% of a campaign's "
              "strength at saturation 10"),
    "meeting": ("EnvoyVisit", 4.0, "a bilateral meeting away from the capital, shorter than a visit"),
    "summit": ("Summit", 2.0, "a multilateral meeting: attention shared with many states and topics"),
    "statement": ("Statement", 1.0, "a public statement reaches every delegation but weakly"),
    "pledge": ("FinancePledge", 2.0, "a pledge to developing countries, addressed to all"),
}

# Contacts that are not tactics, with the reason. Key: (date_start, sponsor, target, kind).
SKIPPED_CONTACTS = {
    ("2022-02-25", "USA", "RWA", "meeting"):
        "the candidate met President Kagame as BDT Director to prepare WTDC-22, not for the US campaign",
    ("2022-09-27", "CHN", "ALL", "statement"):
        "China's PP-22 policy statement took no position on the race",
}

# The rows that campaign_contacts_2022.md names as explicitly about the ITU
# race; every other contact is general diplomacy, assumed to carry the campaign.
ITU_RACE_CONTACTS = {
    ("2022-03-23", "RUS", "ALL", "statement"),
    ("2022-06-04", "USA", "ALL", "statement"),
    ("2022-06-06", "USA", "RWA", "meeting"),
    ("2022-09-20", "RUS", "ALL", "statement"),
    ("2022-09-20", "USA", "ALL", "statement"),
    ("2022-09-22", "USA", "ALL", "statement"),
    ("2022-09-25", "RUS", "ALL", "statement"),
    ("2022-09-26", "RUS", "UNK", "meeting"),
    ("2022-09-27", "RUS", "ALL", "statement"),
    ("2022-09-27", "USA", "ROU", "meeting"),
}

# Rows with target UNK (counterparts not named) are the reason for a conference
# campaign's Swing target, not tactics of their own.
UNK_CAMPAIGN = {"USA": "us-conference", "RUS": "ru-conference"}

# Tactics that are not contact rows.
# (campaign, kind, label, start, end, target, effort, sources, reason)
EXTRA_TACTICS = [
    (
        "ru-outreach", ("Pressure", 0.5), "Russian warning before the ES-11/3 vote", "2022-04-07", None,
        GLOBAL_SOUTH, 2.0, ["tass-es11-3", "wiki-es11-3"],
        "Russia's mission warned that yes votes and abstentions would affect bilateral relations; "
        "pressure on the Global South that backfires half the time",
    ),
]

# Model parameters: name -> (value, basis kind, basis text or source ids)
PARAMS = [
    ("temperature", 1.0, "Assumption", "the unit of utility: one unit multiplies the odds by e"),
    ("stubbornness", 0.05, "Assumption",
     "each day a state moves 5% back toward its anchor: shocks without a persistent part fade in weeks"),
    ("peer_influence", 0.01, "Assumption",
     "capitals consult their blocs now and then before the conference: 1% of the way to the peers a day"),
    ("conference_peer_influence", 0.1, "Assumption",
     "delegations meet daily at the conference: 10% a day, ten times the pre-conference rate"),
    ("noise", 0.05, "Assumption", "small daily drift of intentions, in utility units per sqrt(day)"),
    ("abstention", 0.01, "Source", ["gulfnews-2018-11-01"]),
    ("attendance", 0.92, "Source",
     ["itu-pr-2006-11-10", "itu-pr-2010-10-07", "itu-pr-2014-10-27", "gulfnews-2018-11-01"]),
    ("pledge_threshold", 0.8, "Assumption", "a state says publicly how it will vote once it is 80% sure"),
    ("defection", 0.3, "Assumption",
     "in a secret ballot pledges bind weakly: 30% of pledged states vote their private intention"),
]
PARAM_NOTES = {
    "abstention": "PP-18: 176 votes for an unopposed candidate from 178 ballot papers, about 1% blank or invalid; the range is centred on 2% for a contested race",
    "attendance": "PP-18 alone: 178 ballot papers from 193 Member States, 92%; the range uses all four earlier SG elections",
}

# ---------------------------------------------------------------------------
# Uncertainty: every assumption above is a central value; each run of an
# ensemble draws its own value from the range below (docs/PP22.md,
# "Uncertainty"). The ranges use only what was known before 29 Sep 2022.
# ---------------------------------------------------------------------------

# A size that the sources do not give is known, at best, to within about a
# factor of two: prior weights and event shifts are Normal with a standard
# deviation of half their size; a home state's weight (it votes for its own
# candidate) a quarter.
RELATIVE_SD = 0.5
HOME_RELATIVE_SD = 0.25
# Campaign strengths, budgets and tactic efforts, and bloc cohesions, are
# positive and skewed: LogNormal around the central value with sigma 0.5 (a
# factor of 1.65 either way for one sd).
CAMPAIGN_SIGMA = 0.5
UNCERTAINTY_REASON = (
    "range: the size is an assumption known to within about a factor of two "
    "(sd half the size; docs/PP22.md, Uncertainty)"
)

# Turnout at the four earlier Secretary-General elections [pp06 .. pp18]:
# delegations present and voting (2006, 2010, 2014) or ballot papers (2018)
# over the Member States then.
EARLIER_TURNOUT = [(2006, 155, 191), (2010, 157, 192), (2014, 152, 193), (2018, 178, 193)]


def turnout_mean_sd():
    shares = [v / n for _, v, n in EARLIER_TURNOUT]
    mean = sum(shares) / len(shares)
    sd = (sum((x - mean) ** 2 for x in shares) / (len(shares) - 1)) ** 0.5
    return mean, sd


# Distributions of the parameters: name -> (RON distribution, reason for the range)
def param_distributions():
    mean, sd = turnout_mean_sd()
    turnout = ", ".join(f"{y}: {v} of {n}" for y, v, n in EARLIER_TURNOUT)
    return {
        "temperature": None,  # the unit of utility: fixed by definition
        "stubbornness": ("BetaMeanSd(mean: 0.05, sd: 0.02)",
                         "range assumed: shocks fade in two to five weeks"),
        "peer_influence": ("BetaMeanSd(mean: 0.01, sd: 0.005)",
                           "range assumed: half to twice the central daily pull"),
        "conference_peer_influence": ("BetaMeanSd(mean: 0.1, sd: 0.04)",
                                      "range assumed: 5% to 20% a day at the conference"),
        "noise": ("LogNormal(median: 0.05, sigma: 0.5)",
                  "range assumed: a factor of 1.65 either way"),
        "abstention": ("BetaMeanSd(mean: 0.02, sd: 0.01)",
                       "conference-wide rate of blank papers: PP-18's 1% was an unopposed race; a polarised "
                       "race between the US and Russian candidates gives cautious delegations a reason to cast "
                       "a blank paper, so the range is centred on 2% (0.5% to 4%)"),
        "attendance": (f"BetaMeanSd(mean: {mean:.3f}, sd: {sd:.3f})",
                       f"share of Member States present and voting at the four earlier SG elections ({turnout}): "
                       f"mean {mean:.3f}, sd {sd:.3f}, about {sd * 193:.0f} delegations"),
        "pledge_threshold": ("Uniform(lo: 0.7, hi: 0.9)", "range assumed"),
        "defection": ("Triangular(lo: 0.1, mode: 0.3, hi: 0.5)",
                      "range assumed: a secret ballot binds weakly, but most pledges hold"),
    }


# Group shocks: (id, label, target, candidate, scale, reason). A swing shared
# by a region (or the whole conference) that the priors and events miss.
SHOCKS = [
    ("conference", "the whole conference", "All", "BM", 0.3,
     "the collective mood of the conference, unknown beforehand: a swing of 0.3 utility units moves an "
     "even state's vote probability by about 7 percentage points"),
] + [
    (f"region-{rid.lower()}", f"region {rid} ({name})", ("Regions", [rid]), "BM", 0.3,
     f"states of region {rid} err together (regional consultations, shared briefings): the same scale as the "
     "conference-wide swing")
    for rid, name in [r for r in REGIONS if r[0] != "U"]
]

# Per-state propensities (logit scale) around the conference-wide rates.
BLANK_TERMS = [
    ("es11-1-abstain", "abstained on ES-11/1", ("Feature", "unga_es11_1", ["abstain"]),
     "Uniform(lo: 0, hi: 1.5)",
     "a state that abstained on the March 2022 resolution on the war [rubryka-es11-1] avoided taking sides; in a "
     "secret ballot between the US and Russian candidates it is likelier to cast a blank paper (up to 4.5 times "
     "the odds)"),
]
PROPENSITY_SPREAD = ("Uniform(lo: 0, hi: 0.5)",
                     "per-state variation around the conference-wide rate, on the logit scale: assumed")


def normal_around(x, rel):
    return f"Normal(mean: {fmt_num(x)}, sd: {fmt_num(round(rel * abs(x), 6))})" if x != 0 else fmt_num(x)


def lognormal_around(x):
    return f"LogNormal(median: {fmt_num(x)}, sigma: {fmt_num(CAMPAIGN_SIGMA)})" if x > 0 else fmt_num(x)


def weight_distribution(tid, weight):
    return normal_around(weight, HOME_RELATIVE_SD if tid.startswith("home-") else RELATIVE_SD)


BALLOT_RULES = (
    "DropLowest", 5,
    ["itu-pp98-elections", "itu-pp06-results", "itu-pp02-elections", "agerpres-sarmas"],
)

# ===========================================================================
# What-ifs, generated so that their numbers follow the base.
# (file stem, name, title, description, header lines, disable, set)
# ===========================================================================


def what_ifs(campaigns):
    budgets = {c["id"]: c["budget"] for c in campaigns}
    russian = [c["id"] for c in campaigns if c["sponsor"] == "RUS"]
    return [
        (
            "no_invasion",
            "itu-pp22-no-invasion",
            "PP-22 without the invasion of Ukraine",
            "The base case without the invasion of 24 Feb 2022 and the UN and ITU votes that followed it.",
            [
                "What if Russia had not invaded Ukraine?",
                "",
                "Removes the invasion event and the shocks that followed from it: the ES-11/1",
                "and ES-11/3 votes, Russia's defeats at WTSA-20 and in the ECOSOC elections.",
                "The priors (2014 Crimea vote, UN groups, blocs) and all campaigns stay, so",
                "the Russian warning before ES-11/3 (a tactic of ru-outreach) stays too.",
                "",
                "For a class: how much of the margin did the war make, and how much was",
                "there before it? Compare the two runs' vote shares and the states that",
                "change sides; most of them voted yes on ES-11/1 but abstained in 2014.",
            ],
            ["invasion", "es11-1", "wtsa20", "es11-3", "ecosoc"],
            [],
        ),
        (
            "no_us_africa",
            "itu-pp22-no-us-africa",
            "PP-22 without a US campaign in Africa",
            "The base case without the US campaign aimed at African states.",
            [
                "What if the United States had not campaigned in Africa?",
                "",
                "Removes the campaign us-africa: the steady effort on African swing states,",
                "the Blinken and Thomas-Greenfield visits to African capitals and the",
                "WTDC-22 reception in Kigali. Statements to all Member States (Biden's appeal,",
                "the Partner2Connect pledge) still reach African delegations.",
                "",
                "For a class: Africa holds 54 of 193 votes and was the main target of",
                "Russian outreach. Does the race turn on it, or do the UN votes and the",
                "African Union's own dynamics decide there?",
            ],
            ["us-africa"],
            [],
        ),
        (
            "russia_double_budget",
            "itu-pp22-russia-double-budget",
            "PP-22 with twice the Russian campaign budget",
            "The base case with every Russian campaign's daily budget doubled.",
            [
                "What if Russia had spent twice as much on its campaign?",
                "",
                "Doubles the daily budget of each Russian campaign ("
                + ", ".join(russian)
                + ").",
                "Dated tactics (Lavrov's visits, statements) keep their effort.",
                "",
                "For a class: with diminishing returns on effort, does money buy votes",
                "when a candidate's state has just invaded a neighbour? Compare how many",
                "states change sides with how many were near indifference.",
            ],
            [],
            [f"campaigns.{cid}.budget={lognormal_around(2 * budgets[cid])}" for cid in russian],
        ),
        (
            "eu_neutral",
            "itu-pp22-eu-neutral",
            "PP-22 with a neutral European Union",
            "The base case without the assumed EU campaign for Bogdan-Martin.",
            [
                "What if the EU had not campaigned for Bogdan-Martin?",
                "",
                "Removes the campaign eu-support, the assumed exchange of EU support for",
                "US backing of Lithuania's Deputy Secretary-General candidate. EU members",
                "still lean to Bogdan-Martin through their priors and their own UN votes.",
                "",
                "For a class: the deal is an assumption (no EU statement was found). How",
                "much does the result depend on it? A small change supports leaving it",
                "out of the base case; a large one means the assumption needs evidence.",
            ],
            ["eu-support"],
            [],
        ),
        (
            "china_neutral",
            "itu-pp22-china-neutral",
            "PP-22 with a neutral China",
            "The base case without the assumed Chinese campaign for Ismailov.",
            [
                "What if China had stayed out of the race?",
                "",
                "Removes the campaign cn-support. China itself still leans to Ismailov",
                "through its prior as the campaign's sponsor and its ES-11/3 vote.",
                "",
                "For a class: like the EU deal, China's backing is an assumption. Does",
                "it matter for the outcome, or only for a few Asian and African votes?",
            ],
            ["cn-support"],
            [],
        ),
    ]


# ===========================================================================
# Reading the data
# ===========================================================================


def read_csv(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def source_id_for_url(url):
    """A stable, readable id for a contact's source: its domain and a short hash."""
    host = urlparse(url).netloc.lower()
    for prefix in ("www.", "m.", "en.", "stage."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    name = host.split(".")[0] if host.count(".") >= 1 else host
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:4]
    return f"{name}-{digest}"


def load():
    members = read_csv("itu_member_states_2022.csv")
    blocs = {r["iso3"]: r for r in read_csv("blocs_2022.csv")}
    contacts = read_csv("campaign_contacts_2022.csv")
    sources = read_csv("pp22_sources.csv")
    codes = [m["iso3"] for m in members]
    if len(set(codes)) != len(codes):
        fail("duplicate iso3 codes in itu_member_states_2022.csv")
    if set(codes) != set(blocs):
        fail("blocs_2022.csv and itu_member_states_2022.csv list different states")
    return members, blocs, contacts, sources


def fail(msg):
    print(f"gen_pp22: {msg}", file=sys.stderr)
    sys.exit(2)


# ===========================================================================
# Building the scenario as plain Python data
# ===========================================================================


def tags(text):
    """Split a `sources` cell into (prefix, value) pairs; unprefixed tags keep the last prefix."""
    out = []
    last = ""
    for tok in text.split(";"):
        tok = tok.strip()
        if not tok:
            continue
        if ":" in tok and not tok.startswith("http"):
            last, tok = tok.split(":", 1)
        out.append((last, tok))
    return out


def state_note(m, b):
    code = m["iso3"]
    parts = []
    member_tags = tags(m["sources"])
    region_tag = next((v for k, v in member_tags if k == "itu"), "")
    if m["itu_region_basis"] == "unknown":
        parts.append("ITU region not verified: put in region U (by the official sizes, 7 of the 9 such "
                     "states are in B and 2 in E)")
    elif m["itu_region_basis"] == "inferred":
        detail = region_tag[len("inferred("):-1] if region_tag.startswith("inferred(") else region_tag
        parts.append(f"ITU region {m['itu_region']} inferred ({detail}), not individually verified")
    if m["un_regional_group"] == "Other":
        parts.append("not a UN member: UN votes are 'not_un_member'")
    es3 = next((v for k, v in member_tags if k == "es11-3"), "")
    if m["unga_es11_3"] == "unknown":
        parts.append("ES-11/3 vote not found ('unknown': no shift from that vote)")
    elif "(derived)" in es3:
        parts.append(f"ES-11/3 '{m['unga_es11_3']}' derived by arithmetic from published lists")
    elif es3.startswith("inferred"):
        parts.append(f"ES-11/3 '{m['unga_es11_3']}' inferred ({es3[len('inferred:'):]})")
    if "arrears" in es3:
        parts.append("lost its UNGA vote for arrears in 2022; its ITU voting rights at PP-22 are not "
                     "known and are kept")
    bloc_tags = tags(b["sources"])
    for col, bid, _, _ in BLOCS:
        value = b[col]
        details = [v for k, v in bloc_tags if k == col]
        if value == "unknown":
            parts.append(f"{bid} membership unknown, not counted ({'; '.join(details)})")
        elif value == "yes":
            if col == "apt":
                parts.append("APT membership from a recalled list (only the count is sourced)")
            elif col == "eu":
                parts.append("EU membership from general knowledge")
            elif col == "atu" and any(d.startswith("stale-list") for d in details):
                parts.append("ATU membership from a list of 2012 or earlier")
            elif col == "au" and any(d.startswith("suspended") for d in details):
                when = next(d for d in details if d.startswith("suspended"))[len("suspended-"):]
                when = re.sub(r"([A-Za-z]+)(\d{4})", r"\1 \2", when)
                parts.append(f"AU member suspended since {when}, counted as a member")
            elif col == "arab_league" and any("suspended" in d for d in details):
                parts.append("Arab League member suspended Nov 2011 to May 2023, counted as the data has it")
            elif col == "citel" and any("withdrawal" in d for d in details):
                parts.append("notified its OAS withdrawal in Nov 2021 (effective 2023), still in CITEL")
        elif col == "cept" and any(d.startswith("suspended") for d in details):
            parts.append("CEPT membership suspended 17 Mar 2022, not counted")
    if not any(b[col] == "yes" for col, _, _, _ in BLOCS):
        parts.append("in no bloc of this scenario, so no peer influence")
    for cid, name, home, _ in CANDIDATES:
        if code == home:
            parts.insert(0, f"nominated {name}")
    return "; ".join(parts)


def build_states(members, blocs):
    states = []
    for m in sorted(members, key=lambda r: r["iso3"]):
        b = blocs[m["iso3"]]
        region = m["itu_region"] if m["itu_region"] != "unknown" else "U"
        features = {}
        for fid, _, values, col, _ in FEATURES:
            value = m[col]
            if value not in values:
                fail(f"{m['iso3']}: value {value!r} of {col} is not one of {values}")
            features[fid] = value
        states.append({
            "code": m["iso3"],
            "name": m["name"],
            "region": region,
            "blocs": [bid for col, bid, _, _ in BLOCS if b[col] == "yes"],
            "features": dict(sorted(features.items())),
            "note": state_note(m, b),
        })
    return states


def build_sources(sources, contacts):
    out = {}
    for s in sources:
        out[s["id"]] = {"id": s["id"], "text": s["text"], "url": s["url"]}
    for c in contacts:
        sid = source_id_for_url(c["source_url"])
        text = c["source_title"]
        if sid in out and out[sid]["url"] != c["source_url"]:
            fail(f"source id collision: {sid}")
        out.setdefault(sid, {"id": sid, "text": text, "url": c["source_url"]})
    return [out[k] for k in sorted(out)]


def days_between(a, b):
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def contact_campaign(row, au):
    sponsor = row["sponsor"]
    if sponsor == "USA":
        if row["date_start"] >= CONFERENCE_START:
            return "us-conference"
        return "us-africa" if row["target_iso3"] in au else "us-advocacy"
    if sponsor == "RUS":
        return "ru-conference" if row["date_start"] >= CONFERENCE_START else "ru-outreach"
    if sponsor == "CHN":
        return "cn-support"
    fail(f"no campaign for sponsor {sponsor}")


def build_tactics(contacts, states, campaigns):
    """Contact rows -> tactics grouped by campaign; also the ledger of what was done with each row."""
    codes = {s["code"] for s in states}
    names = {s["code"]: s["name"] for s in states}
    au = {s["code"] for s in states if "AU" in s["blocs"]}
    windows = {c["id"]: (c["start"], c["end"]) for c in campaigns}
    groups = {}
    ledger = []  # (date, sponsor, target, kind, what happened)
    for row in contacts:
        key4 = (row["date_start"], row["sponsor"], row["target_iso3"], row["kind"])
        target = row["target_iso3"]
        if key4 in SKIPPED_CONTACTS:
            ledger.append(key4 + (f"skipped: {SKIPPED_CONTACTS[key4]}",))
            continue
        if target == "UNK":
            cid = UNK_CAMPAIGN[row["sponsor"]]
            ledger.append(key4 + (f"counterparts not named: the Swing target of {cid}",))
            continue
        if target != "ALL" and target not in codes:
            ledger.append(key4 + ("skipped: not an ITU Member State in 2022",))
            continue
        cid = contact_campaign(row, au)
        gkey = (cid, row["date_start"], row["date_end"], row["kind"], row["actor"],
                row["source_url"], row["summary"])
        groups.setdefault(gkey, []).append((target, key4 in ITU_RACE_CONTACTS))
        ledger.append(key4 + (f"tactic of {cid}",))
    if set(SKIPPED_CONTACTS) - {tuple(l[:4]) for l in ledger if l[4].startswith("skipped")}:
        fail("a SKIPPED_CONTACTS entry matches no contact row")
    if ITU_RACE_CONTACTS - {tuple(l[:4]) for l in ledger}:
        fail("an ITU_RACE_CONTACTS entry matches no contact row")

    tactics = {c["id"]: [] for c in campaigns}
    for (cid, start, end, kind, actor, url, summary), rows in groups.items():
        targets = [t for t, _ in rows]
        about_race = any(flag for _, flag in rows)
        tactic_kind, effort, _ = CONTACT_KINDS[kind]
        c_start, c_end = windows[cid]
        s, e = max(start, c_start), min(end, c_end)
        if s > e:
            fail(f"contact {start} {actor} falls outside campaign {cid}")
        total = days_between(start, end) + 1
        kept = days_between(s, e) + 1
        effort = round(effort * kept / total, 3)
        if "ALL" in targets:
            target = "All"
            who = "all member states"
        else:
            tgt = sorted(set(targets))
            target = ("States", tgt)
            who = ", ".join(names[t] for t in tgt)
        label = f"{actor.split(' (')[0]}, {kind}: {who}"
        if "UNVERIFIED" in summary:
            label += " [partly unverified]"
        comment = summary
        if kept < total:
            comment += f" || clipped to {s}..{e}: {kept} of {total} days, effort scaled"
        tactics[cid].append({
            "kind": tactic_kind,
            "label": label,
            "start": s,
            "end": e if e != s else None,
            "target": target,
            "effort": effort,
            "basis": ("Assumption", contact_basis(kind, source_id_for_url(url), kept, total, about_race)),
            "comment": comment,
        })
    for cid, kind, label, start, end, target, effort, srcs, reason in EXTRA_TACTICS:
        tactics[cid].append({
            "kind": kind,
            "label": label,
            "start": start,
            "end": end,
            "target": target,
            "effort": effort,
            "basis": ("Assumption", f"{reason}; effort assumed; sources: {cite(srcs)}"),
            "comment": reason,
        })
    for cid in tactics:
        tactics[cid].sort(key=lambda t: (t["start"], t["end"] or t["start"], t["label"]))
    ledger.sort()
    return tactics, ledger


def cite(ids):
    return ", ".join(f"[{i}]" for i in ids)


def contact_basis(kind, source_id, kept, total, about_race):
    """The basis of a contact's tactic: its effort is the assumed one of its kind; the contact is sourced."""
    what = "a contact about the ITU race" if about_race else "general diplomacy assumed to carry the campaign"
    text = f"{what}; the effort of every {kind} contact (docs/PP22.md); the contact: [{source_id}]"
    if kept < total:
        text += f"; {kept} of its {total} days fall before the ballot, effort scaled"
    return text


def event_basis(ids):
    """The basis of an event: the shifts are assumptions, the event is sourced."""
    return f"shift sizes assumed (reasons in the comments and docs/PP22.md); the event: {cite(ids)}"


def build():
    members, blocs, contacts, sources = load()
    states = build_states(members, blocs)
    src = build_sources(sources, contacts)
    campaigns = [
        {"id": cid, "name": name, "sponsor": sponsor, "candidate": cand, "start": start, "end": end,
         "budget": budget, "strength": strength, "saturation": sat, "target": target,
         "basis": ("Assumption", reason)}
        for cid, name, sponsor, cand, start, end, budget, strength, sat, target, reason in CAMPAIGNS
    ]
    tactics, ledger = build_tactics(contacts, states, campaigns)
    for c in campaigns:
        c["tactics"] = tactics[c["id"]]
    scenario = {
        "states": states,
        "sources": src,
        "campaigns": campaigns,
        "ledger": ledger,
        "members": members,
    }
    check_citations(scenario)
    return scenario


CITATION = re.compile(r"\[([a-z0-9][a-z0-9.\-]*)\]")


def check_citations(scenario):
    """Every [id] cited in an assumption's reason must be a source of the scenario."""
    ids = {s["id"] for s in scenario["sources"]}
    texts = [t[5] for t in PRIOR_TERMS] + [r for _, r in BLOC_COHESION.values()]
    texts += [eff[3] for ev in EVENTS for eff in ev[3]]
    texts += [c[10] for c in CAMPAIGNS] + [t[8] for t in EXTRA_TACTICS]
    texts += [p[3] for p in PARAMS if p[2] == "Assumption"]
    cited = [e[5] for e in EVENTS] + [t[7] for t in EXTRA_TACTICS] + [p[3] for p in PARAMS if p[2] == "Source"]
    cited += [BALLOT_RULES[2]] + [f[4] for f in FEATURES] + [b[3] for b in BLOCS]
    for text in texts:
        for cid in CITATION.findall(text):
            if cid not in ids:
                fail(f"cited source [{cid}] is not in pp22_sources.csv")
    for group in cited:
        for cid in group:
            if cid not in ids:
                fail(f"source id {cid} is not in pp22_sources.csv")


# ===========================================================================
# Writing RON
# ===========================================================================


def q(s):
    """A RON string literal."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def fmt_num(x):
    x = round(float(x), 6)
    if x == int(x):
        return f"{int(x)}.0"
    return repr(x)


def str_list(items):
    return "[" + ", ".join(q(i) for i in items) + "]"


def sel(s):
    if s == "All":
        return "All"
    kind = s[0]
    if kind in ("States", "Regions", "Blocs"):
        return f"{kind}({str_list(s[1])})"
    if kind == "Feature":
        return f"Feature(name: {q(s[1])}, values: {str_list(s[2])})"
    if kind in ("AllOf", "AnyOf"):
        return f"{kind}([" + ", ".join(sel(x) for x in s[1]) + "])"
    if kind == "Not":
        return f"Not({sel(s[1])})"
    if kind == "Swing":
        return f"Swing(among: {sel(s[1])}, count: {s[2]})"
    raise ValueError(s)


def basis(b):
    if b[0] == "Source":
        return f"Source({str_list(b[1])})"
    return f"Assumption({q(b[1])})"


def tactic_kind(k):
    if isinstance(k, tuple):
        return f"Pressure(backfire: {fmt_num(k[1])})"
    return k


def bloc_reason(bid):
    """Cohesion and its reason, with where the membership comes from."""
    cohesion, reason = BLOC_COHESION[bid]
    members = next(srcs for _, b, _, srcs in BLOCS if b == bid)
    if members:
        reason += "; members: " + ", ".join(f"[{m}]" for m in members)
    else:
        reason += "; members: general knowledge, not retrieved"
    return cohesion, reason


HEADER = """\
// The 2022 election of the ITU Secretary-General (PP-22, Bucharest).
//
// GENERATED by scripts/gen_pp22.py from scenarios/data/: edit the CSV files or
// the assumption tables in the script and rerun it; do not edit this file.
//
// What it models: the 193 ITU Member States of 2022 choosing between Doreen
// Bogdan-Martin (United States) and Rashid Ismailov (Russia) at the ballot of
// 29 Sep 2022, from 1 Jan 2022. Priors come from what was known before 2022
// (the 2014 Crimea vote, UN groups, regional organisations, home states); the
// invasion of Ukraine and the UN and ITU votes that followed are events; the
// dated contacts of scenarios/data/campaign_contacts_2022.csv are the tactics
// of seven campaigns (US, US in Africa, US at the conference, EU, Russia,
// Russia at the conference, China).
//
// What it leaves out: which states had lost their vote for arrears (not found:
// every state may vote); proxies; the other PP-22 elections and any trading of
// votes between them, except the assumed EU deal; the content of bilateral
// talks; contacts that no source recorded (the contact list is far from
// complete). Nine states whose ITU region is not verified are in region U.
//
// Sources date and target the events and tactics; every size (weight, shift,
// budget, strength, effort, cohesion) is an assumption, listed with its reason
// in docs/PP22.md. The priors do not use the result of the ballot.
"""


def render_scenario(sc):
    L = []
    w = L.append
    w(HEADER + "Scenario(")
    w("    version: 1,")
    w("    meta: (")
    w('        name: "itu-pp22",')
    w('        title: "ITU Secretary-General election 2022 (PP-22)",')
    w("        description: " + q(
        "Bogdan-Martin (USA) against Ismailov (Russia): 193 Member States from 1 Jan 2022 to the "
        "ballot of 29 Sep 2022. Priors from pre-2022 alignments, the invasion of Ukraine and its UN "
        "and ITU aftermath as events, dated diplomatic contacts as campaign tactics.") + ",")
    w("        sources: [")
    for s in sc["sources"]:
        url = f", url: {q(s['url'])}" if s["url"] else ""
        w(f"            (id: {q(s['id'])}, text: {q(s['text'])}{url}),")
    w("        ],")
    w("    ),")
    w("    calendar: (")
    w(f"        start: {q(CAL_START)},")
    w(f"        ballot: {q(BALLOT)},")
    w(f"        conference_start: {q(CONFERENCE_START)},")
    w(f"        conference_end: {q(CONFERENCE_END)},")
    w("        tick_days: 1,")
    w("    ),")
    w("    regions: [")
    for rid, name in REGIONS:
        w(f"        (id: {q(rid)}, name: {q(name)}),")
    w("    ],")
    w("    features: [")
    for fid, desc, values, _, srcs in FEATURES:
        w("        (")
        w(f"            id: {q(fid)},")
        w(f"            description: {q(desc)},")
        w(f"            values: {str_list(values)},")
        w(f"            basis: {basis(('Source', srcs))},")
        w("        ),")
    w("    ],")
    w("    blocs: [")
    for _, bid, name, _ in BLOCS:
        cohesion, reason = bloc_reason(bid)
        w(f"        (id: {q(bid)}, name: {q(name)}, cohesion: {lognormal_around(cohesion)},")
        w(f"            basis: {basis(('Assumption', reason))}),")
    w("    ],")
    w("    candidates: [")
    for cid, name, home, colour in CANDIDATES:
        w(f"        (id: {q(cid)}, name: {q(name)}, nominated_by: {q(home)}, colour: {q(colour)}),")
    w("    ],")
    w("    states: [")
    for s in sc["states"]:
        feats = ", ".join(f"{q(k)}: {q(v)}" for k, v in s["features"].items())
        w(f"        (code: {q(s['code'])}, name: {q(s['name'])}, region: {q(s['region'])}, "
          f"blocs: {str_list(s['blocs'])},")
        line = f"            features: {{{feats}}}"
        if s["note"]:
            w(line + ",")
            w(f"            note: {q(s['note'])}),")
        else:
            w(line + "),")
    w("    ],")
    w("    prior: (")
    w("        terms: [")
    for tid, label, target, cand, weight, reason in PRIOR_TERMS:
        w(f"            (id: {q(tid)}, label: {q(label)}, target: {sel(target)}, candidate: {q(cand)}, "
          f"weight: {weight_distribution(tid, weight)},")
        w(f"                basis: {basis(('Assumption', reason + '; ' + UNCERTAINTY_REASON))}),")
    w("        ],")
    w("    ),")
    w("    campaigns: [")
    for c in sc["campaigns"]:
        w("        (")
        w(f"            id: {q(c['id'])},")
        w(f"            name: {q(c['name'])},")
        w(f"            sponsor: {q(c['sponsor'])},")
        w(f"            candidate: {q(c['candidate'])},")
        w(f"            start: {q(c['start'])},")
        w(f"            end: {q(c['end'])},")
        w(f"            // budget and strength: LogNormal(sigma {fmt_num(CAMPAIGN_SIGMA)}) around the assumed sizes")
        w(f"            budget: {lognormal_around(c['budget'])},")
        w(f"            strength: {lognormal_around(c['strength'])},")
        w(f"            saturation: {fmt_num(c['saturation'])},")
        w(f"            target: {sel(c['target'])},")
        if c["tactics"]:
            w("            tactics: [")
            for t in c["tactics"]:
                w(f"                // {t['comment']}")
                end = f"end: {q(t['end'])}, " if t["end"] else ""
                w(f"                (kind: {tactic_kind(t['kind'])}, label: {q(t['label'])},")
                w(f"                    start: {q(t['start'])}, {end}target: {sel(t['target'])}, "
                  f"effort: {lognormal_around(t['effort'])},")
                w(f"                    basis: {basis(t['basis'])}),")
            w("            ],")
        else:
            w("            tactics: [],")
        w(f"            basis: {basis(c['basis'])},")
        w("        ),")
    w("    ],")
    w("    events: [")
    for eid, date, label, effects, persistent, srcs in EVENTS:
        w("        (")
        w(f"            id: {q(eid)},")
        w(f"            date: {q(date)},")
        w(f"            label: {q(label)},")
        w("            effects: [")
        for target, cand, shift, reason in effects:
            w(f"                // {reason}")
            w(f"                (target: {sel(target)}, candidate: {q(cand)}, shift: {normal_around(shift, RELATIVE_SD)}),")
        w("            ],")
        w(f"            persistent: {'true' if persistent else 'false'},")
        w(f"            basis: {basis(('Assumption', event_basis(srcs)))},")
        w("        ),")
    w("    ],")
    w("    params: (")
    dists = param_distributions()
    for name, value, _, _ in PARAMS:
        d = dists.get(name)
        w(f"        {name}: {d[0] if d else fmt_num(value)},")
    w("        basis: {")
    for name, _, kind, text in PARAMS:
        d = dists.get(name)
        if d and kind == "Source":
            b = ("Source", text)
        elif d:
            b = ("Assumption", f"{text}; {d[1]}")
        else:
            b = ("Source", text) if kind == "Source" else ("Assumption", text)
        note = f"  // {PARAM_NOTES[name]}" if name in PARAM_NOTES else ""
        if d and kind == "Source":
            note = f"  // {d[1]}"
        w(f"            {q(name)}: {basis(b)},{note}")
    w("        },")
    w("    ),")
    elimination, max_rounds, srcs = BALLOT_RULES
    w("    // Majority of the valid votes (blank and invalid ballots excluded); the lowest")
    w("    // candidate leaves after a round without a majority. The PP-22 procedure document")
    w("    // itself was not found; max_rounds is an assumption (moot with two candidates).")
    w("    ballot: (")
    w(f"        elimination: {elimination},")
    w(f"        max_rounds: {max_rounds},")
    w(f"        basis: {basis(('Source', srcs))},")
    w("    ),")
    w("    // Per-run swings shared by a region or the whole conference (docs/MODEL.md, Shocks).")
    w("    shocks: [")
    for sid, label, target, cand, scale, reason in SHOCKS:
        w(f"        (id: {q(sid)}, label: {q(label)}, target: {sel(target)}, candidate: {q(cand)}, "
          f"scale: {fmt_num(scale)},")
        w(f"            basis: {basis(('Assumption', reason))}),")
    w("    ],")
    w("    // Per-state attendance and blank papers around the conference-wide rates.")
    w("    propensities: (")
    w("        attendance: (")
    w(f"            spread: {PROPENSITY_SPREAD[0]},")
    w(f"            basis: {basis(('Assumption', PROPENSITY_SPREAD[1]))},")
    w("        ),")
    w("        blank: (")
    w("            terms: [")
    for tid, label, target, weight, reason in BLANK_TERMS:
        w(f"                (id: {q(tid)}, label: {q(label)}, target: {sel(target)}, weight: {weight},")
        w(f"                    basis: {basis(('Assumption', reason))}),")
    w("            ],")
    w(f"            spread: {PROPENSITY_SPREAD[0]},")
    w(f"            basis: {basis(('Assumption', PROPENSITY_SPREAD[1]))},")
    w("        ),")
    w("    ),")
    w(")")
    return "\n".join(L) + "\n"


def render_what_if(stem, name, title, description, header, disable, sets):
    L = ["// " + line if line else "//" for line in header]
    L.append("//")
    L.append("// GENERATED by scripts/gen_pp22.py: edit the what-if table there and rerun it.")
    L.append("WhatIf(")
    L.append("    version: 1,")
    L.append('    base: "../itu_pp22.ron",')
    L.append("    meta: (")
    L.append(f"        name: {q(name)},")
    L.append(f"        title: {q(title)},")
    L.append(f"        description: {q(description)},")
    L.append("        sources: [],")
    L.append("    ),")
    L.append(f"    disable: {str_list(disable)},")
    L.append(f"    set: {str_list(sets)},")
    L.append(")")
    return "\n".join(L) + "\n"


# ===========================================================================
# Writing the generated parts of docs/PP22.md
# ===========================================================================


def md(text):
    return text.replace("|", "\\|")


def citations_to_md(text):
    return CITATION.sub(lambda m: f"[{m.group(1)}]", text)


def doc_data_summary(sc):
    states = sc["states"]
    counts = {rid: sum(1 for s in states if s["region"] == rid) for rid, _ in REGIONS}
    L = ["| ITU region | states in the scenario | official size |", "|---|---|---|"]
    for rid, name in REGIONS:
        official = OFFICIAL_REGION_SIZES.get(rid, "")
        L.append(f"| {rid} {md(name)} | {counts[rid]} | {official} |")
    L.append(f"| total | {len(states)} | 193 |")
    L.append("")
    unknown_region = ", ".join(s["name"] for s in states if s["region"] == "U")
    L.append(f"Region U: {unknown_region}. By the official sizes, seven of them are in B and two in E.")
    L.append("")
    L.append("| feature | values (number of states) |")
    L.append("|---|---|")
    for fid, _, values, _, _ in FEATURES:
        parts = []
        for v in values:
            n = sum(1 for s in states if s["features"][fid] == v)
            parts.append(f"{v} {n}")
        L.append(f"| {fid} | {', '.join(parts)} |")
    L.append("")
    L.append("| bloc | members counted | `unknown` in the data (not counted) |")
    L.append("|---|---|---|")
    blocs = {r["iso3"]: r for r in read_csv("blocs_2022.csv")}
    for col, bid, name, _ in BLOCS:
        n = sum(1 for s in states if bid in s["blocs"])
        unk = sorted(code for code, r in blocs.items() if r[col] == "unknown")
        L.append(f"| {bid} ({md(name)}) | {n} | {', '.join(unk) if unk else '-'} |")
    return "\n".join(L)


def matches(selector, state):
    """Whether a (non-Swing) selector picks a state, as the model reads it."""
    if selector == "All":
        return True
    kind = selector[0]
    if kind == "States":
        return state["code"] in selector[1]
    if kind == "Regions":
        return state["region"] in selector[1]
    if kind == "Blocs":
        return any(b in state["blocs"] for b in selector[1])
    if kind == "Feature":
        return state["features"][selector[1]] in selector[2]
    if kind == "AllOf":
        return all(matches(x, state) for x in selector[1])
    if kind == "AnyOf":
        return any(matches(x, state) for x in selector[1])
    if kind == "Not":
        return not matches(selector[1], state)
    raise ValueError(selector)


def prior_lean(sc):
    """P(Bogdan-Martin) from the prior terms alone, per state, at the scenario's temperature."""
    temperature = next(v for n, v, _, _ in PARAMS if n == "temperature")
    out = {}
    for st in sc["states"]:
        diff = 0.0
        for _, _, target, cand, weight, _ in PRIOR_TERMS:
            if matches(target, st):
                diff += weight if cand == "BM" else -weight
        out[st["code"]] = 1.0 / (1.0 + math.exp(-diff / temperature))
    return out


def doc_prior_summary(sc):
    lean = prior_lean(sc)
    bands = [
        ("Bogdan-Martin 80% or more", lambda p: p >= 0.8),
        ("Bogdan-Martin 50% to 80%", lambda p: 0.5 <= p < 0.8),
        ("Ismailov 50% to 80%", lambda p: 0.2 < p < 0.5),
        ("Ismailov 80% or more", lambda p: p <= 0.2),
    ]
    L = ["Where the states start, from the prior terms alone (before any event or campaign), with the chance of a "
         "vote for each candidate at the scenario's temperature:", ""]
    L.append("| prior lean | states |")
    L.append("|---|---|")
    for name, test in bands:
        L.append(f"| {name} | {sum(1 for p in lean.values() if test(p))} |")
    L.append(f"| expected votes for Bogdan-Martin if all 193 voted | {sum(lean.values()):.0f} |")
    return "\n".join(L)


def doc_assumptions(sc):
    L = ["Sizes are utility units (one unit multiplies the odds by e) or effort units. The tables give each "
         "assumption's central value and the range each run of an ensemble draws from (section Uncertainty).", ""]
    L.append("**Prior terms** (information from before 2022)")
    L.append("")
    L.append("| id | label | who | candidate | weight | range | reason |")
    L.append("|---|---|---|---|---|---|---|")
    for tid, label, target, cand, weight, reason in PRIOR_TERMS:
        L.append(f"| `{tid}` | {md(label)} | `{md(sel(target))}` | {cand} | {fmt_num(weight)} | "
                 f"`{weight_distribution(tid, weight)}` | {md(citations_to_md(reason))} |")
    L.append("")
    L.append("**Bloc cohesion** (weight of a bloc's pull relative to the member's other blocs; each run draws it "
             f"from LogNormal(median: the value, sigma: {fmt_num(CAMPAIGN_SIGMA)}))")
    L.append("")
    L.append("| bloc | cohesion | reason |")
    L.append("|---|---|---|")
    for _, bid, _, _ in BLOCS:
        c, reason = bloc_reason(bid)
        L.append(f"| {bid} | {fmt_num(c)} | {md(citations_to_md(reason))} |")
    L.append("")
    L.append("**Events** (dates and targets sourced; the shifts are assumptions; all persistent unless noted)")
    L.append("")
    L.append("| event | date | who | candidate | shift | range | reason |")
    L.append("|---|---|---|---|---|---|---|")
    for eid, date, label, effects, persistent, srcs in EVENTS:
        tag = "" if persistent else " (not persistent)"
        for target, cand, shift, reason in effects:
            L.append(f"| `{eid}` {md(label)}{tag} | {date} | `{md(sel(target))}` | {cand} | {fmt_num(shift)} | "
                     f"`{normal_around(shift, RELATIVE_SD)}` | {md(citations_to_md(reason))} |")
    L.append("")
    L.append("**Campaigns** (budget: effort units per day shared by the day's targets; "
             "shift = strength x (1 - exp(-effort / saturation)); each run draws budget and strength from "
             f"LogNormal(median: the value, sigma: {fmt_num(CAMPAIGN_SIGMA)}))")
    L.append("")
    L.append("| campaign | sponsor | for | days | budget | strength | saturation | steady target | tactics | reason |")
    L.append("|---|---|---|---|---|---|---|---|---|---|")
    for c in sc["campaigns"]:
        L.append(f"| `{c['id']}` {md(c['name'])} | {c['sponsor']} | {c['candidate']} | {c['start']} to {c['end']} | "
                 f"{fmt_num(c['budget'])} | {fmt_num(c['strength'])} | {fmt_num(c['saturation'])} | "
                 f"`{md(sel(c['target']))}` | {len(c['tactics'])} | {md(citations_to_md(c['basis'][1]))} |")
    L.append("")
    L.append("**Effort of a dated contact**, per target (a contact cut short by the ballot keeps the share "
             f"of its days before the ballot; each run draws it from LogNormal(median: the value, sigma: "
             f"{fmt_num(CAMPAIGN_SIGMA)}))")
    L.append("")
    L.append("| contact kind | tactic | effort | reason |")
    L.append("|---|---|---|---|")
    for kind, (tk, effort, reason) in CONTACT_KINDS.items():
        L.append(f"| {kind} | {tk} | {fmt_num(effort)} | {md(reason)} |")
    for cid, kind, label, start, end, target, effort, srcs, reason in EXTRA_TACTICS:
        L.append(f"| {md(label)} ({start}, `{cid}`) | {tactic_kind(kind)} | {fmt_num(effort)} | "
                 f"{md(citations_to_md(reason))} |")
    L.append("")
    L.append("**Parameters**")
    L.append("")
    L.append("| parameter | each run draws | basis |")
    L.append("|---|---|---|")
    dists = param_distributions()
    for name, value, kind, text in PARAMS:
        d = dists.get(name)
        if kind == "Source":
            why = f"{PARAM_NOTES[name]} ({', '.join(f'[{t}]' for t in text)})"
        else:
            why = "assumption: " + text
        if d:
            why += "; " + d[1]
        L.append(f"| {name} | `{d[0] if d else fmt_num(value)}` | {md(why)} |")
    elimination, max_rounds, srcs = BALLOT_RULES
    L.append(f"| ballot | {elimination}, at most {max_rounds} rounds | majority of valid votes, lowest "
             f"leaves ({', '.join(f'[{s}]' for s in srcs)}); max_rounds assumed |")
    L.append("")
    L.append("**Shocks** (each run draws a swing toward Bogdan-Martin, Normal(0, scale), shared by the states selected)")
    L.append("")
    L.append("| shock | who | scale | reason |")
    L.append("|---|---|---|---|")
    for sid, label, target, cand, scale, reason in SHOCKS:
        L.append(f"| `{sid}` {md(label)} | `{md(sel(target))}` | {fmt_num(scale)} | {md(reason)} |")
    L.append("")
    L.append("**Propensities** (logit scale, around the conference-wide attendance and blank rates)")
    L.append("")
    L.append("| propensity | who | weight | reason |")
    L.append("|---|---|---|---|")
    for tid, label, target, weight, reason in BLANK_TERMS:
        L.append(f"| blank: `{tid}` {md(label)} | `{md(sel(target))}` | `{weight}` | {md(citations_to_md(reason))} |")
    L.append(f"| attendance and blank: per-state spread | all | `{PROPENSITY_SPREAD[0]}` | {md(PROPENSITY_SPREAD[1])} |")
    return "\n".join(L)


def doc_contacts(sc):
    used = sum(1 for l in sc["ledger"] if l[4].startswith("tactic of"))
    L = [f"{len(sc['ledger'])} contact rows: {used} became tactics (grouped where one contact had "
         f"several named participants), the others are listed here.", ""]
    L.append("| date | sponsor | target | kind | what the scenario does with it |")
    L.append("|---|---|---|---|---|")
    for date, sponsor, target, kind, what in sc["ledger"]:
        if what.startswith("tactic of"):
            continue
        L.append(f"| {date} | {sponsor} | {target} | {kind} | {md(what)} |")
    L.append("")
    L.append("| campaign | tactics from contacts and others |")
    L.append("|---|---|")
    for c in sc["campaigns"]:
        L.append(f"| `{c['id']}` | {len(c['tactics'])} |")
    return "\n".join(L)


def source_list(sc):
    L = ["| id | reference |", "|---|---|"]
    for s in sc["sources"]:
        ref = md(s["text"])
        if s["url"]:
            ref += f" <{s['url']}>"
        L.append(f"| `{s['id']}` | {ref} |")
    return "\n".join(L)


def fill_doc(text, sections):
    for name, body in sections.items():
        begin = f"<!-- BEGIN GENERATED {name} -->"
        end = f"<!-- END GENERATED {name} -->"
        pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
        if not pattern.search(text):
            fail(f"docs/PP22.md lacks the markers of section {name}")
        text = pattern.sub(lambda _m: f"{begin}\n{body}\n{end}", text)
    return text


# ===========================================================================
# Main
# ===========================================================================


def outputs():
    sc = build()
    files = {SCENARIO: render_scenario(sc)}
    for stem, name, title, desc, header, disable, sets in what_ifs(sc["campaigns"]):
        files[WHAT_IF_DIR / f"{stem}.ron"] = render_what_if(stem, name, title, desc, header, disable, sets)
    if not DOC.exists():
        fail("docs/PP22.md is missing (it holds the hand-written text around the generated sections)")
    doc = DOC.read_text(encoding="utf-8")
    files[DOC] = fill_doc(doc, {
        "data-summary": doc_data_summary(sc),
        "prior-summary": doc_prior_summary(sc),
        "assumptions": doc_assumptions(sc),
        "contacts": doc_contacts(sc),
        "sources": source_list(sc),
    })
    return files


def main(argv):
    check = "--check" in argv[1:]
    unknown = [a for a in argv[1:] if a != "--check"]
    if unknown:
        print(__doc__, file=sys.stderr)
        return 2
    files = outputs()
    stale = []
    for path, text in files.items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "w", encoding="utf-8", newline="\n") as f:
                    f.write(text)
    rel = [str(p.relative_to(ROOT)) for p in stale]
    if check:
        if stale:
            print("gen_pp22: out of date (run python3 scripts/gen_pp22.py): " + ", ".join(rel), file=sys.stderr)
            return 1
        print("gen_pp22: generated files are up to date")
        return 0
    print("gen_pp22: wrote " + (", ".join(rel) if rel else "nothing (all up to date)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
