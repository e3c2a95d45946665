//! A chart as a value: anything that can draw itself on a plotters drawing
//! area, written to a file of an output folder as PNG or SVG, or rendered
//! to an SVG string for tests. The analysis charts (compare, sweep,
//! sensitivity) are figures.

use plotters::prelude::*;

use super::ImageFormat;
use super::canvas::Canvas;
use super::common::{ChartError, ChartResult, HEIGHT, WIDTH, ensure_fonts};
use crate::report::{OutputDir, ReportError};

/// A chart that draws itself on a [`WIDTH`] × [`HEIGHT`] area.
pub trait Figure {
    /// File name without extension.
    fn name(&self) -> &str;

    /// Draw on `canvas`.
    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> ChartResult;
}

/// Writes `figure` into `dir` as `<name>.<format>`; returns the file name.
pub fn write_figure<F: Figure>(
    dir: &OutputDir,
    figure: &F,
    format: ImageFormat,
) -> Result<String, ReportError> {
    let name = format!("{}.{}", figure.name(), format.extension());
    dir.write_to_path(&name, |path| {
        let drawn = ensure_fonts().and_then(|()| match format {
            ImageFormat::Png => {
                let root = BitMapBackend::new(path, (WIDTH, HEIGHT)).into_drawing_area();
                figure.draw(&Canvas::new(&root, format))?;
                root.present().map_err(ChartError::of_bitmap)?;
                Ok(())
            }
            ImageFormat::Svg => {
                let root = SVGBackend::new(path, (WIDTH, HEIGHT)).into_drawing_area();
                figure.draw(&Canvas::new(&root, format))?;
                root.present()?;
                Ok(())
            }
        });
        drawn.map_err(|e| ReportError::Chart {
            path: dir.final_path().join(&name),
            message: e.0,
        })
    })?;
    Ok(name)
}

/// Draws `figure` as an SVG document in memory.
pub fn figure_svg<F: Figure>(figure: &F) -> Result<String, ChartError> {
    ensure_fonts()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        figure.draw(&Canvas::new(&root, ImageFormat::Svg))?;
        root.present()?;
    }
    Ok(svg)
}

/// The fullest description of a scenario path that fits in `max_width`
/// pixels: [`path_label`], else [`parameter_name`], else its last field with
/// the id before it (`weight of endorsed-*`), else its last field.
pub fn fitting_label(path: &str, max_width: i32, measure: &dyn Fn(&str) -> i32) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let last = parts.last().unwrap_or(&path).replace('_', " ");
    let mut labels = vec![path_label(path), parameter_name(path)];
    if let [_, .., id, _] = parts.as_slice()
        && id.parse::<usize>().is_err()
    {
        labels.push(format!("{last} of {id}"));
    }
    labels
        .into_iter()
        .find(|l| measure(l) <= max_width)
        .unwrap_or(last)
}

/// A scenario path in words for a reader: the model's parameters by what
/// they do, campaigns' and events' numbers by their field and id, anything
/// else by its last field.
pub fn parameter_name(path: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let words = |s: &str| s.replace('_', " ");
    let known = match parts.as_slice() {
        ["params", "temperature"] => "temperature of the vote choice",
        ["params", "stubbornness"] => "stubbornness (pull of the anchor)",
        ["params", "peer_influence"] => "pull of peers before the conference",
        ["params", "conference_peer_influence"] => "pull of peers at the conference",
        ["params", "noise"] => "daily noise in preferences",
        ["params", "abstention"] => "chance of a blank paper",
        ["params", "attendance"] => "chance a delegation attends",
        ["params", "pledge_threshold"] => "vote probability for a public pledge",
        ["params", "defection"] => "chance a pledged state defects",
        ["calendar", "tick_days"] => "days per step",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_owned();
    }
    match parts.as_slice() {
        ["campaigns", id, "tactics", n, field] => {
            format!("{} of tactic {n} of campaign {id}", words(field))
        }
        ["campaigns", id, field @ ..] if !field.is_empty() => {
            format!("{} of campaign {id}", words(&field.join(" ")))
        }
        ["events", id, "effects", n, field] => {
            format!("{} of effect {n} of event {id}", words(field))
        }
        ["events", id, field @ ..] if !field.is_empty() => {
            format!("{} of event {id}", words(&field.join(" ")))
        }
        // A `*` in the id stands for every term whose id it matches (calibrate).
        ["prior", "terms", id, field] if id.contains('*') => {
            format!("{} of prior terms {id}", words(field))
        }
        ["prior", "terms", id, field] => format!("{} of prior term {id}", words(field)),
        ["shocks", id, field] => format!("{} of shock {id}", words(field)),
        [.., last] => words(last),
        [] => path.to_owned(),
    }
}

/// An axis description for a scenario path: the parameter in words
/// ([`parameter_name`]), with its unit (for the model's parameters and the
/// numbers that add to utilities or effort) and its path.
pub fn path_label(path: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    let unit = match path.strip_prefix("params.") {
        Some("temperature") => "utility units",
        Some("noise") => "utility units per √day",
        Some("stubbornness" | "peer_influence" | "conference_peer_influence") => "weight per day",
        Some("abstention" | "attendance" | "pledge_threshold" | "defection") => "probability",
        Some(_) => "",
        // Prior weights, event shifts and campaign strengths add to utilities.
        None if matches!(last, "weight" | "shift" | "strength") => "utility units",
        None if matches!(last, "budget" | "effort") => "effort units",
        None => "",
    };
    let name = parameter_name(path);
    if unit.is_empty() {
        format!("{name} ({path})")
    } else {
        format!("{name} ({unit}; {path})")
    }
}

/// A round bound at or above `x` (> 0): 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8
/// times a power of ten; 1 for anything not positive.
pub fn nice_bound(x: f64) -> f64 {
    if !x.is_finite() || x <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(x.log10().floor());
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| crate::analysis::sweep::tidy(m * magnitude))
        .find(|&b| b >= x * (1.0 - 1e-12))
        .unwrap_or(10.0 * magnitude)
}

/// A tick label for a number on an axis spanning `span`: as few decimals as
/// the span needs.
pub fn axis_number(v: f64, span: f64) -> String {
    let decimals = if span >= 20.0 {
        0
    } else if span >= 2.0 {
        1
    } else if span >= 0.2 {
        2
    } else if span >= 0.02 {
        3
    } else {
        4
    };
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_labels_carry_units() {
        assert_eq!(
            path_label("params.noise"),
            "daily noise in preferences (utility units per √day; params.noise)"
        );
        assert_eq!(
            path_label("campaigns.x.budget"),
            "budget of campaign x (effort units; campaigns.x.budget)"
        );
        assert_eq!(
            path_label("prior.terms.0.weight"),
            "weight of prior term 0 (utility units; prior.terms.0.weight)"
        );
        assert_eq!(
            path_label("calendar.tick_days"),
            "days per step (calendar.tick_days)"
        );
    }

    #[test]
    fn parameters_have_names_in_words() {
        assert_eq!(
            parameter_name("campaigns.ru-outreach.tactics.0.effort"),
            "effort of tactic 0 of campaign ru-outreach"
        );
        assert_eq!(
            parameter_name("events.invasion.effects.1.shift"),
            "shift of effect 1 of event invasion"
        );
        assert_eq!(
            parameter_name("params.peer_influence"),
            "pull of peers before the conference"
        );
        assert_eq!(parameter_name("states.KEN.attendance"), "attendance");
        assert_eq!(
            parameter_name("prior.terms.bdt-director.weight"),
            "weight of prior term bdt-director"
        );
        assert_eq!(
            parameter_name("prior.terms.endorsed-*.weight"),
            "weight of prior terms endorsed-*"
        );
        assert_eq!(
            parameter_name("prior.terms.3.weight"),
            "weight of prior term 3"
        );
        assert_eq!(
            parameter_name("shocks.africa.scale"),
            "scale of shock africa"
        );
    }

    #[test]
    fn a_label_that_does_not_fit_keeps_the_id_before_the_last_field() {
        // One pixel per character.
        let measure = |s: &str| s.chars().count() as i32;
        let path = "prior.terms.endorsed-*.weight";
        assert_eq!(
            fitting_label(path, 200, &measure),
            "weight of prior terms endorsed-* (utility units; prior.terms.endorsed-*.weight)"
        );
        assert_eq!(
            fitting_label(path, 32, &measure),
            "weight of prior terms endorsed-*"
        );
        assert_eq!(fitting_label(path, 20, &measure), "weight of endorsed-*");
        assert_eq!(fitting_label(path, 10, &measure), "weight");
        // An index is no name: a reader gets the field alone.
        assert_eq!(
            fitting_label("prior.terms.3.weight", 10, &measure),
            "weight"
        );
    }

    #[test]
    fn nice_bounds() {
        assert_eq!(nice_bound(0.3), 0.3);
        assert_eq!(nice_bound(0.31), 0.4);
        assert_eq!(nice_bound(2.2), 2.5);
        assert_eq!(nice_bound(17.0), 20.0);
        assert_eq!(nice_bound(31.4), 40.0);
        assert_eq!(nice_bound(20.0), 20.0);
        assert_eq!(nice_bound(0.0), 1.0);
    }

    #[test]
    fn axis_numbers_use_the_decimals_the_span_needs() {
        assert_eq!(axis_number(0.05, 0.1), "0.050");
        assert_eq!(axis_number(1.5, 3.0), "1.5");
        assert_eq!(axis_number(150.0, 200.0), "150");
        assert_eq!(axis_number(-0.0001, 1.0), "0.00");
        assert_eq!(axis_number(-0.5, 1.0), "-0.50");
    }
}
