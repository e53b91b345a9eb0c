//! A borrowed view of loose input: what the validator reads. Two sources give it, without a copy:
//! a parsed JSON [`Value`] (native callers, the proxy) and the bytes of the npm package's boundary
//! protocol ([`crate::wire`]), whose strings are `&str` slices of the buffer JavaScript wrote. A
//! [`Node`] is `Copy` and costs no allocation; arrays and objects are read lazily, member by
//! member, from whichever source they come.

use crate::json::{Number, Value};
use crate::wire;

/// One value of the input, borrowed from its source.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(&'a str),
    /// An array.
    Array(List<'a>),
    /// An object (keys in their order).
    Object(Map<'a>),
}

impl<'a> From<&'a Value> for Node<'a> {
    fn from(v: &'a Value) -> Self {
        match v {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(*n),
            Value::String(s) => Node::String(s),
            Value::Array(items) => Node::Array(List(ListRepr::Json(items))),
            Value::Object(members) => Node::Object(Map(MapRepr::Json(members))),
        }
    }
}

impl<'a> Node<'a> {
    /// The JSON type name, as issues report it (as [`Value::type_name`]).
    pub fn type_name(self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "boolean",
            Node::Number(_) => "number",
            Node::String(_) => "string",
            Node::Array(_) => "array",
            Node::Object(_) => "object",
        }
    }

    /// The string, if this is one.
    pub fn as_str(self) -> Option<&'a str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// An owned copy (tests, and callers that keep the value).
    pub fn to_value(self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(b),
            Node::Number(n) => Value::Number(n),
            Node::String(s) => Value::String(s.to_string()),
            Node::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Node::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_value()))
                    .collect(),
            ),
        }
    }
}

/// The items of an array.
#[derive(Debug, Clone, Copy)]
pub struct List<'a>(pub(crate) ListRepr<'a>);

#[derive(Debug, Clone, Copy)]
pub(crate) enum ListRepr<'a> {
    Json(&'a [Value]),
    Wire(wire::Seq<'a>),
}

impl<'a> List<'a> {
    /// How many items.
    pub fn len(self) -> usize {
        match self.0 {
            ListRepr::Json(items) => items.len(),
            ListRepr::Wire(seq) => seq.count,
        }
    }

    /// Whether there is none.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The items in order.
    pub fn iter(self) -> Items<'a> {
        match self.0 {
            ListRepr::Json(items) => Items::Json(items.iter()),
            ListRepr::Wire(seq) => Items::Wire(seq.bytes),
        }
    }
}

/// The iterator of [`List::iter`].
pub enum Items<'a> {
    #[doc(hidden)]
    Json(core::slice::Iter<'a, Value>),
    #[doc(hidden)]
    Wire(&'a [u8]),
}

impl<'a> Iterator for Items<'a> {
    type Item = Node<'a>;
    fn next(&mut self) -> Option<Node<'a>> {
        match self {
            Items::Json(it) => it.next().map(Node::from),
            // A hole or `undefined` in an array reads as `null`, as JSON.stringify writes it.
            Items::Wire(bytes) => wire::next_value(bytes).map(|v| v.unwrap_or(Node::Null)),
        }
    }
}

/// The members of an object.
#[derive(Debug, Clone, Copy)]
pub struct Map<'a>(pub(crate) MapRepr<'a>);

#[derive(Debug, Clone, Copy)]
pub(crate) enum MapRepr<'a> {
    Json(&'a [(String, Value)]),
    Wire(wire::Seq<'a>),
}

impl<'a> Map<'a> {
    /// The members in order: key and value.
    pub fn iter(self) -> Members<'a> {
        match self.0 {
            MapRepr::Json(members) => Members::Json(members.iter()),
            MapRepr::Wire(seq) => Members::Wire(seq.bytes),
        }
    }

    /// The keys of the members (those whose value is not `undefined`), in order, without
    /// reading the values.
    pub fn keys(self) -> impl Iterator<Item = &'a str> {
        let (mut json, mut bytes) = match self.0 {
            MapRepr::Json(members) => (members.iter(), &[][..]),
            MapRepr::Wire(seq) => ([].iter(), seq.bytes),
        };
        core::iter::from_fn(move || match json.next() {
            Some((k, _)) => Some(k.as_str()),
            None => wire::next_member_key(&mut bytes),
        })
    }

    /// The value of the first member with this key.
    pub fn get(self, key: &str) -> Option<Node<'a>> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The first member with this key: its key (as the source holds it) and value.
    pub fn entry(self, key: &str) -> Option<(&'a str, Node<'a>)> {
        match self.0 {
            MapRepr::Json(members) => members
                .iter()
                .find(|(k, _)| k == key)
                .map(|(k, v)| (k.as_str(), Node::from(v))),
            // The keys compared as bytes, the other members skipped unread: a form's rules look
            // up each of its fields once.
            MapRepr::Wire(seq) => wire::member(seq.bytes, key),
        }
    }
}

/// The iterator of [`Map::iter`].
pub enum Members<'a> {
    #[doc(hidden)]
    Json(core::slice::Iter<'a, (String, Value)>),
    #[doc(hidden)]
    Wire(&'a [u8]),
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, Node<'a>);
    fn next(&mut self) -> Option<(&'a str, Node<'a>)> {
        match self {
            Members::Json(it) => it.next().map(|(k, v)| (k.as_str(), Node::from(v))),
            // A member whose value is `undefined` is not one, as JSON.stringify leaves it out.
            Members::Wire(bytes) => loop {
                let key = wire::next_key(bytes)?;
                if let Some(value) = wire::next_value(bytes)? {
                    return Some((key, value));
                }
            },
        }
    }
}
