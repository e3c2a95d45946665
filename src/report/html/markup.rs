//! HTML text: escaping, and the display of values read from files
//! (numbers, percentages, yes/no, column names, colour swatches).

/// `s` with `& < > " '` replaced by character references, safe both as text
/// and inside a quoted attribute value.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// A number for reading: whole numbers as such, others with two decimals
/// from 1 up and three below (`4.013765` → `4.01`, `0.000689` → `0.001`,
/// `6.0` → `6`).
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    fixed(x)
}

/// A number with a fixed count of decimals, so that a column lines up:
/// two from 1 up, three below (`2.6` → `2.60`, `0.000689` → `0.001`).
pub fn fixed(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let decimals = if x.abs() >= 1.0 { 2 } else { 3 };
    let s = format!("{x:.decimals$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_owned(),
        _ => s,
    }
}

/// A probability (0..1) as a percentage with one decimal; `<0.1%` and
/// `>99.9%` for values that would round to 0 or 100 without being so.
pub fn percent(p: f64) -> String {
    if !p.is_finite() {
        return p.to_string();
    }
    // A negative zero (`-0.000000` in a file) is a plain zero.
    let pct = p * 100.0 + 0.0;
    if pct > 0.0 && pct < 0.05 {
        "&lt;0.1%".to_owned()
    } else if pct < 0.0 && pct > -0.05 {
        "&gt;-0.1%".to_owned()
    } else if (99.95..100.0).contains(&pct) {
        "&gt;99.9%".to_owned()
    } else {
        format!("{pct:.1}%")
    }
}

/// Whether a column (or JSON key) holds probabilities in 0..1, or
/// differences of them: `p_*`, `*_p_*`, `*probability*`, `*share*`,
/// `win`, `win_*`, `pivotal`.
pub fn is_probability_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "p"
        || n.starts_with("p_")
        || n.contains("_p_")
        || n.contains("probability")
        || n.contains("share")
        || n == "win"
        || n.starts_with("win_")
        || n == "pivotal"
}

/// A cell of a table read from a file, as HTML: numbers shortened (as
/// percentages in probability columns), `true`/`false` as yes/no, other text
/// escaped. The flag says whether the cell is numeric (right-aligned).
pub fn cell(column: &str, value: &str) -> (String, bool) {
    cell_as(value, is_probability_name(column))
}

/// As [`cell`], with numbers with a decimal point in -1..1 shown as
/// percentages when `percent`.
pub fn cell_as(value: &str, percent_column: bool) -> (String, bool) {
    let v = value.trim();
    match v {
        "true" => return ("yes".to_owned(), false),
        "false" => return ("no".to_owned(), false),
        // As the files write an infinite score or distance.
        "inf" => return ("∞".to_owned(), true),
        "-inf" => return ("−∞".to_owned(), true),
        _ => {}
    }
    if let Ok(x) = v.parse::<f64>()
        && !v.is_empty()
        && v.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c))
    {
        let decimal = v.contains(['.', 'e', 'E']);
        let text = if percent_column && decimal && (-1.0..=1.0).contains(&x) {
            percent(x)
        } else if decimal {
            fixed(x)
        } else {
            escape(v)
        };
        return (text, true);
    }
    (escape(v), false)
}

/// A column or key name for people: `p_ORT` → `P(ORT)`, `first_round_vote`
/// → `first round vote`; escaped.
pub fn heading(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("p_") {
        return format!("P({})", escape(&rest.replace('_', " ")));
    }
    escape(&name.replace('_', " "))
}

/// `Some(colour)` when `colour` is `#rrggbb` (a scenario's only form),
/// the only form allowed into a style attribute.
pub fn css_colour(colour: &str) -> Option<&str> {
    crate::scenario::colour::Colour::parse(colour).map(|_| colour)
}

/// A small square of `colour` before a name; nothing for an invalid colour.
pub fn swatch(colour: Option<&str>) -> String {
    match colour.and_then(css_colour) {
        Some(c) => format!(r#"<span class="swatch" style="background:{c}"></span>"#),
        None => String::new(),
    }
}

/// A command line as one string a shell would accept: arguments quoted where
/// they hold anything but plain characters.
pub fn shell_line(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
            if plain {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<b>"A" & 'B'</b>"#),
            "&lt;b&gt;&quot;A&quot; &amp; &#39;B&#39;&lt;/b&gt;"
        );
        assert_eq!(escape("plain text"), "plain text");
    }

    #[test]
    fn numbers_are_shortened() {
        assert_eq!(number(4.013765), "4.01");
        assert_eq!(number(0.000689), "0.001");
        assert_eq!(number(6.0), "6");
        assert_eq!(number(-0.0001), "0.000");
        assert_eq!(number(193.5), "193.50");
        assert_eq!(fixed(2.6), "2.60");
        assert_eq!(fixed(6.0), "6.00");
    }

    #[test]
    fn percentages_mark_the_extremes() {
        assert_eq!(percent(0.966776), "96.7%");
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(percent(-0.0), "0.0%");
        assert_eq!(percent(0.0003), "&lt;0.1%");
        assert_eq!(percent(0.9996), "&gt;99.9%");
        assert_eq!(percent(1.0), "100.0%");
    }

    #[test]
    fn cells_follow_their_column() {
        assert_eq!(cell("p_ORT", "0.250000"), ("25.0%".to_owned(), true));
        assert_eq!(
            cell("expected_votes", "4.013765"),
            ("4.01".to_owned(), true)
        );
        assert_eq!(cell("votes", "5"), ("5".to_owned(), true));
        // Counts stay counts, even in a probability column; differences
        // of probabilities are percentages too.
        assert_eq!(cell("p_A", "1"), ("1".to_owned(), true));
        assert_eq!(cell("change_p_A", "-0.250000"), ("-25.0%".to_owned(), true));
        assert_eq!(cell_as("0.5", false), ("0.500".to_owned(), true));
        assert_eq!(cell("standing", "true"), ("yes".to_owned(), false));
        assert_eq!(cell("name", "<Islay>"), ("&lt;Islay&gt;".to_owned(), false));
        // Dates and codes are not numbers.
        assert_eq!(cell("date", "2030-01-01"), ("2030-01-01".to_owned(), false));
        assert_eq!(cell("code", "NaN"), ("NaN".to_owned(), false));
        assert_eq!(cell("log", "inf"), ("∞".to_owned(), true));
    }

    #[test]
    fn only_hex_colours_reach_a_style() {
        assert_eq!(css_colour("#1f77b4"), Some("#1f77b4"));
        assert_eq!(css_colour("#abc"), None);
        assert_eq!(css_colour("red"), None);
        assert_eq!(css_colour("#1f77b4;background:url(x)"), None);
        assert_eq!(swatch(Some("javascript:")), "");
    }

    #[test]
    fn command_lines_are_quoted_where_needed() {
        let args: Vec<String> = ["lobbysim", "run", "a b.ron", "--set", "x=1", "it's"]
            .map(str::to_owned)
            .to_vec();
        assert_eq!(
            shell_line(&args),
            r"lobbysim run 'a b.ron' --set x=1 'it'\''s'"
        );
    }
}
