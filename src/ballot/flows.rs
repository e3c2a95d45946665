//! Where each state's vote went from one round to the next: the counts that
//! the transfer chart and `transfers.csv` show.

use crate::result::{Flow, Vote};

/// Kind of a paper by its first mark, for `k` candidates: a candidate
/// `0..k`, blank or invalid (`k`), absent (`k + 1`); `None` without a vote.
fn kind(first: Vote, k: usize) -> Option<usize> {
    match first {
        Vote::For(c) if c < k => Some(c),
        Vote::For(_) | Vote::Blank => Some(k),
        Vote::Absent => Some(k + 1),
        Vote::NoVote => None,
    }
}

/// The flow from round `from_round` (papers `before`, `width_before` marks
/// each) to the next (papers `after`): `counts[a][b]` states whose paper was
/// of kind `a` and then of kind `b`, by each paper's first name (see
/// [`Flow`]). States without a vote in either round are left out.
pub fn flow(
    from_round: u32,
    before: &[Vote],
    width_before: usize,
    after: &[Vote],
    width_after: usize,
    k: usize,
) -> Flow {
    let mut counts = vec![vec![0u32; k + 2]; k + 2];
    let firsts = |marks: &[Vote], width: usize| -> Vec<Vote> {
        marks.chunks(width.max(1)).map(|p| p[0]).collect()
    };
    for (a, b) in firsts(before, width_before)
        .into_iter()
        .zip(firsts(after, width_after))
    {
        if let (Some(a), Some(b)) = (kind(a, k), kind(b, k)) {
            counts[a][b] += 1;
        }
    }
    Flow { from_round, counts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_count_each_state_once_by_first_name() {
        use Vote::*;
        // Two candidates; four states: A→A, B→A, blank→B, no vote.
        let before = [For(0), For(1), Blank, NoVote];
        let after = [For(0), For(0), For(1), NoVote];
        let f = flow(1, &before, 1, &after, 1, 2);
        assert_eq!(f.from_round, 1);
        assert_eq!(
            f.counts,
            vec![
                vec![1, 0, 0, 0],
                vec![1, 0, 0, 0],
                vec![0, 1, 0, 0],
                vec![0; 4]
            ]
        );
        // Two seats then one: the first name counts.
        let before = [For(1), For(0), Absent, Absent];
        let f = flow(2, &before, 2, &[For(0), Blank], 1, 2);
        assert_eq!(f.counts[1][0], 1);
        assert_eq!(f.counts[3][2], 1);
    }
}
