//! The modules' dependencies point one way: no import cycle between the
//! crate's top-level modules, nor between the submodules of `src/input/`.
//! Not a test of behaviour but of the source, so it reads `src/` itself.
//!
//! The layering it keeps today, from the bottom (each module may use
//! those listed before it):
//!
//! ```text
//! ids, lang, progress   identifiers; the language; progress events
//! input                 files → records
//! findings              Finding, Run, Source: facts, no words
//! columns               headers → fields
//! duplicates            identifiers on several rows
//! config                flags → a resolved Config; usage errors
//! check                 records → findings, a file's tables at a time
//! i18n                  every user-facing word
//! report                a finished run → workbook, JSON, terminal
//! cli                   clap's structs → config's flags
//! the crate root        run_check: inputs → a Run (lib.rs)
//! serve                 the local page: HTTP → the root's pipeline
//! ```
//!
//! and in `src/input/`: sniff, threaded, guards < decode < sequential <
//! blocks < delimited, workbook.
//!
//! A reference counts when non-test code names `crate::<module>`, or
//! `super::<sibling>` inside `src/input/`; a name of the crate root's own
//! (`crate::Progress`) counts as the root, and the root's bare
//! `<module>::` paths count as its own references. Comments, strings,
//! `#[cfg(test)]` items and files named `tests.rs` are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module → the modules its code names.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// The crate root's name in the graph.
const ROOT: &str = "crate";

#[test]
fn no_import_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (top, input) = graphs(&src);
    // The reader sees references at all: the root runs the checks.
    assert!(
        top.get(ROOT).is_some_and(|r| r.contains("check")),
        "{top:?}"
    );
    assert!(input.len() > 3, "{input:?}");
    for graph in [top, input] {
        if let Some(cycle) = find_cycle(&graph) {
            panic!("import cycle: {}", cycle.join(" → "));
        }
    }
}

/// The reader itself: each kind of reference is seen, each kind of
/// non-code is not.
#[test]
fn references_are_read_from_code_only() {
    let text = r#"
use crate::{findings::{Note, Run}, ids};
use super::super::sniff::Decoding; // crate::config
/* crate::report */ const S: &str = "crate::cli"; const C: char = '{';
fn f<'a>(x: &'a str) { crate::i18n::say(x); }
#[cfg(test)]
mod tests { use crate::duplicates; }
#[cfg(test)]
use crate::columns;
"#;
    let module = ["input", "blocks", "inner"].map(String::from);
    let refs: BTreeSet<Vec<String>> = references(&code_of(text), &module, false)
        .into_iter()
        .map(|p| p.into_iter().take(2).collect())
        .collect();
    let expected: BTreeSet<Vec<String>> = [
        "findings Note",
        "findings Run",
        "ids",
        "input sniff",
        "i18n say",
    ]
    .iter()
    .map(|p| p.split(' ').map(str::to_string).collect())
    .collect();
    assert_eq!(refs, expected);
}

#[test]
fn a_cycle_is_found() {
    let edge = |a: &str, b: &str| (a.to_string(), BTreeSet::from([b.to_string()]));
    let graph = Graph::from([edge("a", "b"), edge("b", "c"), edge("c", "a")]);
    assert_eq!(find_cycle(&graph).unwrap(), ["a", "b", "c", "a"]);
    let graph = Graph::from([edge("a", "b"), edge("b", "c")]);
    assert_eq!(find_cycle(&graph), None);
}

/// The top-level graph and the graph of `src/input/`'s submodules.
fn graphs(src: &Path) -> (Graph, Graph) {
    let tops = module_names(src);
    let subs = module_names(&src.join("input"));
    let (mut top, mut input) = (Graph::new(), Graph::new());
    for file in rust_files(src) {
        let rel = file.strip_prefix(src).expect("under src");
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == "tests.rs" || rel == Path::new("main.rs") {
            continue;
        }
        let module = module_path(rel);
        let text = std::fs::read_to_string(&file).expect("readable source");
        let is_root = module.is_empty();
        let from = module.first().cloned().unwrap_or_else(|| ROOT.to_string());
        top.entry(from.clone()).or_default();
        for path in references(&code_of(&text), &module, is_root) {
            let to = match path.first() {
                Some(m) if tops.contains(m) => m.clone(),
                _ => ROOT.to_string(),
            };
            if to != from {
                top.entry(from.clone()).or_default().insert(to);
            }
            // Within src/input/: one submodule naming another.
            if let ([m, sub, ..], [p, to, ..]) = (module.as_slice(), path.as_slice()) {
                if m == "input" && p == "input" && sub != to && subs.contains(to) {
                    input.entry(sub.clone()).or_default().insert(to.clone());
                }
            }
        }
    }
    (top, input)
}

/// The modules of a folder: its `x.rs` files and its `x/` folders
/// (`mod.rs`, `lib.rs` and `main.rs` are not modules of their own).
fn module_names(dir: &Path) -> BTreeSet<String> {
    let entries = std::fs::read_dir(dir).expect("a source folder");
    entries
        .filter_map(|e| e.ok()?.path().file_name()?.to_str().map(str::to_string))
        .map(|n| n.trim_end_matches(".rs").to_string())
        .filter(|n| !matches!(n.as_str(), "mod" | "lib" | "main"))
        .collect()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// `check/rows.rs` → `[check, rows]`, `input/mod.rs` → `[input]`,
/// `lib.rs` → `[]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// A file's code with comments and the insides of string and char
/// literals blanked, and every `#[cfg(test)]` item taken out.
fn code_of(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let at = |i: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k) == Some(&c))
    };
    while i < chars.len() {
        let c = chars[i];
        let ident = |k: usize| chars[k].is_alphanumeric() || chars[k] == '_';
        // r"…", r#"…"#, br"…" (not r#ident).
        let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
        let raw = c == 'r'
            && chars.get(i + 1 + hashes) == Some(&'"')
            && (i == 0 || !ident(i - 1) || (chars[i - 1] == 'b' && (i == 1 || !ident(i - 2))));
        if at(i, "//") {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if at(i, "/*") {
            let mut depth = 0;
            while i < chars.len() {
                if at(i, "/*") {
                    depth += 1;
                    i += 2;
                } else if at(i, "*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if raw {
            let close: String = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            i += 2 + hashes;
            while i < chars.len() && !at(i, &close) {
                i += 1;
            }
            i += close.len();
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && (at(i + 1, "\\") || chars.get(i + 2) == Some(&'\'')) {
            // A char literal, not a lifetime.
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    without_test_items(&out)
}

/// Code with each `#[cfg(test)]` item removed: up to its first `;`, or
/// through the block its first `{` opens.
fn without_test_items(code: &str) -> String {
    const MARK: &str = "#[cfg(test)]";
    let mut out = String::new();
    let mut rest = code;
    while let Some(start) = rest.find(MARK) {
        out.push_str(&rest[..start]);
        let item = &rest[start + MARK.len()..];
        let end = match item.find(['{', ';']) {
            Some(i) if item[i..].starts_with(';') => i + 1,
            Some(i) => {
                let mut depth = 0;
                let close = item[i..].char_indices().find(|&(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth == 0
                });
                close.map_or(item.len(), |(k, _)| i + k + 1)
            }
            None => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// Every path in `code` that starts at `crate::`, `super::` or `self::`
/// (and, in the crate root, at a module's own name), made absolute from
/// `module`; a `use` group (`crate::{a, b::c}`) gives one path per member.
fn references(code: &str, module: &[String], is_root: bool) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for (at, word) in words(code) {
        let starts = matches!(word, "crate" | "super" | "self") || is_root;
        let after_colons = code[..at].trim_end().ends_with("::");
        let before_colons = code[at + word.len()..].trim_start().starts_with("::");
        if !starts || after_colons || !before_colons {
            continue;
        }
        let mut found = Vec::new();
        use_tree(&code[at..], Vec::new(), &mut found);
        for path in found {
            paths.extend(absolute(&path, module));
        }
    }
    paths
}

/// The identifiers of `code` with their byte offsets.
fn words(code: &str) -> Vec<(usize, &str)> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in code.char_indices().chain([(code.len(), ' ')]) {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push((s, &code[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Reads the path (or `use` tree) at the start of `s`, `prefix` before
/// it, into `out`.
fn use_tree(s: &str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = prefix;
    let mut s = s.trim_start();
    loop {
        let word: String = s
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !word.is_empty() {
            path.push(word.clone());
            s = s[word.len()..].trim_start();
        }
        match s.strip_prefix("::").map(str::trim_start) {
            Some(group) if group.starts_with('{') => {
                for member in members(&group[1..]) {
                    use_tree(member, path.clone(), out);
                }
                return;
            }
            Some(next) if !word.is_empty() => s = next,
            _ => break,
        }
    }
    out.push(path);
}

/// The members of a `use` group, `s` starting just after its `{`.
fn members(s: &str) -> Vec<&str> {
    let (mut depth, mut from, mut out) = (0, 0, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                out.push(&s[from..i]);
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    out
}

/// A path made absolute from the module it is written in (without
/// `crate`); `None` for an outside crate's path.
fn absolute(path: &[String], module: &[String]) -> Option<Vec<String>> {
    let mut base = module.to_vec();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        Some("super" | "self") => {
            while let Some(step) = rest.first() {
                match step.as_str() {
                    "super" => {
                        base.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
        }
        // The crate root's own `module::…` paths.
        _ if module.is_empty() => {}
        _ => return None,
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// A cycle of `graph`, as the modules along it (the first repeated at
/// the end), if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit<'g>(
        node: &'g str,
        graph: &'g Graph,
        path: &mut Vec<&'g str>,
        done: &mut BTreeSet<&'g str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|&n| n == node) {
            let mut cycle: Vec<String> = path[i..].iter().map(|n| n.to_string()).collect();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if !done.insert(node) {
            return None;
        }
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}
