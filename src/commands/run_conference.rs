//! `lobbysim run` on a conference: one seeded run of every post, written
//! as each post's usual files in `posts/<post id>/` and tidy tables across
//! the posts at the top (docs/OUTPUTS.md, "Conference run").

use std::path::Path;

use super::run::{image_format, summary as post_summary, write_parameters};
use super::{CommandError, output_folder, scenario_manifest};
use crate::cli::{Format, OutputArgs, OverrideArgs};
use crate::model::Conference;
use crate::report::posts::{
    AFTER_RESULTS_FILE, DEALS_FILE, POSTS_FILE, post_folder, summary, summary_json,
    write_after_results, write_deals, write_posts,
};
use crate::report::summary::{SUMMARY_JSON_FILE, SUMMARY_TEXT_FILE};
use crate::report::{self, OutputDir};
use crate::scenario::LoadedScenario;

/// How `lobbysim run` was asked to run.
pub struct How<'a> {
    pub seed: u64,
    pub central: bool,
    pub output: &'a OutputArgs,
    pub format: Format,
    pub overrides: &'a OverrideArgs,
    pub argv: &'a [String],
}

pub fn run(file: &Path, loaded: &LoadedScenario, how: &How) -> Result<(), CommandError> {
    let s = &loaded.scenario;
    let folder = output_folder(&how.output.out, &s.meta.name, &format!("seed{}", how.seed));
    // Refuse an existing folder before any work is done.
    let dir = OutputDir::create(&folder, how.output.force)?;
    let result = Conference::new(s).run(how.seed, how.central);
    for post in &result.posts {
        let sub = dir.folder(&post_folder(&post.id))?;
        report::write_run(&sub, &post.result, image_format(how.format))?;
        write_parameters(&sub, &post.result.parameters)?;
    }
    dir.write_with(POSTS_FILE, |w| write_posts(w, &result))?;
    if !s.deals.is_empty() {
        dir.write_with(DEALS_FILE, |w| write_deals(w, s, &result))?;
    }
    if !s.after_results.is_empty() {
        dir.write_with(AFTER_RESULTS_FILE, |w| write_after_results(w, s, &result))?;
    }
    write_parameters(&dir, &result.parameters)?;
    let text = summary(s, &result, post_summary);
    let json = summary_json(s, &result);
    dir.write_bytes(SUMMARY_TEXT_FILE, text.as_bytes())?;
    dir.write_bytes(SUMMARY_JSON_FILE, json.as_bytes())?;
    let mut manifest = scenario_manifest("run", file, loaded, how.seed, how.argv, how.overrides);
    manifest
        .extra
        .insert("central".to_owned(), serde_json::json!(how.central));
    manifest.extra.insert(
        "posts".to_owned(),
        serde_json::json!(result.posts.iter().map(|p| &p.id).collect::<Vec<_>>()),
    );
    let mut files = dir.files();
    files.sort();
    manifest.files = files;
    report::write_manifest(&dir, manifest)?;
    let path = dir.finish()?;
    if how.output.json {
        print!("{json}");
    } else if !how.output.quiet {
        print!("{text}");
        println!("results in {}", path.display());
    }
    Ok(())
}
