//! A light structural scan of a RON document: where each value starts and ends.
//!
//! serde tells us *what* is wrong with a value but RON deserialisation keeps no
//! positions, so this scanner builds a tree of value spans (byte offsets into the
//! text). The loader uses it to deserialise sections one by one (so that several
//! problems can be reported at once) and the validator to point at the value
//! behind a cross-reference error. It accepts a superset of RON's syntax and
//! never panics; anything it cannot read is left to RON to report.

/// Deepest nesting accepted; deeper documents are rejected before parsing.
pub const MAX_DEPTH: usize = 64;

/// A value in the document and its byte span.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub start: usize,
    pub end: usize,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// A number, string, identifier or other single token.
    Atom(String),
    /// `Name(...)` or `Name` followed by a body: a named struct, tuple or enum variant.
    Named(String, Box<Node>),
    /// `( a: 1, b: 2 )` or `{ "a": 1 }`: fields by name, with the key's offset.
    Fields(Vec<Field>),
    /// `[1, 2]` or `(1, 2)`: values by position.
    Items(Vec<Node>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub key: String,
    pub key_start: usize,
    pub value: Node,
}

/// Why the scan stopped: the caller falls back on RON's own message.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanError {
    pub offset: usize,
    pub message: String,
}

/// One step of a path into the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Field(String),
    Index(usize),
    /// The list item whose `id` or `code` field equals this string.
    Key(String),
}

/// A path from the document root to a value, e.g. `campaigns[id=us].target`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Path(pub Vec<Seg>);

impl Path {
    pub fn root() -> Path {
        Path(Vec::new())
    }
    pub fn field(&self, name: &str) -> Path {
        self.with(Seg::Field(name.to_string()))
    }
    pub fn index(&self, i: usize) -> Path {
        self.with(Seg::Index(i))
    }
    pub fn key(&self, k: &str) -> Path {
        self.with(Seg::Key(k.to_string()))
    }
    fn with(&self, seg: Seg) -> Path {
        let mut v = self.0.clone();
        v.push(seg);
        Path(v)
    }
}

impl Node {
    /// The node's fields if it is a struct or map (looking through a name).
    pub fn fields(&self) -> Option<&[Field]> {
        match &self.kind {
            NodeKind::Fields(f) => Some(f),
            NodeKind::Named(_, body) => body.fields(),
            _ => None,
        }
    }

    /// The node's positional items if it is a list or tuple (looking through a name).
    pub fn items(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Items(v) => Some(v),
            NodeKind::Named(_, body) => body.items(),
            _ => None,
        }
    }

    /// The type or variant name, for `Name(...)` values.
    pub fn name(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Named(n, _) => Some(n),
            NodeKind::Atom(a) if a.chars().next().is_some_and(|c| c.is_alphabetic()) => Some(a),
            _ => None,
        }
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields()?.iter().find(|f| f.key == key)
    }

    /// The unquoted text of a string atom.
    pub fn string(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Atom(a) if a.len() >= 2 && a.starts_with('"') && a.ends_with('"') => {
                Some(&a[1..a.len() - 1])
            }
            _ => None,
        }
    }

    /// The deepest node along `path` and the offset to report: the value's start,
    /// or, where the path cannot be followed further, the last node reached.
    pub fn locate(&self, path: &Path) -> usize {
        let mut node = self;
        for seg in &path.0 {
            let next = match seg {
                Seg::Field(name) => node.field(name).map(|f| &f.value),
                Seg::Index(i) => node.items().and_then(|v| v.get(*i)),
                Seg::Key(k) => node.items().and_then(|items| {
                    items.iter().find(|item| {
                        ["id", "code"].iter().any(|key| {
                            item.field(key).and_then(|f| f.value.string()) == Some(k.as_str())
                        })
                    })
                }),
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node.start
    }
}

impl Node {
    /// The innermost field whose value holds byte `offset`, and the single
    /// token (atom) there, if any: what a parser error at `offset` is about.
    pub fn context_at(&self, offset: usize) -> (Option<&Field>, Option<&Node>) {
        let mut node = self;
        let mut field = None;
        loop {
            let next = match &node.kind {
                NodeKind::Atom(_) => return (field, Some(node)),
                NodeKind::Named(_, body) => Some(&**body),
                NodeKind::Fields(fields) => fields
                    .iter()
                    .find(|f| f.key_start <= offset && offset <= f.value.end)
                    .map(|f| {
                        field = Some(f);
                        &f.value
                    }),
                NodeKind::Items(items) => {
                    items.iter().find(|n| n.start <= offset && offset <= n.end)
                }
            };
            match next {
                Some(n) if n.start <= offset && offset <= n.end => node = n,
                _ => return (field, None),
            }
        }
    }

    /// Every struct or map in the document, with its fields: for checks
    /// that serde cannot make (a key given twice in a map).
    pub fn groups(&self) -> Vec<&[Field]> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            match &node.kind {
                NodeKind::Atom(_) => {}
                NodeKind::Named(_, body) => stack.push(body),
                NodeKind::Fields(fields) => {
                    out.push(fields.as_slice());
                    stack.extend(fields.iter().map(|f| &f.value));
                }
                NodeKind::Items(items) => stack.extend(items.iter()),
            }
        }
        out
    }
}

/// Byte offset of a 1-based line and character column (the inverse of
/// [`line_col`]); clamped to the text.
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    text[start..]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i)
}

/// Scan a whole document into its root value.
pub fn scan(text: &str) -> Result<Node, ScanError> {
    let mut s = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    s.skip_trivia()?;
    // Leading attributes such as `#![enable(implicit_some)]`.
    while s.peek() == Some(b'#') {
        while let Some(b) = s.peek() {
            s.pos += 1;
            if b == b']' {
                break;
            }
        }
        s.skip_trivia()?;
    }
    let root = s.value(0)?;
    s.skip_trivia()?;
    if s.pos < s.bytes.len() {
        return Err(s.error("unexpected text after the end of the document"));
    }
    Ok(root)
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn error(&self, message: &str) -> ScanError {
        ScanError {
            offset: self.pos.min(self.bytes.len()),
            message: message.to_string(),
        }
    }

    fn skip_trivia(&mut self) -> Result<(), ScanError> {
        loop {
            match self.peek() {
                Some(b) if b.is_ascii_whitespace() => self.pos += 1,
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    while let Some(b) = self.peek() {
                        if b == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'*') => {
                    let mut depth = 0usize;
                    loop {
                        if self.pos + 1 >= self.bytes.len() {
                            return Err(self.error("unterminated block comment"));
                        }
                        let two = &self.bytes[self.pos..self.pos + 2];
                        if two == b"/*" {
                            depth += 1;
                            self.pos += 2;
                        } else if two == b"*/" {
                            depth -= 1;
                            self.pos += 2;
                            if depth == 0 {
                                break;
                            }
                        } else {
                            self.pos += 1;
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, ScanError> {
        if depth > MAX_DEPTH {
            return Err(self.error(&format!(
                "the document is nested more than {MAX_DEPTH} levels deep"
            )));
        }
        self.skip_trivia()?;
        let start = self.pos;
        match self.peek() {
            None => Err(self.error("expected a value, found the end of the file")),
            Some(b'(') => self.group(b'(', b')', depth),
            Some(b'[') => self.group(b'[', b']', depth),
            Some(b'{') => self.group(b'{', b'}', depth),
            Some(b'"') => {
                self.string()?;
                Ok(self.atom(start))
            }
            Some(b'r') if matches!(self.bytes.get(self.pos + 1), Some(b'"') | Some(b'#')) => {
                self.raw_string()?;
                Ok(self.atom(start))
            }
            Some(b'\'') => {
                self.pos += 1;
                while let Some(b) = self.peek() {
                    self.pos += 1;
                    if b == b'\\' {
                        self.pos += 1;
                    } else if b == b'\'' {
                        return Ok(self.atom(start));
                    }
                }
                Err(self.error("unterminated character literal"))
            }
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_') {
                    self.pos += 1;
                }
                let name = self.text[start..self.pos].to_string();
                let after_name = self.pos;
                self.skip_trivia()?;
                if self.peek() == Some(b'(') {
                    let body = self.group(b'(', b')', depth)?;
                    Ok(Node {
                        start,
                        end: body.end,
                        kind: NodeKind::Named(name, Box::new(body)),
                    })
                } else {
                    self.pos = after_name;
                    Ok(self.atom(start))
                }
            }
            Some(b')') | Some(b']') | Some(b'}') | Some(b',') | Some(b':') => {
                Err(self.error("expected a value"))
            }
            Some(_) => {
                while let Some(b) = self.peek() {
                    if b.is_ascii_whitespace() || b"()[]{},:\"".contains(&b) {
                        break;
                    }
                    self.pos += 1;
                }
                if self.pos == start {
                    self.pos += 1;
                }
                Ok(self.atom(start))
            }
        }
    }

    fn atom(&self, start: usize) -> Node {
        Node {
            start,
            end: self.pos,
            kind: NodeKind::Atom(self.text.get(start..self.pos).unwrap_or("").to_string()),
        }
    }

    fn string(&mut self) -> Result<(), ScanError> {
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b'"' => return Ok(()),
                _ => {}
            }
        }
        Err(self.error("unterminated string"))
    }

    fn raw_string(&mut self) -> Result<(), ScanError> {
        self.pos += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        if self.peek() != Some(b'"') {
            return Err(self.error("malformed raw string"));
        }
        self.pos += 1;
        let mut closing = vec![b'"'];
        closing.extend(std::iter::repeat_n(b'#', hashes));
        while self.pos < self.bytes.len() {
            if self.bytes[self.pos..].starts_with(&closing) {
                self.pos += closing.len();
                return Ok(());
            }
            self.pos += 1;
        }
        Err(self.error("unterminated raw string"))
    }

    /// A parenthesised, bracketed or braced group: fields when its first entry
    /// is `key:`, positional items otherwise.
    fn group(&mut self, open: u8, close: u8, depth: usize) -> Result<Node, ScanError> {
        let start = self.pos;
        self.pos += 1;
        let mut fields = Vec::new();
        let mut items = Vec::new();
        loop {
            self.skip_trivia()?;
            match self.peek() {
                None => {
                    return Err(self.error(&format!(
                        "expected `{}` to close the group opened here",
                        close as char
                    )));
                }
                Some(b) if b == close => {
                    self.pos += 1;
                    break;
                }
                _ => {}
            }
            let first = self.value(depth + 1)?;
            self.skip_trivia()?;
            if open != b'[' && self.peek() == Some(b':') {
                self.pos += 1;
                let value = self.value(depth + 1)?;
                let key = match &first.kind {
                    NodeKind::Atom(a) => a.trim_matches('"').to_string(),
                    _ => String::new(),
                };
                fields.push(Field {
                    key,
                    key_start: first.start,
                    value,
                });
            } else {
                items.push(first);
            }
            self.skip_trivia()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b) if b == close => {}
                _ => {
                    return Err(self.error(&format!("expected `,` or `{}`", close as char)));
                }
            }
        }
        let kind = if !fields.is_empty() || (open == b'{' && items.is_empty()) {
            NodeKind::Fields(fields)
        } else {
            NodeKind::Items(items)
        };
        Ok(Node {
            start,
            end: self.pos,
            kind,
        })
    }
}

/// 1-based line and column (in characters, as RON counts them) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r##"// comment
Scenario(
    a: 1,
    list: [ (id: "x", v: Blocs(["AU", "EU"])), (id: "y") ],
    map: { "k": "v" },
    /* block /* nested */ */ s: r#"raw"#,
)"##;

    #[test]
    fn scans_fields_items_and_names() {
        let root = scan(DOC).unwrap();
        assert_eq!(root.name(), Some("Scenario"));
        let list = &root.field("list").unwrap().value;
        assert_eq!(list.items().unwrap().len(), 2);
        assert_eq!(
            root.field("map").unwrap().value.fields().unwrap()[0].key,
            "k"
        );
        assert!(root.field("s").is_some());
    }

    #[test]
    fn locates_paths_by_key_and_index() {
        let root = scan(DOC).unwrap();
        let path = Path::root()
            .field("list")
            .key("x")
            .field("v")
            .index(0)
            .index(1);
        let at = root.locate(&path);
        assert_eq!(&DOC[at..at + 4], "\"EU\"");
        assert_eq!(line_col(DOC, at), (4, 39));
        // A path that cannot be followed stops at the deepest node reached.
        let missing = Path::root().field("list").key("nope");
        assert_eq!(&DOC[root.locate(&missing)..][..1], "[");
    }

    #[test]
    fn rejects_unbalanced_and_deep_documents() {
        assert!(scan("(a: [1, 2)").is_err());
        assert!(scan("(a: \"open").is_err());
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(scan(&deep).is_err());
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ä\n  éx";
        assert_eq!(line_col(text, text.find('x').unwrap()), (2, 4));
    }
}
