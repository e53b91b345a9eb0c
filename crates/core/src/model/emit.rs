//! One listing of each model's fields, in the documented order, written either as JSON text (the
//! request body, straight from the typed value with no tree in between) or as a [`Value`] (the
//! loose input validation reads). Absent optional fields are skipped by the model.

use crate::json::{write_int, write_string, Value};

/// Receives a model's fields, in the documented order ([`crate::ValidRequest::emit`]): what
/// the JSON body, the value tree and the npm package's compact answer are written from.
pub trait Sink: Sized {
    /// A text field.
    fn str(&mut self, key: &'static str, v: &str);
    /// An integer field (an enum's wire value).
    fn int(&mut self, key: &'static str, v: i64);
    /// A list of texts.
    fn list(&mut self, key: &'static str, v: &[&str]);
    /// A nested object, whose fields `fields` gives.
    fn object(&mut self, key: &'static str, fields: impl FnOnce(&mut Self));

    /// A text field when given.
    fn opt_str(&mut self, key: &'static str, v: Option<&str>) {
        if let Some(v) = v {
            self.str(key, v);
        }
    }

    /// An integer field when given.
    fn opt_int(&mut self, key: &'static str, v: Option<i64>) {
        if let Some(v) = v {
            self.int(key, v);
        }
    }
}

/// Writes compact JSON text, the same text [`Value::to_json`] would give.
pub(crate) struct JsonText {
    out: String,
    first: bool,
}

impl JsonText {
    pub(crate) fn write(emit: impl FnOnce(&mut JsonText)) -> String {
        let mut s = JsonText {
            out: String::with_capacity(256),
            first: true,
        };
        s.out.push('{');
        emit(&mut s);
        s.out.push('}');
        s.out
    }

    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_string(&mut self.out, key);
        self.out.push(':');
    }
}

impl Sink for JsonText {
    fn str(&mut self, key: &'static str, v: &str) {
        self.key(key);
        write_string(&mut self.out, v);
    }

    fn int(&mut self, key: &'static str, v: i64) {
        self.key(key);
        write_int(&mut self.out, v);
    }

    fn list(&mut self, key: &'static str, v: &[&str]) {
        self.key(key);
        self.out.push('[');
        for (n, item) in v.iter().enumerate() {
            if n > 0 {
                self.out.push(',');
            }
            write_string(&mut self.out, item);
        }
        self.out.push(']');
    }

    fn object(&mut self, key: &'static str, fields: impl FnOnce(&mut Self)) {
        self.key(key);
        self.out.push('{');
        self.first = true;
        fields(self);
        self.out.push('}');
        self.first = false;
    }
}

/// Builds a [`Value::Object`].
pub(crate) struct ValueTree(Vec<(String, Value)>);

impl ValueTree {
    pub(crate) fn build(emit: impl FnOnce(&mut ValueTree)) -> Value {
        let mut t = ValueTree(Vec::new());
        emit(&mut t);
        Value::Object(t.0)
    }
}

impl Sink for ValueTree {
    fn str(&mut self, key: &'static str, v: &str) {
        self.0.push((key.to_string(), Value::String(v.to_string())));
    }

    fn int(&mut self, key: &'static str, v: i64) {
        self.0.push((key.to_string(), Value::from(v)));
    }

    fn list(&mut self, key: &'static str, v: &[&str]) {
        let items = v.iter().map(|s| Value::String((*s).to_string())).collect();
        self.0.push((key.to_string(), Value::Array(items)));
    }

    fn object(&mut self, key: &'static str, fields: impl FnOnce(&mut Self)) {
        let inner = ValueTree::build(fields);
        self.0.push((key.to_string(), inner));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_text_equals_the_value_tree_written_out() {
        let fields = |t: &mut JsonText| {
            t.str("a", "x\"y");
            t.int("b", -1);
            t.list("c", &["p", "q"]);
            t.object("d", |t| {
                t.str("e", "中");
                t.opt_int("f", None);
            });
            t.opt_str("g", Some(""));
        };
        let tree = ValueTree::build(|t| {
            t.str("a", "x\"y");
            t.int("b", -1);
            t.list("c", &["p", "q"]);
            t.object("d", |t| {
                t.str("e", "中");
                t.opt_int("f", None);
            });
            t.opt_str("g", Some(""));
        });
        assert_eq!(JsonText::write(fields), tree.to_json());
    }
}
