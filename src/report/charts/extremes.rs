//! The subtitle's note of a chart whose probabilities sit at 0 % or 100 %:
//! a line along the plot's edge, or a blank panel, reads as a drawing fault
//! unless the chart says that the values are there.

/// Whether probability `p` is 0 or 1 to within 0.05 percentage points.
pub fn certain(p: f64) -> bool {
    !(0.0005..=0.9995).contains(&p)
}

/// The note for named series of probabilities (`(name, values)`, one value
/// per point of `scope`, e.g. "point"): which series are at 100 % or at 0 %
/// at every one, and, when every series is, `flat` after it (what that
/// means, e.g. "the outcome does not change over this range"). `None` when
/// no series is all at 0 % or all at 100 % (or none has values).
pub fn extremes_note(series: &[(&str, Vec<f64>)], scope: &str, flat: &str) -> Option<String> {
    let at = |level: f64| -> Vec<&str> {
        series
            .iter()
            .filter(|(_, v)| {
                !v.is_empty() && v.iter().all(|&p| certain(p) && (p > 0.5) == (level > 0.5))
            })
            .map(|(name, _)| *name)
            .collect()
    };
    let (hundred, zero) = (at(1.0), at(0.0));
    let shown = series.iter().filter(|(_, v)| !v.is_empty()).count();
    if hundred.is_empty() && zero.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !hundred.is_empty() {
        parts.push(format!("{} 100 %", names(&hundred)));
    }
    if !zero.is_empty() {
        parts.push(format!("{} 0 %", names(&zero)));
    }
    let which = parts.join(", ");
    Some(if hundred.len() + zero.len() == shown {
        format!("every {scope} at 0 % or 100 % ({which}): {flat}")
    } else {
        format!("at every {scope}: {which}")
    })
}

/// "A", "A and B", "A, B and C".
fn names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_at_the_edges_says_so() {
        let flat = "the outcome does not change over this range";
        let all = [
            ("Ana", vec![1.0, 1.0, 0.9999]),
            ("Bo", vec![0.0, 0.0, 0.0001]),
            ("Chen", vec![0.0, 0.0, 0.0]),
        ];
        assert_eq!(
            extremes_note(&all, "point", flat).unwrap(),
            format!("every point at 0 % or 100 % (Ana 100 %, Bo and Chen 0 %): {flat}")
        );
        // One series moves: the others are named, without the conclusion.
        let some = [("Ana", vec![1.0, 0.4]), ("Bo", vec![0.0, 0.0])];
        assert_eq!(
            extremes_note(&some, "point", flat).unwrap(),
            "at every point: Bo 0 %"
        );
        // A series that jumps from 0 % to 100 % is not at either.
        let jump = [("Ana", vec![0.0, 1.0]), ("Bo", vec![1.0, 0.0])];
        assert_eq!(extremes_note(&jump, "point", flat), None);
        assert_eq!(extremes_note(&[("Ana", vec![0.5])], "point", flat), None);
        assert_eq!(extremes_note(&[("Ana", vec![])], "point", flat), None);
    }

    use crate::analysis::outcomes::OutcomeTotals;
    use crate::analysis::parameter_sensitivity::{Indices, Method, Output, OutputIndices};
    use crate::analysis::sweep::{SweepPoint, Vary};
    use crate::report::charts::ensemble::{EnsembleChart, render_svg, tests::small_race};
    use crate::report::charts::figure::figure_svg;
    use crate::report::charts::{sensitivity_bars, sweep_heatmap, sweep_line};
    use crate::result::CandidateInfo;

    fn candidates() -> Vec<CandidateInfo> {
        ["Ana", "Bo", "Chen"]
            .iter()
            .map(|n| CandidateInfo {
                id: n.to_uppercase(),
                name: format!("{n} Person"),
                colour: "#1f77b4".into(),
            })
            .collect()
    }

    /// A sweep point at `values` where each candidate was elected in
    /// `elected` of 10 runs.
    fn point(values: Vec<f64>, elected: [u64; 3]) -> SweepPoint {
        let mut totals = OutcomeTotals::new(3);
        totals.runs = 10;
        totals.elected = elected.to_vec();
        SweepPoint {
            values,
            outcome: totals.summary(),
        }
    }

    fn vary(path: &str) -> Vary {
        Vary {
            path: path.into(),
            from: 0.0,
            to: 1.0,
            steps: 2,
        }
    }

    const SURE: &str =
        "every point at 0 % or 100 % (Ana Person 100 %, Bo Person and Chen Person 0 %)";

    #[test]
    fn the_sweep_line_says_when_every_point_is_at_0_or_100() {
        let (candidates, vary) = (candidates(), vary("params.noise"));
        let svg = |points: &[SweepPoint]| {
            let chart = sweep_line::SweepLine {
                title: "Race",
                vary: &vary,
                points,
                candidates: &candidates,
                scenario_value: None,
                seed: 1,
            };
            figure_svg(&chart).unwrap()
        };
        let sure = [point(vec![0.0], [10, 0, 0]), point(vec![1.0], [10, 0, 0])];
        assert!(svg(&sure).contains(SURE));
        let open = [point(vec![0.0], [10, 0, 0]), point(vec![1.0], [6, 4, 0])];
        let drawn = svg(&open);
        assert!(!drawn.contains("every point at"));
        assert!(drawn.contains("at every point: Chen Person 0 %"));
    }

    #[test]
    fn the_heatmap_says_when_every_cell_is_at_0_or_100() {
        let candidates = candidates();
        let varies = [vary("params.noise"), vary("params.temperature")];
        let svg = |elected: [u64; 3]| {
            let points: Vec<SweepPoint> = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
                .iter()
                .enumerate()
                .map(|(i, v)| point(v.to_vec(), if i == 3 { elected } else { [0, 10, 0] }))
                .collect();
            let chart = sweep_heatmap::SweepHeatmap {
                title: "Race",
                varies: &varies,
                points: &points,
                candidates: &candidates,
                scenario_values: [None, None],
                seed: 1,
            };
            figure_svg(&chart).unwrap()
        };
        assert!(svg([0, 10, 0]).contains(
            "every cell at 0 % or 100 % (Bo Person 100 %, Ana Person and Chen Person 0 %)"
        ));
        let open = svg([5, 5, 0]);
        assert!(!open.contains("every cell at"));
        assert!(open.contains("at every cell: Chen Person 0 %"));
    }

    #[test]
    fn the_sensitivity_chart_says_when_the_chance_of_winning_never_moves() {
        let candidates = candidates();
        let params = ["params.noise=0:0.1".parse().unwrap()];
        let draw = |results: &[OutputIndices]| {
            let chart = sensitivity_bars::SensitivityBars {
                title: "Race",
                params: &params,
                method: Method::Morris {
                    trajectories: 2,
                    levels: 4,
                },
                candidates: &candidates,
                candidate: 0,
                results,
                runs: 4,
                seed: 1,
            };
            figure_svg(&chart).unwrap()
        };
        let svg = |mean: f64| {
            draw(&[OutputIndices {
                output: Output::WinProbability,
                candidate: 0,
                mean,
                indices: Indices::Undefined("the output never varies".into()),
            }])
        };
        for (mean, level) in [(1.0, "100 %"), (0.0, "0 %")] {
            let note = format!(
                "chance of winning: every design point at 0 % or 100 % (Ana Person {level})"
            );
            assert!(svg(mean).contains(&note), "{mean}");
        }
        assert!(!svg(0.4).contains("every design point"));
        // Effects all 0: the panel's empty bars are explained.
        let morris = |mu_star: f64| {
            let index = crate::analysis::sensitivity::MorrisIndex {
                name: "params.noise".into(),
                mu: mu_star,
                mu_star,
                sigma: 0.0,
            };
            [OutputIndices {
                output: Output::WinProbability,
                candidate: 0,
                mean: 0.75,
                indices: Indices::Morris(vec![index]),
            }]
        };
        let note =
            "chance of winning: every effect is 0, the output is the same at every design point";
        assert!(draw(&morris(0.0)).contains(note));
        assert!(!draw(&morris(0.1)).contains("every effect is 0"));
    }

    #[test]
    fn ensemble_charts_say_when_every_value_is_at_0_or_100() {
        let mut result = small_race(10, false);
        for kind in [EnsembleChart::WinProbability, EnsembleChart::Outcome] {
            assert!(!render_svg(&result, kind).unwrap().contains("at 100 %"));
        }
        let k = result.frame.candidates.len();
        for day in &mut result.timeseries {
            for (c, d) in day.win_probability.iter_mut().enumerate() {
                let p = if c == 0 { 1.0 } else { 0.0 };
                (d.mean, d.p5, d.p25, d.median, d.p75, d.p95) = (p, p, p, p, p, p);
            }
        }
        let svg = render_svg(&result, EnsembleChart::WinProbability).unwrap();
        let names: Vec<&str> = result
            .frame
            .candidates
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        // The subtitle wraps: its words, in order, across lines.
        let text = svg_text(&svg);
        let note = format!("every date at 0 % or 100 % ({} 100 %", names[0]);
        assert!(text.contains(&note), "{text}");
        for h in &mut result.first_round_histograms {
            let runs = h.iter().sum::<u64>();
            h.iter_mut().for_each(|n| *n = 0);
            h[1] = runs;
        }
        assert_eq!(result.first_round_histograms.len(), k);
        let svg = render_svg(&result, EnsembleChart::Outcome).unwrap();
        let note = "every bar at 100 %: each candidate received the same votes in every run";
        assert!(svg_text(&svg).contains(note));
    }

    /// The text of an SVG's lines, joined by spaces.
    fn svg_text(svg: &str) -> String {
        svg.lines()
            .filter(|l| !l.starts_with('<'))
            .collect::<Vec<_>>()
            .join(" ")
    }
}
