//! The validation context: collects issues and reads loosely typed fields.
//!
//! Paths are kept as a chain of stack frames ([`Loc`]) and turned into a `Vec` only when an issue
//! is recorded, so validating a valid form allocates nothing for paths.

use std::borrow::Cow;
use std::cell::Cell;

use crate::input::{Map, Node};
use crate::issue::{Issue, IssueCode, ParamValue, Params, PathSegment};
use crate::rules::length_and_letters::utf16_len;
use crate::validate::{Options, Stage};

/// A place in the input: a parent and one more segment.
#[derive(Clone, Copy)]
pub(crate) struct Loc<'a> {
    parent: Option<&'a Loc<'a>>,
    seg: Seg<'a>,
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    Root,
    Key(&'static str),
    Dynamic(&'a str),
    Index(usize),
}

impl<'a> Loc<'a> {
    pub(crate) const ROOT: Loc<'static> = Loc {
        parent: None,
        seg: Seg::Root,
    };

    pub(crate) fn key(&'a self, key: &'static str) -> Loc<'a> {
        Loc {
            parent: Some(self),
            seg: Seg::Key(key),
        }
    }

    pub(crate) fn dynamic(&'a self, key: &'a str) -> Loc<'a> {
        Loc {
            parent: Some(self),
            seg: Seg::Dynamic(key),
        }
    }

    pub(crate) fn index(&'a self, i: usize) -> Loc<'a> {
        Loc {
            parent: Some(self),
            seg: Seg::Index(i),
        }
    }

    /// True when this place is `prefix` or lies under it, compared without building the path.
    fn is_under(&self, prefix: &[PathSegment]) -> bool {
        // Segments from the leaf up; forms nest three levels at most.
        let mut segs: [Option<Seg<'_>>; 8] = [None; 8];
        let mut depth = 0;
        let mut slots = segs.iter_mut();
        let mut cur = Some(self);
        while let Some(loc) = cur {
            if !matches!(loc.seg, Seg::Root) {
                let Some(slot) = slots.next() else {
                    return super::under(&self.to_path(), prefix);
                };
                *slot = Some(loc.seg);
                depth += 1;
            }
            cur = loc.parent;
        }
        if depth < prefix.len() {
            return false;
        }
        // prefix[n] against segs[depth - 1 - n]: the segments from the root down.
        prefix
            .iter()
            .zip(segs.iter().take(depth).rev())
            .all(|(want, &seg)| match (seg, want) {
                (Some(Seg::Key(k)), PathSegment::Key(w)) => k == w.as_ref(),
                (Some(Seg::Dynamic(k)), PathSegment::Key(w)) => k == w.as_ref(),
                (Some(Seg::Index(i)), PathSegment::Index(w)) => i == *w,
                _ => false,
            })
    }

    fn to_path(self) -> Vec<PathSegment> {
        let mut segs = Vec::new();
        let mut cur = Some(&self);
        while let Some(loc) = cur {
            match loc.seg {
                Seg::Root => {}
                Seg::Key(k) => segs.push(PathSegment::Key(Cow::Borrowed(k))),
                Seg::Dynamic(k) => segs.push(PathSegment::Key(Cow::Owned(k.to_string()))),
                Seg::Index(i) => segs.push(PathSegment::Index(i)),
            }
            cur = loc.parent;
        }
        segs.reverse();
        segs
    }
}

/// Collects issues for one validation.
///
/// With a focus (live validation of one field), every issue is still counted, so the rules take
/// the same branches, but only those at or under the focus are built: the others' paths and
/// messages are never rendered.
pub struct Ctx<'o> {
    pub(crate) options: &'o Options,
    pub(crate) issues: Vec<Issue>,
    /// Issues found, kept or not.
    count: usize,
    focus: Option<&'o [PathSegment]>,
}

/// A field's value, with `null` read as absent.
pub(crate) fn member<'v>(obj: Map<'v>, key: &str) -> Option<Node<'v>> {
    obj.get(key).filter(|v| !matches!(v, Node::Null))
}

/// Most members any object of the forms has (the enterprise form's ten).
const MAX_MEMBERS: usize = 10;

/// One JSON object of a form as its rules read it: [`Members::read`] names a field once, giving
/// its place and value and recording it as known, and [`Members::unknown_fields`] reports every
/// member that was never read. The list of an object's fields is what its rules read.
pub(crate) struct Members<'v, 'l> {
    obj: Map<'v>,
    loc: Loc<'l>,
    known: [Cell<&'static str>; MAX_MEMBERS],
    count: Cell<usize>,
    /// The members, read once, when the object has at most [`INDEXED`] (a form's always has):
    /// each field's lookup is then a scan of these instead of the object's source again.
    index: Option<[(&'v str, Node<'v>); INDEXED]>,
    len: usize,
    /// Which members of `index` a field read (bit `n` for member `n`): [`Self::unknown_fields`]
    /// compares only the others' keys with the known fields (none in a form without unknown
    /// fields, where comparing every key with every field was a tenth of the rules' time).
    seen: Cell<u16>,
}

/// Most members [`Members`] reads ahead (a form's object and a few unknown fields; at most 16,
/// the bits of `seen`).
const INDEXED: usize = 16;

impl<'v, 'l> Members<'v, 'l> {
    pub(crate) fn new(obj: Map<'v>, loc: Loc<'l>) -> Self {
        let mut index = [("", Node::Null); INDEXED];
        let mut len = 0;
        let mut all = true;
        for member in obj.iter() {
            match index.get_mut(len) {
                Some(slot) => *slot = member,
                None => {
                    all = false;
                    break;
                }
            }
            len += 1;
        }
        Members {
            obj,
            loc,
            known: [const { Cell::new("") }; MAX_MEMBERS],
            count: Cell::new(0),
            index: all.then_some(index),
            len,
            seen: Cell::new(0),
        }
    }

    /// The place and value (`null` read as absent) of field `name`, now a known field. (Each
    /// rule reads its field once; out of line, so the many call sites stay small in the wasm.)
    #[inline(never)]
    pub(crate) fn read(&self, name: &'static str) -> (Loc<'_>, Option<Node<'v>>) {
        let n = self.count.get();
        // A form with more fields than MAX_MEMBERS would see its last ones reported unknown
        // (tests of each form catch it).
        if let Some(slot) = self.known.get(n) {
            slot.set(name);
            self.count.set(n + 1);
        }
        let value = match &self.index {
            Some(index) => {
                let at = index.iter().take(self.len).position(|(k, _)| *k == name);
                at.and_then(|at| {
                    self.seen.set(self.seen.get() | 1 << at);
                    index.get(at).map(|(_, v)| *v)
                })
                .filter(|v| !matches!(v, Node::Null))
            }
            None => member(self.obj, name),
        };
        (self.loc.key(name), value)
    }

    fn is_known(&self, name: &str) -> bool {
        self.known
            .iter()
            .take(self.count.get())
            .any(|k| k.get() == name)
    }

    /// Reports each member no rule read as [`IssueCode::UnknownField`].
    pub(crate) fn unknown_fields(&self, ctx: &mut Ctx<'_>) {
        let mut report = |k: &str| {
            if !self.is_known(k) {
                ctx.report(self.loc.dynamic(k), IssueCode::UnknownField, Vec::new());
            }
        };
        match &self.index {
            Some(index) => {
                let seen = self.seen.get();
                index
                    .iter()
                    .take(self.len)
                    .enumerate()
                    .filter(|(n, _)| seen & 1 << n == 0)
                    .for_each(|(_, (k, _))| report(k))
            }
            None => self.obj.keys().for_each(report),
        }
    }
}

/// True for what an empty form control holds: absent, `null` or `""`.
pub(crate) fn is_blank(v: Option<Node<'_>>) -> bool {
    match v {
        None | Some(Node::Null) => true,
        Some(Node::String(s)) => s.is_empty(),
        _ => false,
    }
}

impl<'o> Ctx<'o> {
    pub(crate) fn new(options: &'o Options) -> Self {
        Ctx {
            options,
            issues: Vec::new(),
            count: 0,
            focus: None,
        }
    }

    /// A context that keeps only the issues at or under `focus`.
    pub(crate) fn focused(options: &'o Options, focus: &'o [PathSegment]) -> Self {
        Ctx {
            focus: Some(focus),
            ..Ctx::new(options)
        }
    }

    /// An empty context with this one's options and focus, for reading a field out of order.
    pub(crate) fn scratch(&self) -> Self {
        Ctx {
            focus: self.focus,
            ..Ctx::new(self.options)
        }
    }

    /// Moves `other`'s issues (and its count) after this one's.
    pub(crate) fn absorb(&mut self, mut other: Ctx<'_>) {
        self.issues.append(&mut other.issues);
        self.count += other.count;
    }

    /// How many issues were found so far (kept or not): compare two marks to learn whether the
    /// rules in between found something.
    pub(crate) fn mark(&self) -> usize {
        self.count
    }

    /// True once any issue was found (kept or not).
    pub(crate) fn found_any(&self) -> bool {
        self.count > 0
    }

    pub(crate) fn stage(&self) -> Stage {
        self.options.stage
    }

    pub(crate) fn report(&mut self, loc: Loc<'_>, code: IssueCode, params: Params) {
        self.count += 1;
        let keep = match self.focus {
            None => true,
            Some(focus) => loc.is_under(focus),
        };
        if keep {
            self.issues
                .push(Issue::new(loc.to_path(), code, params, self.options.locale));
        }
    }

    pub(crate) fn wrong_type(&mut self, loc: Loc<'_>, expected: &'static str, got: Node<'_>) {
        self.report(
            loc,
            IssueCode::InvalidType,
            vec![
                ("expected", expected.into()),
                ("received", got.type_name().into()),
            ],
        );
    }

    /// An object at `loc`, or an issue.
    pub(crate) fn object<'v>(&mut self, loc: Loc<'_>, v: Node<'v>) -> Option<Map<'v>> {
        match v {
            Node::Object(m) => Some(m),
            other => {
                self.wrong_type(loc, "object", other);
                None
            }
        }
    }

    /// Length rule in UTF-16 code units.
    pub(crate) fn max_len(&mut self, loc: Loc<'_>, s: &str, max: usize) -> bool {
        let len = utf16_len(s);
        if len > max {
            self.report(
                loc,
                IssueCode::TooLong,
                vec![("max", max.into()), ("actual", len.into())],
            );
            false
        } else {
            true
        }
    }

    /// A required, non-empty string of at most `max` UTF-16 units. Returns the string when it is
    /// one (even if too long, so later rules can use it as context).
    pub(crate) fn required_str<'v>(
        &mut self,
        loc: Loc<'_>,
        v: Option<Node<'v>>,
        max: usize,
    ) -> Option<&'v str> {
        match v {
            None => {
                self.report(loc, IssueCode::Required, Vec::new());
                None
            }
            Some(Node::String("")) => {
                self.report(loc, IssueCode::Empty, Vec::new());
                None
            }
            Some(Node::String(s)) => {
                self.max_len(loc, s, max);
                Some(s)
            }
            Some(other) => {
                self.wrong_type(loc, "string", other);
                None
            }
        }
    }

    /// An optional string: absent, `null` and `""` all mean not given.
    pub(crate) fn optional_str<'v>(
        &mut self,
        loc: Loc<'_>,
        v: Option<Node<'v>>,
        max: usize,
    ) -> Option<&'v str> {
        if is_blank(v) {
            return None;
        }
        self.required_str(loc, v, max)
    }

    /// An integer from a number or a numeric string (how a form holds a `<select>`).
    fn integer(&mut self, loc: Loc<'_>, v: Node<'_>) -> Option<i64> {
        let parsed = match v {
            Node::Number(n) => n.as_i64(),
            Node::String(s) => parse_int(s),
            _ => None,
        };
        if parsed.is_none() {
            self.wrong_type(loc, "integer", v);
        }
        parsed
    }

    /// A required integer that must be one of `allowed`.
    pub(crate) fn required_int_enum(
        &mut self,
        loc: Loc<'_>,
        v: Option<Node<'_>>,
        allowed: &'static [i64],
    ) -> Option<i64> {
        let Some(v) = v else {
            self.report(loc, IssueCode::Required, Vec::new());
            return None;
        };
        if matches!(v, Node::String(s) if s.is_empty()) {
            self.report(loc, IssueCode::Empty, Vec::new());
            return None;
        }
        let i = self.integer(loc, v)?;
        if allowed.contains(&i) {
            Some(i)
        } else {
            self.report(
                loc,
                IssueCode::InvalidValue,
                vec![("allowed", ParamValue::from(allowed))],
            );
            None
        }
    }

    /// An optional integer enum: absent, `null` and `""` mean not given.
    pub(crate) fn optional_int_enum(
        &mut self,
        loc: Loc<'_>,
        v: Option<Node<'_>>,
        allowed: &'static [i64],
    ) -> Option<i64> {
        if is_blank(v) {
            return None;
        }
        self.required_int_enum(loc, v, allowed)
    }

    /// A string that must be one of `allowed` (exact, case-sensitive).
    pub(crate) fn str_enum<'v>(
        &mut self,
        loc: Loc<'_>,
        s: &'v str,
        allowed: &'static [&'static str],
    ) -> Option<&'v str> {
        if allowed.contains(&s) {
            Some(s)
        } else {
            self.report(
                loc,
                IssueCode::InvalidValue,
                vec![("allowed", ParamValue::from(allowed))],
            );
            None
        }
    }
}

/// `-?[0-9]+` as an i64; anything else (spaces, `+`, fractions, overflow) is `None`.
fn parse_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    crate::json::parse_i64(s)
}
