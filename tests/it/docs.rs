//! The documentation's examples stay true: the scenario in docs/SCENARIO.md, the
//! commands in docs/CLASSROOM.md.

#[test]
fn scenario_doc_embeds_the_classroom_scenario() {
    let doc = include_str!("../../docs/SCENARIO.md");
    let file = include_str!("../../scenarios/classroom/three_candidates.ron");
    let start = doc.find("```ron\n").expect("a ron block") + "```ron\n".len();
    let end = start + doc[start..].find("```").expect("the block ends");
    assert_eq!(
        &doc[start..end],
        file,
        "docs/SCENARIO.md's example differs from the classroom scenario"
    );
}

/// The `lobbysim` command lines in the ```sh blocks of a document.
fn command_lines(doc: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut in_sh = false;
    for line in doc.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_sh = !in_sh && trimmed == "```sh";
        } else if in_sh && trimmed.starts_with("lobbysim ") {
            lines.push(trimmed);
        }
    }
    lines
}

#[test]
fn classroom_commands_parse_with_this_cli() {
    use clap::Parser;
    use clap::error::ErrorKind;
    use lobbysim::cli::Cli;

    let doc = include_str!("../../docs/CLASSROOM.md");
    let lines = command_lines(doc);
    assert!(lines.len() >= 20, "found only {} commands", lines.len());
    let mut checked = 0;
    for line in lines {
        // No quoting in these examples: a plain split is the shell's.
        let args: Vec<&str> = line.split_whitespace().collect();
        match Cli::try_parse_from(&args) {
            Ok(_) => checked += 1,
            // A command this build does not have yet (added on another
            // branch): checked once it is here.
            Err(e) if e.kind() == ErrorKind::InvalidSubcommand => {}
            Err(e) => panic!("docs/CLASSROOM.md: `{line}` does not parse:\n{e}"),
        }
    }
    assert!(checked >= 10, "only {checked} commands checked");
}

/// The columns docs/OUTPUTS.md lists for `### KIND: `FILE``, in order.
fn documented_columns(doc: &str, kind: &str, file: &str) -> Option<Vec<String>> {
    let heading = format!("### {kind}: `{file}`");
    let start = doc.find(&heading)? + heading.len();
    let rest = &doc[start..];
    let end = rest.find("\n#").unwrap_or(rest.len());
    Some(
        rest[..end]
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split('`').next())
            .map(str::to_owned)
            .collect(),
    )
}

/// Without pandas (tests/check_outputs.py checks the types): every table a
/// run writes is in the data dictionary with its columns in order.
#[test]
fn the_data_dictionary_lists_every_column_of_a_run() {
    let doc = include_str!("../../docs/OUTPUTS.md");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let res = std::process::Command::new(env!("CARGO_BIN_EXE_lobbysim"))
        .args([
            "run",
            "scenarios/classroom/three_candidates.ron",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let mut tables = 0;
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let documented = documented_columns(doc, "run", &file)
            .unwrap_or_else(|| panic!("docs/OUTPUTS.md has no section for run: {file}"));
        assert_eq!(header, documented, "{file}");
        tables += 1;
    }
    assert_eq!(tables, 5);
}
