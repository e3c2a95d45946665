//! JSON as lobbysim writes it: pretty, ending with a newline, and every
//! object built as a `serde_json::Value` (with `json!`) in key order.
//!
//! serde_json keeps an object's keys in insertion order (the crate's
//! `preserve_order` feature, which the HTML report needs to show a file's
//! fields in the file's order). Written files keep the order they have
//! always had, sorted by key, so that they diff cleanly between versions;
//! `tests/it/json_order.rs` pins it.

use serde_json::{Map, Value};

/// `value` as pretty JSON with every object's keys sorted, ending with a
/// newline.
pub fn sorted_pretty(value: &Value) -> String {
    let mut value = value.clone();
    value.sort_all_objects();
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// `map` with its keys, and those of every object in it, sorted.
pub fn sorted_map(map: &Map<String, Value>) -> Map<String, Value> {
    let mut value = Value::Object(map.clone());
    value.sort_all_objects();
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_written_in_key_order_at_every_depth() {
        let v = serde_json::json!({"b": 1, "a": {"z": [ {"y": 1, "x": 2} ], "c": 3}});
        assert_eq!(
            sorted_pretty(&v).split_whitespace().collect::<String>(),
            r#"{"a":{"c":3,"z":[{"x":2,"y":1}]},"b":1}"#
        );
        assert!(sorted_pretty(&v).ends_with("}\n"));
        let Value::Object(map) = v else {
            unreachable!()
        };
        let sorted = sorted_map(&map);
        let keys: Vec<&String> = sorted.keys().collect();
        assert_eq!(keys, ["a", "b"]);
    }
}
