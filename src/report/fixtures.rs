//! Synthetic run results for the report layer's tests: a tiny one with
//! hand-checkable tables, and realistic ones (193 states, or a classroom's
//! twelve) generated from smooth trends so that the charts can be looked at.

use chrono::NaiveDate;

use crate::result::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid fixture date")
}

/// 3 candidates, 2 regions, 5 dates, 4 states, a ballot of 2 rounds.
pub fn small() -> RunResult {
    let candidates = vec![
        candidate("ann", "Ann Lee", "#1f77b4"),
        candidate("bo", "Bo Chen", "#d62728"),
        candidate("cy", "Cy Diaz", "#2ca02c"),
    ];
    let regions = vec![
        RegionInfo {
            id: "north".into(),
            name: "North".into(),
            voters: 2,
        },
        RegionInfo {
            id: "south".into(),
            name: "South".into(),
            voters: 1,
        },
    ];
    let history = (0..5)
        .map(|k| {
            let t = f64::from(k) / 4.0;
            let north = vec![0.8 + 0.4 * t, 0.7 - 0.2 * t, 0.3 - 0.1 * t];
            let south = vec![0.2, 0.5 + 0.25 * t, 0.2 - 0.1 * t];
            TickRecord {
                date: date(2022, 9, 25 + k),
                expected_votes: north.iter().zip(&south).map(|(a, b)| a + b).collect(),
                win_probability: vec![0.4 + 0.2 * t, 0.5 - 0.2 * t, 0.1],
                expected_votes_by_region: vec![north, south],
                pledges: vec![k, 1, 0],
            }
        })
        .collect();
    let state = |code: &str, region, rights, p_vote: Vec<f64>, pledge, vote| {
        let p_absent = if rights { 0.05 } else { 1.0 };
        let p_blank = if rights {
            1.0 - p_absent - p_vote.iter().sum::<f64>()
        } else {
            0.0
        };
        StateOutcome {
            code: code.into(),
            name: format!("State {code}"),
            region,
            voting_rights: rights,
            p_vote,
            p_blank,
            p_absent,
            pledge,
            first_round_vote: vote,
            first_round_names: match vote {
                Vote::For(c) => vec![c],
                _ => Vec::new(),
            },
        }
    };
    let states = vec![
        state("AA", 0, true, vec![0.7, 0.1, 0.1], Some(0), Vote::For(0)),
        state("BB", 0, true, vec![0.5, 0.3, 0.1], None, Vote::For(1)),
        state("CC", 1, true, vec![0.2, 0.7, 0.0], Some(1), Vote::Blank),
        state("DD", 1, false, vec![0.0, 0.0, 0.0], None, Vote::NoVote),
    ];
    let ballot = BallotResult {
        rounds: vec![
            RoundResult {
                number: 1,
                standing: vec![0, 1, 2],
                tally: vec![1, 1, 0],
                blank: 1,
                absent: 0,
                invalid: 0,
                valid: 2,
                base: 2,
                majority: 2,
                elected: vec![],
                eliminated: vec![2],
                members: 4,
                entitled: 3,
                no_vote: 1,
                ..RoundResult::empty(1, 3)
            },
            RoundResult {
                number: 2,
                standing: vec![0, 1],
                tally: vec![2, 1, 0],
                blank: 0,
                absent: 0,
                invalid: 0,
                valid: 3,
                base: 3,
                majority: 2,
                elected: vec![0],
                eliminated: vec![],
                members: 4,
                entitled: 3,
                no_vote: 1,
                ..RoundResult::empty(2, 3)
            },
        ],
        seats: 1,
        winners: vec![0],
        elected: Some(0),
        // AA stays with ann, BB moves from bo to ann, CC from blank to bo.
        flows: vec![Flow {
            from_round: 1,
            counts: (0..5)
                .map(|a| {
                    (0..5)
                        .map(|b| u32::from([(0, 0), (1, 0), (3, 1)].contains(&(a, b))))
                        .collect()
                })
                .collect(),
        }],
    };
    RunResult {
        scenario: "tiny".into(),
        title: "Tiny".into(),
        seed: 7,
        central: false,
        candidates,
        regions,
        eligible_voters: 3,
        conference_start: date(2022, 9, 27),
        conference_end: date(2022, 9, 30),
        ballot_date: date(2022, 9, 29),
        events: vec![EventMark {
            id: "summit".into(),
            date: date(2022, 9, 26),
            label: "Summit".into(),
        }],
        history,
        states,
        ballot,
        parameters: Vec::new(),
    }
}

fn candidate(id: &str, name: &str, colour: &str) -> CandidateInfo {
    CandidateInfo {
        id: id.into(),
        name: name.into(),
        colour: colour.into(),
    }
}

/// A small deterministic generator (SplitMix64), so fixtures need no RNG crate.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What a generated race looks like.
pub struct Spec {
    pub name: &'static str,
    pub candidates: Vec<CandidateInfo>,
    /// Region id, name, number of states.
    pub regions: Vec<(&'static str, &'static str, usize)>,
    /// Per region, per candidate: a lasting preference (utility units).
    pub regional_bias: Vec<Vec<f64>>,
    /// Per candidate: utility gained from the first to the last day.
    pub trend: Vec<f64>,
    pub start: NaiveDate,
    pub ballot: NaiveDate,
    pub conference: (NaiveDate, NaiveDate),
    pub events: Vec<(NaiveDate, &'static str)>,
    /// Share of states without voting rights.
    pub arrears: f64,
}

/// The PP-22-like race: 193 states in 5 regions, 270 days, two candidates
/// whose support crosses, six events, the conference at the end.
pub fn realistic() -> RunResult {
    generate(&Spec {
        name: "pp22-itu-sg",
        candidates: vec![
            candidate("bogdan_martin", "Doreen Bogdan-Martin", "#1f5fa8"),
            candidate("ismailov", "Rashid Ismailov", "#c0392b"),
        ],
        regions: vec![
            ("A", "Americas", 35),
            ("B", "Western Europe", 33),
            ("C", "Eastern Europe and Northern Asia", 21),
            ("D", "Africa", 54),
            ("E", "Asia and Australasia", 50),
        ],
        regional_bias: vec![
            vec![0.8, -0.3],
            vec![1.5, -1.0],
            vec![-1.2, 1.6],
            vec![-0.1, 0.4],
            vec![-0.2, 0.5],
        ],
        trend: vec![1.4, -1.0],
        start: date(2022, 1, 2),
        ballot: date(2022, 9, 29),
        conference: (date(2022, 9, 26), date(2022, 10, 14)),
        events: vec![
            (date(2022, 2, 24), "Russia invades Ukraine"),
            (date(2022, 3, 2), "UNGA resolution ES-11/1"),
            (
                date(2022, 4, 7),
                "Russia suspended from the Human Rights Council",
            ),
            (date(2022, 6, 6), "WTDC-22 in Kigali"),
            (date(2022, 7, 20), "African Union endorsement"),
            (date(2022, 9, 12), "Final campaign tour"),
        ],
        arrears: 0.08,
    })
}

/// A classroom race: 3 candidates, 12 states in 3 regions, 90 days.
pub fn classroom() -> RunResult {
    generate(&Spec {
        name: "classroom-three-candidates",
        candidates: vec![
            candidate("amber", "Amber Okafor", "#e69f00"),
            candidate("basil", "Basil Nakamura", "#009e73"),
            candidate("cobalt", "Cobalt Ferreira", "#0072b2"),
        ],
        regions: vec![
            ("north", "Northland", 4),
            ("isles", "The Isles", 3),
            ("south", "Southern Plains", 5),
        ],
        regional_bias: vec![
            vec![0.9, 0.0, -0.3],
            vec![-0.2, 1.0, 0.1],
            vec![0.0, -0.4, 0.8],
        ],
        trend: vec![-0.6, 0.9, 0.2],
        start: date(2023, 3, 1),
        ballot: date(2023, 5, 30),
        conference: (date(2023, 5, 22), date(2023, 6, 2)),
        events: vec![
            (date(2023, 3, 20), "Debate"),
            (date(2023, 4, 10), "Scandal"),
            (date(2023, 4, 14), "Endorsement by Northland"),
            (date(2023, 5, 5), "Summit"),
        ],
        arrears: 0.1,
    })
}

/// Builds a run result from a spec: softmax leanings that drift linearly.
pub fn generate(spec: &Spec) -> RunResult {
    let mut mix = Mix(0x5EED);
    let k = spec.candidates.len();
    let mut state_region = Vec::new();
    for (r, (_, _, count)) in spec.regions.iter().enumerate() {
        state_region.extend(std::iter::repeat_n(r, *count));
    }
    let n = state_region.len();
    // Per state: base utilities, stubbornness, absence, voting rights.
    let base: Vec<Vec<f64>> = state_region
        .iter()
        .map(|&r| {
            (0..k)
                .map(|c| spec.regional_bias[r][c] + 1.6 * (mix.next() - 0.5))
                .collect()
        })
        .collect();
    let absent: Vec<f64> = (0..n).map(|_| 0.02 + 0.1 * mix.next()).collect();
    let blank: Vec<f64> = (0..n).map(|_| 0.01 + 0.05 * mix.next()).collect();
    let rights: Vec<bool> = (0..n).map(|_| mix.next() >= spec.arrears).collect();
    let follows: Vec<f64> = (0..n).map(|_| 0.4 + 0.9 * mix.next()).collect();

    let days = (spec.ballot - spec.start).num_days();
    let p_vote = |i: usize, t: f64| -> Vec<f64> {
        if !rights[i] {
            return vec![0.0; k];
        }
        let u: Vec<f64> = (0..k)
            .map(|c| 2.2 * (base[i][c] + follows[i] * spec.trend[c] * t))
            .collect();
        let m = u.iter().copied().fold(f64::MIN, f64::max);
        let e: Vec<f64> = u.iter().map(|x| (x - m).exp()).collect();
        let sum: f64 = e.iter().sum();
        let present = 1.0 - absent[i] - blank[i];
        e.iter().map(|x| present * x / sum).collect()
    };

    let mut history = Vec::new();
    for day in 0..=days {
        let t = day as f64 / days.max(1) as f64;
        let mut by_region = vec![vec![0.0; k]; spec.regions.len()];
        for (i, &r) in state_region.iter().enumerate() {
            for (c, p) in p_vote(i, t).into_iter().enumerate() {
                by_region[r][c] += p;
            }
        }
        let expected: Vec<f64> = (0..k)
            .map(|c| by_region.iter().map(|v| v[c]).sum())
            .collect();
        let total: f64 = expected.iter().sum::<f64>().max(1e-9);
        let win: Vec<f64> = expected
            .iter()
            .map(|v| 1.0 / (1.0 + (-(v / total - 0.5) * 12.0).exp()))
            .collect();
        let win_sum: f64 = win.iter().sum();
        history.push(TickRecord {
            date: spec.start + chrono::Duration::days(day),
            expected_votes: expected,
            win_probability: win.iter().map(|w| w / win_sum).collect(),
            expected_votes_by_region: by_region,
            pledges: (0..k).map(|c| (day as u32 * (c as u32 + 2)) / 40).collect(),
        });
    }

    let mut tally = vec![0u32; k];
    let (mut n_blank, mut n_absent, mut n_no_vote) = (0u32, 0u32, 0u32);
    let states: Vec<StateOutcome> = (0..n)
        .map(|i| {
            let p = p_vote(i, 1.0);
            let draw = mix.next();
            let mut acc = 0.0;
            let mut vote = Vote::NoVote;
            if rights[i] {
                vote = Vote::Blank;
                for (c, pc) in p.iter().enumerate() {
                    acc += pc;
                    if draw < acc {
                        vote = Vote::For(c);
                        break;
                    }
                }
                if vote == Vote::Blank && draw >= acc + blank[i] {
                    vote = Vote::Absent;
                }
            }
            match vote {
                Vote::For(c) => tally[c] += 1,
                Vote::Blank => n_blank += 1,
                Vote::Absent => n_absent += 1,
                Vote::NoVote => n_no_vote += 1,
            }
            let (region_id, _, _) = spec.regions[state_region[i]];
            StateOutcome {
                code: format!("{region_id}{i:03}"),
                name: format!("State {i}"),
                region: state_region[i],
                voting_rights: rights[i],
                p_vote: p,
                p_blank: if rights[i] { blank[i] } else { 0.0 },
                p_absent: if rights[i] { absent[i] } else { 1.0 },
                pledge: None,
                first_round_vote: vote,
                first_round_names: match vote {
                    Vote::For(c) => vec![c],
                    _ => Vec::new(),
                },
            }
        })
        .collect();
    let valid: u32 = tally.iter().sum();
    let majority = valid / 2 + 1;
    let leader = (0..k).max_by_key(|&c| tally[c]).unwrap_or(0);
    let elected = (tally[leader] >= majority).then_some(leader);
    let ballot = BallotResult {
        rounds: vec![RoundResult {
            number: 1,
            standing: (0..k).collect(),
            tally,
            blank: n_blank,
            absent: n_absent,
            no_vote: n_no_vote,
            invalid: 0,
            valid,
            base: valid,
            majority,
            elected: elected.into_iter().collect(),
            ..RoundResult::empty(1, k)
        }],
        seats: 1,
        winners: elected.into_iter().collect(),
        elected,
        flows: Vec::new(),
    };

    RunResult {
        scenario: spec.name.into(),
        title: spec.name.into(),
        seed: 42,
        central: false,
        candidates: spec.candidates.clone(),
        regions: spec
            .regions
            .iter()
            .enumerate()
            .map(|(r, (id, name, _))| RegionInfo {
                id: (*id).into(),
                name: (*name).into(),
                voters: (0..n)
                    .filter(|&i| state_region[i] == r && rights[i])
                    .count(),
            })
            .collect(),
        eligible_voters: rights.iter().filter(|&&r| r).count(),
        conference_start: spec.conference.0,
        conference_end: spec.conference.1,
        ballot_date: spec.ballot,
        events: spec
            .events
            .iter()
            .enumerate()
            .map(|(i, (d, label))| EventMark {
                id: format!("e{i}"),
                date: *d,
                label: (*label).into(),
            })
            .collect(),
        history,
        states,
        ballot,
        parameters: Vec::new(),
    }
}
