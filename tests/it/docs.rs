//! The documentation's examples stay true.

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
