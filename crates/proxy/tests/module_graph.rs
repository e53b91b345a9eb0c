//! The proxy's modules import one another without a cycle: each `crate::<module>` a module's code
//! names (its tests aside) is an edge, and the graph has no loop, so each module can be read
//! knowing only the ones below it.

use std::collections::BTreeMap;
use std::path::Path;

/// `module -> modules it names`, from `src/*.rs` and `src/<dir>/*.rs` (lib.rs and main.rs are the
/// roots).
fn graph() -> BTreeMap<String, Vec<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    for entry in std::fs::read_dir(&src).expect("src") {
        let path = entry.expect("entry").path();
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("name")
            .to_string();
        // A module directory (`shared/`) is one module: its files together.
        let files: Vec<_> = if path.is_dir() {
            std::fs::read_dir(&path)
                .expect("module dir")
                .map(|e| e.expect("entry").path())
                .collect()
        } else if name != "lib" && name != "main" {
            vec![path.clone()]
        } else {
            Vec::new()
        };
        let mut code = String::new();
        for file in files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "rs"))
        {
            let text = std::fs::read_to_string(file).expect("read");
            code.push_str(text.split("#[cfg(test)]").next().unwrap_or_default());
        }
        if !code.is_empty() {
            sources.insert(name, code);
        }
    }
    let names: Vec<String> = sources.keys().cloned().collect();
    sources
        .iter()
        .map(|(module, code)| {
            let named = names
                .iter()
                .filter(|other| *other != module)
                .filter(|other| {
                    code.contains(&format!("crate::{other}::"))
                        || code.contains(&format!("crate::{other};"))
                        || code.contains(&format!("crate::{{{other}"))
                        || code.contains(&format!(", {other}}}")) && code.contains("use crate::{")
                        || code.contains(&format!(", {other},")) && code.contains("use crate::{")
                })
                .cloned()
                .collect();
            (module.clone(), named)
        })
        .collect()
}

#[test]
fn the_modules_import_one_another_without_a_cycle() {
    let graph = graph();
    assert!(graph.len() > 10, "{graph:?}");
    assert!(graph["app"].contains(&"api".to_string()), "{graph:?}");
    // Depth-first, keeping the path: a module met again on its own path closes a cycle.
    fn visit(
        module: &str,
        graph: &BTreeMap<String, Vec<String>>,
        path: &mut Vec<String>,
        done: &mut Vec<String>,
    ) {
        if done.iter().any(|d| d == module) {
            return;
        }
        if let Some(at) = path.iter().position(|p| p == module) {
            panic!("import cycle: {} -> {module}", path[at..].join(" -> "));
        }
        path.push(module.to_string());
        for next in &graph[module] {
            visit(next, graph, path, done);
        }
        path.pop();
        done.push(module.to_string());
    }
    let mut done = Vec::new();
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new(), &mut done);
    }
}
