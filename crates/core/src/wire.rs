//! The npm package's boundary protocol: how any JavaScript value crosses into the WebAssembly
//! module as bytes, and how core reads those bytes **borrowed** ([`read`] gives an
//! [`input::Node`](crate::input::Node) whose strings are slices of the buffer).
//!
//! The package's generic encoder (`crates/wasm/js/api.js`, `encode`) writes the value; it knows
//! no rule, only this format. [`encode`] is its Rust model for JSON values (tests and fuzzing
//! check that the verdict on the bytes equals core's verdict on the same value through JSON).
//!
//! # Format
//!
//! A value is a tag byte and its payload; integers are little-endian `u32`:
//!
//! | tag | value | payload |
//! |---|---|---|
//! | [`UNDEFINED`] | `undefined` (an array reads it as `null`, an object drops the member) | — |
//! | [`NULL`], [`FALSE`], [`TRUE`] | `null`, `false`, `true` | — |
//! | [`NUMBER`] | a number (`NaN` and `Infinity` included) | `f64` |
//! | [`STRING`] | a string | byte length, UTF-8 bytes |
//! | [`ILL_FORMED`] | a string with a lone surrogate (read with U+FFFD in its place, noted [`Note::IllFormed`]) | as [`STRING`] |
//! | [`NAME`] | a string of [`NAMES`] (the encoder writes an object's key so when it is one) | its index: `u8` |
//! | [`ARRAY`] | an array (`Array.isArray`), holes as [`UNDEFINED`] | count, byte length of the items, items |
//! | [`OBJECT`] | any other object: its own enumerable string keys (`Object.keys`) | count, byte length, (key, value)… ; a key is a [`STRING`], [`ILL_FORMED`] or [`NAME`] |
//! | [`BYTES`] | a typed array or `DataView` as an argument (`checkAttachment`'s head); inside a value it reads as an empty object | byte length, bytes |
//! | [`TOO_LARGE`] | a field past the budgets ([`FIELD_VALUES`], [`MAX_VALUES`]) | — |
//! | [`UNREADABLE`] | a getter or proxy trap threw | — |
//! | [`BIGINT`], [`SYMBOL`], [`FUNCTION`] | what JSON cannot hold | — |
//!
//! A value noted by a marker ([`TOO_LARGE`] … [`FUNCTION`]) reads as `false`, which no field of
//! any form accepts, so core reports a wrong type at its path; [`Notes::apply`] then says it
//! truly. The encoder reads what the walker of JavaScript values read before it: an object or
//! array met again inside itself (a cycle) is written as an empty one of its kind, nesting
//! deeper than [`MAX_DEPTH`] as `undefined`, and each top-level field of an object input (or the
//! whole input when it is not an object) past its budget as one [`TOO_LARGE`], every other field
//! in full.
//!
//! # Untrusted bytes
//!
//! The bytes come from a page that may be hostile. [`read`] checks them whole before anything
//! reads them: tags, lengths that end inside their container, counts that match, UTF-8, depth at
//! most [`MAX_DEPTH`]. It never panics, allocates only for the notes (at most [`MAX_VALUES`]),
//! and runs in time linear in the bytes; anything else is [`Malformed`] (fuzz target `wire`).

use crate::input::{List, ListRepr, Map, MapRepr, Node};
use crate::issue::{Issue, IssueCode, ParamValue, PathSegment};
use crate::json::{Number, Value, MAX_DEPTH};
use crate::locale::Locale;

/// `undefined`.
pub const UNDEFINED: u8 = 0;
/// `null`.
pub const NULL: u8 = 1;
/// `false`.
pub const FALSE: u8 = 2;
/// `true`.
pub const TRUE: u8 = 3;
/// A number: `f64`.
pub const NUMBER: u8 = 4;
/// A well-formed string: byte length, UTF-8.
pub const STRING: u8 = 5;
/// A string with a lone surrogate, which the encoder wrote as U+FFFD.
pub const ILL_FORMED: u8 = 6;
/// An array: count, byte length, items.
pub const ARRAY: u8 = 7;
/// An object: count, byte length, (key, value) pairs.
pub const OBJECT: u8 = 8;
/// Bytes (a typed array handed as an argument): byte length, bytes.
pub const BYTES: u8 = 9;
/// A field past the budgets.
pub const TOO_LARGE: u8 = 10;
/// A getter or proxy trap threw.
pub const UNREADABLE: u8 = 11;
/// A bigint.
pub const BIGINT: u8 = 12;
/// A symbol.
pub const SYMBOL: u8 = 13;
/// A function.
pub const FUNCTION: u8 = 14;
/// A string of [`NAMES`]: its index (`u8`).
pub const NAME: u8 = 15;

const NAME_COUNT: usize = crate::model::FIELD_NAMES.len()
    + crate::model::SearchType::WIRE_VALUES.len()
    + crate::model::CertifierRole::WIRE_VALUES.len();

/// Texts the boundary names by index, both ways: the models' keys
/// ([`FIELD_NAMES`](crate::model::FIELD_NAMES)) and the closed text values core implies. The
/// encoder writes an object's key that is one of them as [`NAME`] (no text to write, nor to
/// check as UTF-8 here), and the npm package's answers name them so too.
pub const NAMES: [&str; NAME_COUNT] = {
    let mut names = [""; NAME_COUNT];
    let lists = [
        crate::model::FIELD_NAMES,
        crate::model::SearchType::WIRE_VALUES,
        crate::model::CertifierRole::WIRE_VALUES,
    ];
    let (mut list, mut at) = (0, 0);
    while list < lists.len() {
        let mut i = 0;
        while i < lists[list].len() {
            names[at] = lists[list][i];
            (i, at) = (i + 1, at + 1);
        }
        list += 1;
    }
    assert!(NAME_COUNT <= 255, "a name's index is a byte");
    names
};

/// The name at `index` of [`NAMES`].
fn name_at(buf: &mut &[u8]) -> Option<&'static str> {
    let (&index, rest) = buf.split_first()?;
    *buf = rest;
    NAMES.get(usize::from(index)).copied()
}

/// Most values the encoder writes of one top-level field (or of the whole input when it is
/// not an object); a 10,000-entry list fits with room to spare.
pub const FIELD_VALUES: usize = 100_000;
/// Most values the encoder writes of one input in all.
pub const MAX_VALUES: usize = 1_000_000;

/// Bytes that are not a value of this format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

/// The items of an array or the members of an object, as bytes already checked by [`read`].
#[derive(Debug, Clone, Copy)]
pub struct Seq<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) count: usize,
}

/// What JSON cannot say about a value read at some path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// Past the budgets: not read.
    TooLarge,
    /// A getter or proxy trap threw.
    Unreadable,
    /// A bigint, symbol or function (its `typeof`).
    NotJson(&'static str),
    /// A string (or an object's key) with a lone surrogate.
    IllFormed,
}

/// The notes of one value, each at its path.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Notes(Vec<(Vec<PathSegment>, Note)>);

impl Notes {
    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The notes in order.
    pub fn iter(&self) -> impl Iterator<Item = &(Vec<PathSegment>, Note)> {
        self.0.iter()
    }

    /// Says in `issues` (core's, for the value read) what the notes know: at a noted path, core's
    /// wrong-type issue about the placeholder becomes [`IssueCode::TooLarge`],
    /// [`IssueCode::Unreadable`] or the `invalid_type` of the value's real `typeof`; a text with a
    /// lone surrogate adds [`IssueCode::IllFormedText`] after the issues at and under its path.
    /// Only notes at or under `under` count (`validateField`'s path). Messages are English.
    pub fn apply(&self, issues: &mut Vec<Issue>, under: &[PathSegment]) {
        for (path, note) in &self.0 {
            if !path.starts_with(under) {
                continue;
            }
            if *note == Note::IllFormed {
                let at = issues
                    .iter()
                    .rposition(|i| i.path.starts_with(path))
                    .map_or(issues.len(), |n| n + 1);
                let issue = Issue::new(
                    path.clone(),
                    IssueCode::IllFormedText,
                    Vec::new(),
                    Locale::En,
                );
                issues.insert(at, issue);
                continue;
            }
            for issue in issues.iter_mut() {
                if issue.path != *path || issue.code != IssueCode::InvalidType {
                    continue;
                }
                *issue = match note {
                    Note::TooLarge => {
                        let max = ParamValue::Int(FIELD_VALUES as i64);
                        Issue::new(
                            path.clone(),
                            IssueCode::TooLarge,
                            vec![("max", max)],
                            Locale::En,
                        )
                    }
                    Note::Unreadable => {
                        Issue::new(path.clone(), IssueCode::Unreadable, Vec::new(), Locale::En)
                    }
                    Note::NotJson(kind) => {
                        let mut params = issue.params.clone();
                        for (name, value) in &mut params {
                            if *name == "received" {
                                *value = ParamValue::Text((*kind).into());
                            }
                        }
                        Issue::new(path.clone(), IssueCode::InvalidType, params, Locale::En)
                    }
                    Note::IllFormed => continue,
                };
            }
        }
    }

    /// Core's verdict on the value read, with the notes said ([`Notes::apply`]): valid only when
    /// core found nothing and the notes add nothing.
    pub fn verdict<T>(&self, verdict: Result<T, Vec<Issue>>) -> Result<T, Vec<Issue>> {
        match verdict {
            Ok(valid) if self.is_empty() => Ok(valid),
            Ok(valid) => {
                let mut issues = Vec::new();
                self.apply(&mut issues, &[]);
                if issues.is_empty() {
                    Ok(valid)
                } else {
                    Err(issues)
                }
            }
            Err(mut issues) => {
                self.apply(&mut issues, &[]);
                Err(issues)
            }
        }
    }
}

/// One value read from the front of the bytes: the value (`None` for `undefined`) and its notes.
#[derive(Debug, Clone)]
pub struct Read<'a> {
    /// The value; `None` for `undefined`.
    pub node: Option<Node<'a>>,
    /// What JSON cannot say about it.
    pub notes: Notes,
    /// The bytes of a [`BYTES`] value (then `node` reads it as an empty object).
    pub bytes: Option<&'a [u8]>,
}

/// Checks and reads the value at the front of `buf`, leaving `buf` after it.
pub fn read<'a>(buf: &mut &'a [u8]) -> Result<Read<'a>, Malformed> {
    let start = *buf;
    let mut checker = Checker { notes: Vec::new() };
    checker.value(buf, None, 0)?;
    // Checked: the reading below cannot fail.
    let mut again = start;
    let bytes = match start.first() {
        Some(&BYTES) => {
            let mut rest = start.get(1..).ok_or(Malformed)?;
            Some(take(&mut rest)?)
        }
        _ => None,
    };
    let node = next_value(&mut again).ok_or(Malformed)?;
    Ok(Read {
        node,
        notes: Notes(checker.notes),
        bytes,
    })
}

/// A `u32` at the front of `buf`.
fn u32_at(buf: &mut &[u8]) -> Option<usize> {
    let (head, rest) = buf.split_first_chunk::<4>()?;
    *buf = rest;
    Some(u32::from_le_bytes(*head) as usize)
}

/// A length and that many bytes.
fn take<'a>(buf: &mut &'a [u8]) -> Result<&'a [u8], Malformed> {
    let len = u32_at(buf).ok_or(Malformed)?;
    let (bytes, rest) = buf.split_at_checked(len).ok_or(Malformed)?;
    *buf = rest;
    Ok(bytes)
}

/// Count and byte length of a container, and its contents.
fn seq<'a>(buf: &mut &'a [u8]) -> Option<Seq<'a>> {
    let count = u32_at(buf)?;
    let len = u32_at(buf)?;
    let (bytes, rest) = buf.split_at_checked(len)?;
    *buf = rest;
    Some(Seq { bytes, count })
}

/// A JavaScript number as JSON reads it: integral and exact → `Int`.
pub fn number(f: f64) -> Number {
    const SAFE: f64 = 9_007_199_254_740_991.0;
    if f.fract() == 0.0 && (-SAFE..=SAFE).contains(&f) {
        // Exact: |f| ≤ 2^53 - 1 and integral (the cast also maps -0 to 0).
        Number::Int(f as i64)
    } else {
        Number::Float(f)
    }
}

/// The next value of checked bytes: `Some(None)` for `undefined`, `None` at the end.
pub(crate) fn next_value<'a>(buf: &mut &'a [u8]) -> Option<Option<Node<'a>>> {
    let (&tag, rest) = buf.split_first()?;
    *buf = rest;
    Some(Some(match tag {
        UNDEFINED => return Some(None),
        NULL => Node::Null,
        TRUE => Node::Bool(true),
        NUMBER => {
            let (head, rest) = buf.split_first_chunk::<8>()?;
            *buf = rest;
            Node::Number(number(f64::from_le_bytes(*head)))
        }
        STRING | ILL_FORMED => Node::String(core::str::from_utf8(take(buf).ok()?).ok()?),
        NAME => Node::String(name_at(buf)?),
        ARRAY => Node::Array(List(ListRepr::Wire(seq(buf)?))),
        OBJECT => Node::Object(Map(MapRepr::Wire(seq(buf)?))),
        BYTES => {
            take(buf).ok()?;
            Node::Object(Map(MapRepr::Wire(Seq {
                bytes: &[],
                count: 0,
            })))
        }
        // FALSE and the markers: the placeholder `false`.
        _ => Node::Bool(false),
    }))
}

/// Skips the next value of checked bytes; `None` at the end.
fn skip(buf: &mut &[u8]) -> Option<()> {
    let (&tag, rest) = buf.split_first()?;
    *buf = rest;
    let len = match tag {
        NUMBER => 8,
        NAME => 1,
        STRING | ILL_FORMED | BYTES => u32_at(buf)?,
        ARRAY | OBJECT => {
            u32_at(buf)?;
            u32_at(buf)?
        }
        _ => 0,
    };
    *buf = buf.get(len..)?;
    Some(())
}

/// The first member named `key` (not `undefined`) of checked object members: its key (a slice
/// of the bytes) and value.
pub(crate) fn member<'a>(mut buf: &'a [u8], key: &str) -> Option<(&'a str, Node<'a>)> {
    loop {
        let (&tag, rest) = buf.split_first()?;
        buf = rest;
        let name = if tag == NAME {
            name_at(&mut buf)?.as_bytes()
        } else {
            let len = u32_at(&mut buf)?;
            let (name, rest) = buf.split_at_checked(len)?;
            buf = rest;
            name
        };
        if name == key.as_bytes() {
            if let Some(value) = next_value(&mut buf)? {
                return Some((core::str::from_utf8(name).ok()?, value));
            }
        } else {
            skip(&mut buf)?;
        }
    }
}

/// The key of the next member of checked object members whose value is not `undefined`,
/// skipping the value.
pub(crate) fn next_member_key<'a>(buf: &mut &'a [u8]) -> Option<&'a str> {
    loop {
        let key = next_key(buf)?;
        let undefined = buf.first() == Some(&UNDEFINED);
        skip(buf)?;
        if !undefined {
            return Some(key);
        }
    }
}

/// The next key of checked object members.
pub(crate) fn next_key<'a>(buf: &mut &'a [u8]) -> Option<&'a str> {
    let (&tag, rest) = buf.split_first()?;
    *buf = rest;
    if tag == NAME {
        return name_at(buf);
    }
    core::str::from_utf8(take(buf).ok()?).ok()
}

/// A place while checking: a parent and one more segment (a list on the stack).
struct At<'p, 'a> {
    parent: Option<&'p At<'p, 'a>>,
    seg: Seg<'a>,
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn path_of(at: Option<&At<'_, '_>>) -> Vec<PathSegment> {
    let mut segs = Vec::new();
    let mut cur = at;
    while let Some(a) = cur {
        segs.push(match a.seg {
            Seg::Key(k) => PathSegment::Key(k.to_string().into()),
            Seg::Index(i) => PathSegment::Index(i),
        });
        cur = a.parent;
    }
    segs.reverse();
    segs
}

struct Checker {
    notes: Vec<(Vec<PathSegment>, Note)>,
}

impl Checker {
    fn note(&mut self, at: Option<&At<'_, '_>>, note: Note) -> Result<(), Malformed> {
        if self.notes.len() >= MAX_VALUES {
            return Err(Malformed);
        }
        self.notes.push((path_of(at), note));
        Ok(())
    }

    fn string<'a>(
        &mut self,
        tag: u8,
        buf: &mut &'a [u8],
        at: Option<&At<'_, 'a>>,
    ) -> Result<&'a str, Malformed> {
        let s = core::str::from_utf8(take(buf)?).map_err(|_| Malformed)?;
        if tag == ILL_FORMED {
            self.note(at, Note::IllFormed)?;
        }
        Ok(s)
    }

    fn value<'a>(
        &mut self,
        buf: &mut &'a [u8],
        at: Option<&At<'_, 'a>>,
        depth: usize,
    ) -> Result<(), Malformed> {
        let (&tag, rest) = buf.split_first().ok_or(Malformed)?;
        *buf = rest;
        match tag {
            UNDEFINED | NULL | FALSE | TRUE => Ok(()),
            NUMBER => {
                let (_, rest) = buf.split_first_chunk::<8>().ok_or(Malformed)?;
                *buf = rest;
                Ok(())
            }
            STRING | ILL_FORMED => self.string(tag, buf, at).map(|_| ()),
            NAME => name_at(buf).map(|_| ()).ok_or(Malformed),
            BYTES => take(buf).map(|_| ()),
            TOO_LARGE => self.note(at, Note::TooLarge),
            UNREADABLE => self.note(at, Note::Unreadable),
            BIGINT => self.note(at, Note::NotJson("bigint")),
            SYMBOL => self.note(at, Note::NotJson("symbol")),
            FUNCTION => self.note(at, Note::NotJson("function")),
            ARRAY | OBJECT => {
                if depth >= MAX_DEPTH {
                    return Err(Malformed);
                }
                let Seq { mut bytes, count } = seq(buf).ok_or(Malformed)?;
                for i in 0..count {
                    if tag == ARRAY {
                        let here = At {
                            parent: at,
                            seg: Seg::Index(i),
                        };
                        self.value(&mut bytes, Some(&here), depth + 1)?;
                    } else {
                        let (&key_tag, rest) = bytes.split_first().ok_or(Malformed)?;
                        bytes = rest;
                        let key = match key_tag {
                            NAME => name_at(&mut bytes).ok_or(Malformed)?,
                            STRING | ILL_FORMED => {
                                core::str::from_utf8(take(&mut bytes)?).map_err(|_| Malformed)?
                            }
                            _ => return Err(Malformed),
                        };
                        // (The note of an ill-formed key is at the key's own path.)
                        let here = At {
                            parent: at,
                            seg: Seg::Key(key),
                        };
                        if key_tag == ILL_FORMED {
                            self.note(Some(&here), Note::IllFormed)?;
                        }
                        self.value(&mut bytes, Some(&here), depth + 1)?;
                    }
                }
                // The count matches the contents, which fill their length exactly.
                if bytes.is_empty() {
                    Ok(())
                } else {
                    Err(Malformed)
                }
            }
            _ => Err(Malformed),
        }
    }
}

/// The Rust model of the package's JavaScript encoder for a JSON value (as `JSON.parse` gives
/// it to JavaScript): appends its bytes to `out`, with the same budgets, depth and order.
pub fn encode(v: &Value, out: &mut Vec<u8>) {
    let mut e = Encoder {
        out,
        budget: FIELD_VALUES,
        total: MAX_VALUES,
        cut: false,
    };
    e.field(v, 0);
}

struct Encoder<'o> {
    out: &'o mut Vec<u8>,
    budget: usize,
    total: usize,
    cut: bool,
}

impl Encoder<'_> {
    fn u32(&mut self, n: usize) {
        self.out.extend_from_slice(&(n as u32).to_le_bytes());
    }

    fn string(&mut self, s: &str) {
        self.out.push(STRING);
        self.u32(s.len());
        self.out.extend_from_slice(s.as_bytes());
    }

    /// An object's key: its index when it is one of [`NAMES`].
    fn key(&mut self, k: &str) {
        match NAMES.iter().position(|n| *n == k) {
            Some(i) => self.out.extend([NAME, i as u8]),
            None => self.string(k),
        }
    }

    /// A value with a budget of its own (the input, or a field of an object input).
    fn field(&mut self, v: &Value, depth: usize) {
        let start = self.out.len();
        let outer = (self.budget, self.cut);
        (self.budget, self.cut) = (FIELD_VALUES, false);
        self.value(v, depth);
        let over = self.cut;
        (self.budget, self.cut) = outer;
        if over {
            self.out.truncate(start);
            self.out.push(TOO_LARGE);
        }
    }

    fn value(&mut self, v: &Value, depth: usize) {
        if self.budget == 0 || self.total == 0 {
            self.cut = true;
        }
        if self.cut {
            return;
        }
        self.budget -= 1;
        self.total -= 1;
        match v {
            Value::Null => self.out.push(NULL),
            Value::Bool(b) => self.out.push(if *b { TRUE } else { FALSE }),
            Value::Number(n) => {
                let f = match *n {
                    Number::Int(i) => i as f64,
                    Number::Float(f) => f,
                };
                self.out.push(NUMBER);
                self.out.extend_from_slice(&f.to_le_bytes());
            }
            Value::String(s) => self.string(s),
            Value::Array(_) | Value::Object(_) if depth >= MAX_DEPTH => self.out.push(UNDEFINED),
            Value::Array(items) => {
                self.out.push(ARRAY);
                let at = self.out.len();
                self.u32(items.len());
                self.u32(0);
                for item in items {
                    self.value(item, depth + 1);
                }
                self.close(at);
            }
            Value::Object(members) => {
                self.out.push(OBJECT);
                let at = self.out.len();
                self.u32(members.len());
                self.u32(0);
                for (k, item) in members {
                    self.key(k);
                    if depth == 0 {
                        self.field(item, depth + 1);
                    } else {
                        self.value(item, depth + 1);
                    }
                }
                self.close(at);
            }
        }
    }

    /// Writes the byte length of the container whose count is at `at`.
    fn close(&mut self, at: usize) {
        let len = self.out.len() - at - 8;
        if let Some(slot) = self.out.get_mut(at + 4..at + 8) {
            slot.copy_from_slice(&(len as u32).to_le_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn round(json: &str) -> Value {
        let v = parse(json.as_bytes()).unwrap();
        let mut out = Vec::new();
        encode(&v, &mut out);
        let mut buf = out.as_slice();
        let read = read(&mut buf).unwrap();
        assert!(buf.is_empty());
        assert!(read.notes.is_empty());
        read.node.unwrap().to_value()
    }

    #[test]
    fn a_json_value_reads_back_the_same() {
        for json in [
            "null",
            "true",
            "[1,2.5,-0,\"x\",{\"a\":[]}]",
            r#"{"a":"é中😀","b":{"c":[null,false,{"d":1e300}]},"":""}"#,
        ] {
            let v = parse(json.as_bytes()).unwrap();
            let want = match v {
                // -0 reads as the integer 0, as the walker read JavaScript's -0.
                _ if json.contains("-0") => parse(json.replace("-0", "0").as_bytes()).unwrap(),
                v => v,
            };
            assert_eq!(round(json), want, "{json}");
        }
    }

    #[test]
    fn markers_are_notes_at_their_paths_and_read_as_false() {
        // {"a": <bigint>, "b": [1, <unreadable>], "c\u{fffd}": <ill-formed "x">}
        let mut out = vec![OBJECT];
        let mut body = vec![STRING, 1, 0, 0, 0, b'a', BIGINT];
        body.extend([STRING, 1, 0, 0, 0, b'b', ARRAY, 2, 0, 0, 0, 10, 0, 0, 0]);
        body.extend([NUMBER, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, UNREADABLE]);
        body.extend([ILL_FORMED, 4, 0, 0, 0, b'c', 0xef, 0xbf, 0xbd]);
        body.extend([ILL_FORMED, 1, 0, 0, 0, b'x']);
        out.extend(3u32.to_le_bytes());
        out.extend((body.len() as u32).to_le_bytes());
        out.extend(body);
        let read = read(&mut out.as_slice()).unwrap();
        let notes: Vec<_> = read.notes.iter().cloned().collect();
        let key = |k: &str| PathSegment::Key(k.to_string().into());
        assert_eq!(
            notes,
            [
                (vec![key("a")], Note::NotJson("bigint")),
                (vec![key("b"), PathSegment::Index(1)], Note::Unreadable),
                (vec![key("c\u{fffd}")], Note::IllFormed),
                (vec![key("c\u{fffd}")], Note::IllFormed),
            ]
        );
        assert_eq!(
            read.node.unwrap().to_value().to_json(),
            r#"{"a":false,"b":[1,false],"c�":"x"}"#
        );
    }

    #[test]
    fn malformed_bytes_are_refused() {
        for bytes in [
            &[][..],
            &[99],
            &[NUMBER, 0, 0],
            &[STRING, 5, 0, 0, 0, b'a'],
            &[STRING, 1, 0, 0, 0, 0xff],
            // A count the contents do not fill, contents past the length.
            &[ARRAY, 2, 0, 0, 0, 1, 0, 0, 0, NULL],
            &[ARRAY, 1, 0, 0, 0, 2, 0, 0, 0, NULL, NULL],
            // A key that is not a string.
            &[OBJECT, 1, 0, 0, 0, 2, 0, 0, 0, NULL, NULL],
        ] {
            assert_eq!(read(&mut &bytes[..]).unwrap_err(), Malformed, "{bytes:?}");
        }
        // Nesting past MAX_DEPTH.
        let nest = |levels: usize| {
            let mut v = vec![NULL];
            for _ in 0..levels {
                let mut outer = vec![ARRAY, 1, 0, 0, 0];
                outer.extend((v.len() as u32).to_le_bytes());
                outer.extend(v);
                v = outer;
            }
            v
        };
        assert!(read(&mut nest(MAX_DEPTH).as_slice()).is_ok());
        assert_eq!(
            read(&mut nest(MAX_DEPTH + 1).as_slice()).unwrap_err(),
            Malformed
        );
    }

    #[test]
    fn a_key_of_the_names_crosses_as_its_index() {
        let v = parse(br#"{"search_type":"email","x":{"name":"name"}}"#).unwrap();
        let mut out = Vec::new();
        encode(&v, &mut out);
        let search_type = NAMES.iter().position(|n| *n == "search_type").unwrap() as u8;
        let name = NAMES.iter().position(|n| *n == "name").unwrap() as u8;
        assert_eq!(&out[9..11], &[NAME, search_type]);
        // The value "email" is a string; the unknown key "x" too; "name" as a key is a name.
        assert_eq!(&out[11..12], &[STRING]);
        assert!(out.windows(2).any(|w| w == [NAME, name]));
        assert_eq!(round(r#"{"search_type":"email","x":{"name":"name"}}"#), v);
        // As a value too, a name reads as its text.
        let bytes = [ARRAY, 1, 0, 0, 0, 2, 0, 0, 0, NAME, name];
        let list = read(&mut &bytes[..]).unwrap().node.unwrap();
        assert_eq!(list.to_value().to_json(), r#"["name"]"#);
        // An index past the names is malformed, as a key or a value.
        let past = NAMES.len() as u8;
        for bytes in [
            &[NAME, past][..],
            &[OBJECT, 1, 0, 0, 0, 3, 0, 0, 0, NAME, past, NULL],
            &[NAME],
        ] {
            assert_eq!(read(&mut &bytes[..]).unwrap_err(), Malformed, "{bytes:?}");
        }
    }

    #[test]
    fn a_field_past_its_budget_is_one_too_large_marker() {
        let big = Value::Array(vec![Value::Null; FIELD_VALUES]);
        let v = Value::Object(vec![
            ("big".into(), big),
            ("name".into(), Value::String("x".into())),
        ]);
        let mut out = Vec::new();
        encode(&v, &mut out);
        let read = read(&mut out.as_slice()).unwrap();
        assert_eq!(
            read.notes.iter().cloned().collect::<Vec<_>>(),
            [(vec![PathSegment::key("big")], Note::TooLarge)]
        );
        assert_eq!(
            read.node.unwrap().to_value().to_json(),
            r#"{"big":false,"name":"x"}"#
        );
    }
}
