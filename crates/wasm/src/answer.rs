//! Answers out, carrying only what JavaScript lacks. The wrapper (`js/api.js`, `readAnswer`)
//! reads them generically, with no rule knowledge:
//!
//! - a valid form's normalized value, written from core's value borrowed from the call
//!   ([`hwc_kyc::ValidRef`]): its structure, numbers, each key as its index in core's
//!   [`NAMES`] (`K`, which the wrapper has from `tables()`), and each string as a reference to
//!   the string the encoder wrote at that byte of the call (`R`, the wrapper keeps what it
//!   wrote) or, for a closed value core implies, its index in [`NAMES`]: no text crosses back;
//! - issues: the code as its index in core's table (`issueCodes`), the path (a field's key as
//!   its index in [`NAMES`]), the params' values in the order the code declares them
//!   (`issueCodeInfo`), and the message core rendered;
//! - anything else (a request, a parsed answer, a description, a usage error): JSON text.
//!
//! Texts that do cross (messages, path keys, params) are one UTF-8 block at the end of the
//! answer, which the wrapper decodes once and slices by UTF-16 offsets.
//!
//! ```text
//! answer := kind:u8 …
//!   JSON:   kind 0, UTF-8 JSON text
//!   VALID:  kind 1, text-offset:u32, value, texts
//!   ISSUES: kind 2, text-offset:u32, count:u32, issue…, texts
//! issue  := code-index:u8, segments:u32, segment…, param value… (the code's params, in order),
//!           message (S)
//! value  := R offset:u32 | K name:u8 | S at:u32 len:u32 (UTF-16 units in the texts) | I f64
//!         | T | F | N | A count:u32 value… | O count:u32 (key value)…   (a key is K or S)
//! segment:= K | S (a key) | X index:u32
//! ```

use hwc_kyc::json::Value;
use hwc_kyc::model::emit::Sink;
use hwc_kyc::wire::NAMES;
use hwc_kyc::{Issue, IssueCode, ParamValue, PathSegment, ValidRef};

use crate::locales::Lang;

/// JSON text.
pub const JSON: u8 = 0;
/// A valid form's normalized value.
pub const VALID: u8 = 1;
/// A list of issues.
pub const ISSUES: u8 = 2;

const REF: u8 = b'R';
const NAME: u8 = b'K';
const TEXT: u8 = b'S';
const NUMBER: u8 = b'I';
const TRUE: u8 = b'T';
const FALSE: u8 = b'F';
const NULL: u8 = b'N';
const ARRAY: u8 = b'A';
const OBJECT: u8 = b'O';
const INDEX: u8 = b'X';

const SLOT_COUNT: usize = 64;

/// The slot of a name in [`SLOTS`]: a hash of its length and end bytes (no loop; `None` for
/// `""`).
const fn slot(b: &[u8]) -> Option<usize> {
    match (b.first(), b.last()) {
        (Some(&first), Some(&last)) => {
            Some((b.len() * 2 + first as usize * 3 + last as usize * 5) % SLOT_COUNT)
        }
        _ => None,
    }
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The index in [`NAMES`] of the name in each slot, or 255: each name's own slot (the build
/// fails when two names collide; then change the hash in [`slot`]). A text listed twice
/// (`name`, a key and a `search_type`) keeps its first index.
const SLOTS: [u8; SLOT_COUNT] = {
    let mut slots = [255u8; SLOT_COUNT];
    let mut i = 0;
    while i < NAMES.len() {
        let Some(at) = slot(NAMES[i].as_bytes()) else {
            panic!("an empty name")
        };
        if slots[at] == 255 {
            slots[at] = i as u8;
        } else {
            let held = NAMES[slots[at] as usize].as_bytes();
            assert!(
                same(held, NAMES[i].as_bytes()),
                "two names share a slot: change the hash"
            );
        }
        i += 1;
    }
    slots
};

/// The index of `s` in [`NAMES`]: one comparison (a search comparing each name cost a tenth of
/// an enterprise form's answer in the module).
fn name_index(s: &str) -> Option<u8> {
    let i = *SLOTS.get(slot(s.as_bytes())?)?;
    (NAMES.get(usize::from(i)) == Some(&s)).then_some(i)
}

/// A JSON text answer.
pub fn json(text: String) -> Vec<u8> {
    let mut out = text.into_bytes();
    out.insert(0, JSON);
    out
}

/// Writes a compact answer: the body, then the texts.
struct Writer<'c> {
    out: Vec<u8>,
    texts: String,
    /// UTF-16 length of `texts`.
    units: usize,
    /// The call's bytes, which the input's strings are slices of.
    call: &'c [u8],
}

impl<'c> Writer<'c> {
    fn new(kind: u8, call: &'c [u8]) -> Self {
        let mut out = Vec::with_capacity(256);
        out.extend([kind, 0, 0, 0, 0]);
        Writer {
            out,
            texts: String::new(),
            units: 0,
            call,
        }
    }

    fn u32(&mut self, n: usize) {
        self.out.extend_from_slice(&(n as u32).to_le_bytes());
    }

    fn number(&mut self, f: f64) {
        self.out.push(NUMBER);
        self.out.extend_from_slice(&f.to_le_bytes());
    }

    /// A text that crosses: its place in the texts.
    fn text(&mut self, s: &str) {
        // UTF-16 units: as many as bytes in ASCII (most messages), else one per UTF-8 lead byte
        // and two for a 4-byte sequence's.
        let len = if s.is_ascii() {
            s.len()
        } else {
            s.bytes()
                .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
                .sum::<usize>()
        };
        self.out.push(TEXT);
        self.u32(self.units);
        self.u32(len);
        self.texts.push_str(s);
        self.units += len;
    }

    /// A key or a text: its index in [`NAMES`], else the text itself.
    fn name(&mut self, s: &str) {
        match name_index(s) {
            Some(i) => self.out.extend([NAME, i]),
            None => self.text(s),
        }
    }

    /// A string of the value: a reference to where the encoder wrote it when it is one of the
    /// call's strings (a slice of `call`, as core's borrowed value holds them), else as
    /// [`Writer::name`].
    fn string(&mut self, s: &str) {
        let base = self.call.as_ptr() as usize;
        let p = s.as_ptr() as usize;
        if p >= base + 5 && p + s.len() <= base + self.call.len() {
            // The string's tag and length are the 5 bytes before its text.
            let at = p - base - 5;
            if let (Some(&hwc_kyc::wire::STRING), Some(len)) =
                (self.call.get(at), self.call.get(at + 1..at + 5))
            {
                if len == (s.len() as u32).to_le_bytes() {
                    self.out.push(REF);
                    self.u32(at);
                    return;
                }
            }
        }
        self.name(s)
    }

    /// Opens an object whose count [`Writer::close`] writes.
    fn open(&mut self) -> usize {
        self.out.push(OBJECT);
        self.out.extend([0; 4]);
        self.out.len() - 4
    }

    fn close(&mut self, at: usize, count: usize) {
        if let Some(slot) = self.out.get_mut(at..at + 4) {
            slot.copy_from_slice(&(count as u32).to_le_bytes());
        }
    }

    fn param(&mut self, p: Option<&ParamValue>) {
        match p {
            None => self.out.push(NULL),
            Some(ParamValue::Int(i)) => self.number(*i as f64),
            Some(ParamValue::Text(t)) => self.text(t),
            Some(ParamValue::List(items)) => {
                self.out.push(ARRAY);
                self.u32(items.len());
                for item in items {
                    self.param(Some(item));
                }
            }
        }
    }

    fn issue(&mut self, issue: &Issue, lang: Lang) {
        let code = IssueCode::ALL
            .iter()
            .position(|c| *c == issue.code)
            .unwrap_or_default();
        self.out.push(code as u8);
        self.u32(issue.path.len());
        for seg in &issue.path {
            match seg {
                PathSegment::Key(k) => self.name(k),
                PathSegment::Index(i) => {
                    self.out.push(INDEX);
                    self.u32(*i);
                }
            }
        }
        // The values of the params the code declares, in that order (names the wrapper knows).
        for name in issue.code.params() {
            let value = issue.params.iter().find(|(n, _)| n == name).map(|(_, v)| v);
            self.param(value);
        }
        let message = lang.message(issue);
        self.text(&message);
    }

    fn finish(mut self) -> Vec<u8> {
        let at = self.out.len() as u32;
        if let Some(slot) = self.out.get_mut(1..5) {
            slot.copy_from_slice(&at.to_le_bytes());
        }
        self.out.extend_from_slice(self.texts.as_bytes());
        self.out
    }
}

/// The fields of a valid form's normalized value ([`Writer::name`], [`Writer::string`]).
struct Fields<'w, 'c> {
    w: &'w mut Writer<'c>,
    count: usize,
}

impl Fields<'_, '_> {
    fn key(&mut self, key: &'static str) {
        self.count += 1;
        self.w.name(key);
    }
}

impl Sink for Fields<'_, '_> {
    fn str(&mut self, key: &'static str, v: &str) {
        self.key(key);
        self.w.string(v);
    }

    fn int(&mut self, key: &'static str, v: i64) {
        self.key(key);
        self.w.number(v as f64);
    }

    fn list(&mut self, key: &'static str, v: &[&str]) {
        self.key(key);
        self.w.out.push(ARRAY);
        self.w.u32(v.len());
        for item in v {
            self.w.string(item);
        }
    }

    fn object(&mut self, key: &'static str, fields: impl FnOnce(&mut Self)) {
        self.key(key);
        let at = self.w.open();
        let outer = core::mem::replace(&mut self.count, 0);
        fields(self);
        let count = core::mem::replace(&mut self.count, outer);
        self.w.close(at, count);
    }
}

/// A valid form's normalized value (core's fields in the documented order), written from core's
/// value borrowed from `call`: its strings refer to the call's.
pub fn valid(valid: &ValidRef<'_>, call: &[u8]) -> Vec<u8> {
    let mut w = Writer::new(VALID, call);
    let at = w.open();
    let mut fields = Fields {
        w: &mut w,
        count: 0,
    };
    valid.emit(&mut fields);
    let count = fields.count;
    w.close(at, count);
    w.finish()
}

/// A list of issues, their messages in `lang`.
pub fn issues(list: &[Issue], lang: Lang) -> Vec<u8> {
    let mut w = Writer::new(ISSUES, &[]);
    w.u32(list.len());
    for issue in list {
        w.issue(issue, lang);
    }
    w.finish()
}

/// The Rust model of the wrapper's reader (`readAnswer` in `js/api.js`), for tests and fuzzing:
/// the answer as the JSON value the wrapper builds (`{"ok":true,"value":…}` for a valid value,
/// the list of issues for issues), reading references from `call`. `None` for bytes that are
/// not an answer.
pub fn read(answer: &[u8], call: &[u8]) -> Option<Value> {
    let (&kind, rest) = answer.split_first()?;
    if kind == JSON {
        return hwc_kyc::json::parse(rest).ok();
    }
    let at = u32::from_le_bytes(*rest.first_chunk::<4>()?) as usize;
    let texts: Vec<u16> = core::str::from_utf8(answer.get(at..)?)
        .ok()?
        .encode_utf16()
        .collect();
    let mut r = Reader {
        buf: answer.get(5..at)?,
        texts: &texts,
        call,
    };
    match kind {
        VALID => Some(Value::Object(vec![
            ("ok".into(), Value::Bool(true)),
            ("value".into(), r.value()?),
        ])),
        ISSUES => {
            let n = r.u32()?;
            let mut list = Vec::new();
            for _ in 0..n {
                let code = *IssueCode::ALL.get(usize::from(r.byte()?))?;
                let mut path = Vec::new();
                for _ in 0..r.u32()? {
                    path.push(match r.byte()? {
                        INDEX => Value::from(r.u32()? as i64),
                        tag => Value::String(r.string(tag)?),
                    });
                }
                let mut params = Vec::new();
                for name in code.params() {
                    params.push((name.to_string(), r.value()?));
                }
                r.byte()?;
                let message = r.text()?;
                list.push(Value::Object(vec![
                    ("path".into(), Value::Array(path)),
                    ("code".into(), Value::from(code.as_str())),
                    ("params".into(), Value::Object(params)),
                    ("message".into(), Value::String(message)),
                ]));
            }
            Some(Value::Array(list))
        }
        _ => None,
    }
}

struct Reader<'a> {
    buf: &'a [u8],
    texts: &'a [u16],
    call: &'a [u8],
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.buf.split_first()?;
        self.buf = rest;
        Some(b)
    }

    fn u32(&mut self) -> Option<usize> {
        let (head, rest) = self.buf.split_first_chunk::<4>()?;
        self.buf = rest;
        Some(u32::from_le_bytes(*head) as usize)
    }

    /// The text after an `S` tag (already read).
    fn text(&mut self) -> Option<String> {
        let (at, len) = (self.u32()?, self.u32()?);
        String::from_utf16(self.texts.get(at..at.checked_add(len)?)?).ok()
    }

    /// A string: a reference into the call or a text.
    fn string(&mut self, tag: u8) -> Option<String> {
        match tag {
            REF => {
                let at = self.u32()?;
                let mut s = self.call.get(at..)?;
                wire_string(&mut s).map(str::to_string)
            }
            NAME => NAMES.get(usize::from(self.byte()?)).map(|s| s.to_string()),
            TEXT => self.text(),
            _ => None,
        }
    }

    fn value(&mut self) -> Option<Value> {
        let tag = self.byte()?;
        Some(match tag {
            NULL => Value::Null,
            TRUE => Value::Bool(true),
            FALSE => Value::Bool(false),
            NUMBER => {
                let (head, rest) = self.buf.split_first_chunk::<8>()?;
                self.buf = rest;
                Value::Number(hwc_kyc::wire::number(f64::from_le_bytes(*head)))
            }
            ARRAY => {
                let n = self.u32()?;
                let mut items = Vec::new();
                for _ in 0..n {
                    items.push(self.value()?);
                }
                Value::Array(items)
            }
            OBJECT => {
                let n = self.u32()?;
                let mut members = Vec::new();
                for _ in 0..n {
                    let tag = self.byte()?;
                    let key = self.string(tag)?;
                    members.push((key, self.value()?));
                }
                Value::Object(members)
            }
            tag => Value::String(self.string(tag)?),
        })
    }
}

/// A string value of the wire format at the front of `buf`.
fn wire_string<'a>(buf: &mut &'a [u8]) -> Option<&'a str> {
    let (&tag, rest) = buf.split_first()?;
    if tag != hwc_kyc::wire::STRING {
        return None;
    }
    let (len, rest) = rest.split_first_chunk::<4>()?;
    let bytes = rest.get(..u32::from_le_bytes(*len) as usize)?;
    core::str::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_in_any_script_read_back_exactly() {
        // UTF-16 offsets of 1-, 2-, 3- and 4-byte UTF-8 characters, in keys and messages.
        let key = "é中😀x";
        let issue = Issue::new(
            vec![
                PathSegment::Key(key.to_string().into()),
                PathSegment::Index(2),
            ],
            IssueCode::UnknownField,
            Vec::new(),
            hwc_kyc::Locale::En,
        );
        let named = Issue::new(
            vec![PathSegment::key("corp_name")],
            IssueCode::Required,
            Vec::new(),
            hwc_kyc::Locale::En,
        );
        let out = issues(&[issue.clone(), named, issue], Lang::ENGLISH);
        let read = read(&out, &[]).unwrap().to_json();
        let message = hwc_kyc::messages::render(IssueCode::UnknownField, &[], hwc_kyc::Locale::En);
        let first = format!(
            r#"{{"path":["{key}",2],"code":"unknown_field","params":{{}},"message":"{message}"}}"#
        );
        assert!(read.starts_with(&format!("[{first},")), "{read}");
        assert!(read.ends_with(&format!(",{first}]")), "{read}");
        assert!(read.contains(r#""path":["corp_name"]"#), "{read}");
    }

    #[test]
    fn each_name_is_found_at_its_first_index_and_nothing_else_is() {
        for (i, name) in NAMES.iter().enumerate() {
            let first = NAMES.iter().position(|n| n == name);
            assert_eq!(name_index(name).map(usize::from), first, "{name}");
            assert!(first <= Some(i));
        }
        for other in [
            "",
            "nam",
            "Name",
            "customer_id ",
            "legalperson",
            "corp_nam\u{e9}",
        ] {
            assert_eq!(name_index(other), None, "{other:?}");
        }
    }
}
