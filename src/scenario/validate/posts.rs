//! Checks of a conference's posts, deals and after-result links
//! (docs/CONFERENCE.md), and that a scenario of one post uses none of them.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::super::rules::BallotRules;
use super::super::tree::Path;
use super::super::types::*;
use super::Validator;

impl<'a> Validator<'a> {
    /// A scenario without `posts` may not hold deals, links or candidates' posts.
    pub(super) fn one_post(&mut self) {
        let s = self.s;
        let root = Path::root();
        for (field, what, given) in [
            ("deals", "deals", !s.deals.is_empty()),
            (
                "after_results",
                "after-result links",
                !s.after_results.is_empty(),
            ),
        ] {
            if given {
                self.report(
                    root.field(field),
                    format!("{what} link the posts of a conference; this scenario has no `posts` (docs/CONFERENCE.md)"),
                );
            }
        }
        for c in &s.candidates {
            if c.post.is_some() {
                self.report(
                    root.field("candidates").key(&c.id).field("post"),
                    format!(
                        "candidate `{}` names a post, but the scenario has no `posts`",
                        c.id
                    ),
                );
            }
        }
    }

    pub(super) fn conference(&mut self) {
        let s = self.s;
        let root = Path::root();
        if s.version < 2 {
            self.report(
                root.field("version"),
                format!(
                    "`posts` need version 2 of the format; found version {}: write `version: 2`",
                    s.version
                ),
            );
        }
        if s.ballot != BallotRules::default() {
            self.report(
                root.field("ballot"),
                "a scenario with `posts` gives each post its own `ballot`; leave the top-level `ballot` out",
            );
        }
        self.unique_ids("posts", "post", s.posts.iter().map(|p| p.id.as_str()));
        let posts: Vec<&str> = s.posts.iter().map(|p| p.id.as_str()).collect();
        let mut of_post: HashMap<&str, Vec<&str>> = HashMap::new();
        for c in &s.candidates {
            let path = root.field("candidates").key(&c.id);
            match &c.post {
                None => self.report(
                    path.field("id"),
                    format!(
                        "candidate `{}` names no post; in a scenario with `posts` each candidate needs `post: \"...\"`, one of: {}",
                        c.id,
                        posts.join(", ")
                    ),
                ),
                Some(p) => {
                    self.reference(&path.field("post"), "post", p, &posts);
                    of_post.entry(p.as_str()).or_default().push(c.id.as_str());
                }
            }
        }
        let cal = &s.calendar;
        for (i, post) in s.posts.iter().enumerate() {
            let path = root.field("posts").index(i);
            if post.ballot_date < cal.conference_start || post.ballot_date > cal.ballot {
                self.report(
                    path.field("ballot_date"),
                    format!(
                        "expected a ballot date within the conference, from its start ({}) to the last ballot (calendar.ballot, {}), found {}",
                        cal.conference_start, cal.ballot, post.ballot_date
                    ),
                );
            }
            let ids = of_post.get(post.id.as_str()).cloned().unwrap_or_default();
            if ids.is_empty() && !self.broken_any() {
                self.report(
                    path.field("id"),
                    format!("post `{}` has no candidates; expected at least one candidate with `post: \"{}\"`", post.id, post.id),
                );
                continue;
            }
            if ids.len() > crate::model::MAX_CANDIDATES {
                self.report(
                    path.field("id"),
                    format!(
                        "expected at most {} candidates for a post, found {} for `{}`",
                        crate::model::MAX_CANDIDATES,
                        ids.len(),
                        post.id
                    ),
                );
            }
            self.ballot_rules(&path.field("ballot"), &post.ballot, &ids);
            self.basis(&path.field("ballot").field("basis"), &post.ballot.basis);
            if let Some(basis) = &post.basis {
                self.basis(&path.field("basis"), basis);
            }
        }
        if let Some(last) = s.posts.iter().max_by_key(|p| p.ballot_date)
            && last.ballot_date < cal.ballot
        {
            self.report(
                root.field("calendar").field("ballot"),
                format!(
                    "expected the date of the last post's ballot ({}, post `{}`), found {}",
                    last.ballot_date, last.id, cal.ballot
                ),
            );
        }
        self.deals();
        self.after_results();
    }

    /// The ballot date of the post that candidate `id` stands for.
    fn ballot_of(&self, id: &str) -> Option<(NaiveDate, &'a str)> {
        self.s.post_of(id).map(|p| (p.ballot_date, p.id.as_str()))
    }

    fn deals(&mut self) {
        let s = self.s;
        let root = Path::root();
        self.unique_ids("deals", "deal", s.deals.iter().map(|d| d.id.as_str()));
        for (i, deal) in s.deals.iter().enumerate() {
            let path = root.field("deals").index(i);
            self.in_calendar(&path.field("date"), deal.date);
            if deal.sides.is_empty() {
                self.report(
                    path.field("sides"),
                    format!("deal `{}` has no sides", deal.id),
                );
            }
            for (k, side) in deal.sides.iter().enumerate() {
                let sp = path.field("sides").index(k);
                self.selector(&sp.field("party"), &side.party, false);
                self.candidate_ref(&sp.field("backs"), &side.backs);
                self.uncertain(&sp.field("shift"), &side.shift, "shift");
                self.uncertain(&sp.field("breaks"), &side.breaks, "breaks");
                if let Some((ballot, post)) = self.ballot_of(&side.backs)
                    && deal.date > ballot
                {
                    self.report(
                        path.field("date"),
                        format!(
                            "deal `{}` is struck on {} after the ballot for `{}`'s post `{post}` ({ballot}); expected a date on or before it",
                            deal.id, deal.date, side.backs
                        ),
                    );
                }
            }
            self.basis(&path.field("basis"), &deal.basis);
        }
    }

    fn after_results(&mut self) {
        let s = self.s;
        let root = Path::root();
        self.unique_ids(
            "after_results",
            "after-result link",
            s.after_results.iter().map(|a| a.id.as_str()),
        );
        let posts: Vec<&str> = s.posts.iter().map(|p| p.id.as_str()).collect();
        for (i, link) in s.after_results.iter().enumerate() {
            let path = root.field("after_results").index(i);
            let Some(post) = s.posts.iter().find(|p| p.id == link.post) else {
                self.reference(&path.field("post"), "post", &link.post, &posts);
                continue;
            };
            let ids: Vec<&str> = s
                .candidates
                .iter()
                .filter(|c| c.post.as_deref() == Some(post.id.as_str()))
                .map(|c| c.id.as_str())
                .collect();
            let when = path.field("when").index(0);
            match &link.when {
                Condition::Elected(id) | Condition::NotElected(id) => {
                    let what = format!("candidate of post `{}`", post.id);
                    self.reference(&when, &what, id, &ids);
                }
                Condition::ElectedFromRegion(region) => {
                    let known = self.regions.clone();
                    self.reference(&when, "region", region, &known);
                }
            }
            if link.effects.is_empty() {
                self.report(
                    path.field("effects"),
                    format!("after-result link `{}` has no effects", link.id),
                );
            }
            for (j, eff) in link.effects.iter().enumerate() {
                let ep = path.field("effects").index(j);
                self.selector(&ep.field("target"), &eff.target, false);
                self.candidate_ref(&ep.field("candidate"), &eff.candidate);
                self.uncertain(&ep.field("shift"), &eff.shift, "shift");
                if let Some((ballot, later)) = self.ballot_of(&eff.candidate)
                    && ballot <= post.ballot_date
                {
                    self.report(
                        ep.field("candidate"),
                        format!(
                            "`{}` stands for post `{later}`, whose ballot ({ballot}) is not after that of `{}` ({}); an after-result link moves only posts that vote later",
                            eff.candidate, post.id, post.ballot_date
                        ),
                    );
                }
            }
            self.basis(&path.field("basis"), &link.basis);
        }
    }
}
