//! Property test: for generated declarations with one injected fault, written as YAML (block or
//! flow, any indentation, quoted or plain, with comments and non-ASCII text) or as JSON, the
//! reported line:column is exactly where the faulty key or value was written.

use proptest::prelude::*;
use std::path::Path;
use vendorlint::{LintOptions, Pos, lint_bytes};

/// A generated value.
#[derive(Debug, Clone)]
enum Node {
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
    /// Text, and whether it may be written plain in YAML.
    Str(String),
    Int(i64),
}

/// Where the renderer wrote things: pointer -> (key span, value span).
type Spans = std::collections::HashMap<String, (Option<(Pos, Pos)>, (Pos, Pos))>;

#[derive(Debug, Clone, Copy)]
struct Style {
    indent: usize,
    flow_depth: usize,
    quote: u8,
    comments: bool,
}

struct Writer {
    out: String,
    line: u32,
    col: u32,
    spans: Spans,
}

impl Writer {
    fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }
    fn put(&mut self, s: &str) {
        for c in s.chars() {
            self.out.push(c);
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
    }
    /// Write a scalar, returning its span.
    fn scalar(&mut self, n: &Node, json: bool, quote: u8) -> (Pos, Pos) {
        let start = self.pos();
        match n {
            Node::Int(i) => self.put(&i.to_string()),
            Node::Str(s) if json || quote == 1 => self.put(&format!("\"{s}\"")),
            Node::Str(s) if quote == 2 => self.put(&format!("'{s}'")),
            Node::Str(s) => self.put(s),
            _ => unreachable!(),
        }
        (start, self.pos())
    }
}

fn esc(t: &str) -> String {
    t.replace('~', "~0").replace('/', "~1")
}

fn render_yaml(w: &mut Writer, n: &Node, ptr: &str, depth: usize, style: Style) {
    let flow = depth >= style.flow_depth;
    match n {
        Node::Map(entries) if flow || entries.is_empty() => {
            w.put("{");
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    w.put(", ");
                }
                let p = format!("{ptr}/{}", esc(k));
                let ks = w.pos();
                w.put(k);
                let ke = w.pos();
                w.put(": ");
                let vs = value_yaml(w, v, &p, depth + 1, style, true);
                w.spans.insert(p, (Some((ks, ke)), vs));
            }
            w.put("}");
        }
        Node::Seq(items) if flow || items.is_empty() => {
            w.put("[");
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    w.put(", ");
                }
                let p = format!("{ptr}/{i}");
                let vs = value_yaml(w, v, &p, depth + 1, style, true);
                w.spans.insert(p, (None, vs));
            }
            w.put("]");
        }
        Node::Map(entries) => {
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    w.put(&" ".repeat(depth * style.indent));
                }
                let p = format!("{ptr}/{}", esc(k));
                let ks = w.pos();
                w.put(k);
                let ke = w.pos();
                w.put(":");
                let vs = match v {
                    Node::Map(e) if !e.is_empty() && depth + 1 < style.flow_depth => {
                        w.put(if style.comments { " # Ærø\n" } else { "\n" });
                        w.put(&" ".repeat((depth + 1) * style.indent));
                        let s = w.pos();
                        render_yaml(w, v, &p, depth + 1, style);
                        (s, w.pos())
                    }
                    Node::Seq(items) if !items.is_empty() && depth + 1 < style.flow_depth => {
                        w.put("\n");
                        let mut s = None;
                        for (j, item) in items.iter().enumerate() {
                            w.put(&" ".repeat((depth + 1) * style.indent));
                            w.put("- ");
                            let ip = format!("{p}/{j}");
                            let is = w.pos();
                            s.get_or_insert(is);
                            // Items' mappings continue at the column after "- ".
                            let item_style = Style {
                                indent: style.indent,
                                ..style
                            };
                            match item {
                                Node::Map(_) if depth + 2 < style.flow_depth => {
                                    render_item_map(
                                        w,
                                        item,
                                        &ip,
                                        (depth + 1) * style.indent + 2,
                                        depth + 2,
                                        item_style,
                                    );
                                    w.spans.insert(ip, (None, (is, w.pos())));
                                }
                                _ => {
                                    let vs = value_yaml(w, item, &ip, depth + 2, style, true);
                                    w.spans.insert(ip, (None, vs));
                                    w.put("\n");
                                }
                            }
                        }
                        (s.unwrap(), w.pos())
                    }
                    _ => {
                        w.put(" ");
                        let vs = value_yaml(w, v, &p, depth + 1, style, true);
                        w.put(if style.comments && i % 2 == 0 {
                            "  # sø\n"
                        } else {
                            "\n"
                        });
                        vs
                    }
                };
                w.spans.insert(p, (Some((ks, ke)), vs));
                if style.comments && i == 0 {
                    w.put("\n");
                }
            }
        }
        _ => unreachable!("scalars are written by value_yaml"),
    }
}

/// A block mapping that starts on the current line (after "- ") and continues at `col0`.
fn render_item_map(w: &mut Writer, n: &Node, ptr: &str, col0: usize, depth: usize, style: Style) {
    let Node::Map(entries) = n else {
        unreachable!()
    };
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 {
            w.put(&" ".repeat(col0));
        }
        let p = format!("{ptr}/{}", esc(k));
        let ks = w.pos();
        w.put(k);
        let ke = w.pos();
        w.put(": ");
        let vs = value_yaml(w, v, &p, depth + 100, style, true);
        w.put("\n");
        w.spans.insert(p, (Some((ks, ke)), vs));
    }
}

/// A value written inline (scalar or flow collection).
fn value_yaml(
    w: &mut Writer,
    n: &Node,
    ptr: &str,
    depth: usize,
    style: Style,
    _inline: bool,
) -> (Pos, Pos) {
    match n {
        Node::Map(_) | Node::Seq(_) => {
            let s = w.pos();
            render_yaml(w, n, ptr, depth.max(style.flow_depth), style);
            (s, w.pos())
        }
        _ => w.scalar(n, false, style.quote),
    }
}

fn render_json(w: &mut Writer, n: &Node, ptr: &str, depth: usize, indent: usize) -> (Pos, Pos) {
    let start = w.pos();
    let nl = |w: &mut Writer, d: usize| {
        if indent > 0 {
            w.put("\n");
            w.put(&" ".repeat(d * indent));
        }
    };
    match n {
        Node::Map(entries) => {
            w.put("{");
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    w.put(",");
                }
                nl(w, depth + 1);
                let p = format!("{ptr}/{}", esc(k));
                let ks = w.pos();
                w.put(&format!("\"{k}\""));
                let ke = w.pos();
                w.put(": ");
                let vs = render_json(w, v, &p, depth + 1, indent);
                w.spans.insert(p, (Some((ks, ke)), vs));
            }
            if !entries.is_empty() {
                nl(w, depth);
            }
            w.put("}");
        }
        Node::Seq(items) => {
            w.put("[");
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    w.put(", ");
                }
                let p = format!("{ptr}/{i}");
                let vs = render_json(w, v, &p, depth + 1, indent);
                w.spans.insert(p, (None, vs));
            }
            w.put("]");
        }
        _ => return w.scalar(n, true, 1),
    }
    (start, w.pos())
}

fn s(t: &str) -> Node {
    Node::Str(t.to_string())
}

fn name() -> impl Strategy<Value = String> {
    // Letters incl. Danish/Swedish ones; always starts with "Leverandør" so it is never a
    // YAML keyword or number when written plain.
    "[a-zæøåäöA-ZÆØÅÄÖ]{1,8}( [a-zæøåÄÖ]{1,6}){0,2}".prop_map(|t| format!("Leverandør {t}"))
}

fn id() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,10}"
}

fn service() -> impl Strategy<Value = Node> {
    (
        id(),
        name(),
        prop::sample::select(vec!["saas", "iaas", "web_hosting", "email"]),
        0i64..400,
        prop::bool::ANY,
    )
        .prop_map(|(id, name, kind, retention, with_controls)| {
            let mut e = vec![
                ("id".to_string(), s(&id)),
                ("name".to_string(), Node::Str(name)),
                ("kind".to_string(), s(kind)),
            ];
            if with_controls {
                let params = Node::Map(vec![("retention_days".to_string(), Node::Int(retention))]);
                let backup = Node::Map(vec![
                    ("responsibility".to_string(), s("vendor")),
                    ("params".to_string(), params),
                ]);
                e.push((
                    "controls".to_string(),
                    Node::Map(vec![("backup".to_string(), backup)]),
                ));
            }
            Node::Map(e)
        })
}

fn declaration() -> impl Strategy<Value = Node> {
    (
        id(),
        name(),
        prop::sample::select(vec!["DK", "SE", "NO", "FI", "DE"]),
        prop::collection::vec(service(), 0..4),
        1i64..100,
    )
        .prop_map(|(id, vname, country, services, hours)| {
            let mut top = vec![
                ("kind".to_string(), s("vendor-declaration")),
                ("version".to_string(), Node::Int(1)),
                (
                    "declaration".to_string(),
                    Node::Map(vec![("id".to_string(), s(&id))]),
                ),
                (
                    "vendor".to_string(),
                    Node::Map(vec![
                        ("name".to_string(), Node::Str(vname)),
                        ("country".to_string(), Node::Str(format!("\"{country}\""))),
                    ]),
                ),
            ];
            if !services.is_empty() {
                top.push(("services".to_string(), Node::Seq(services)));
            }
            let inc = Node::Map(vec![("max_hours".to_string(), Node::Int(hours))]);
            top.push((
                "contract".to_string(),
                Node::Map(vec![("incident_notification".to_string(), inc)]),
            ));
            Node::Map(top)
        })
}

/// Collect pointers of every map entry (for injecting faults).
fn entries(n: &Node, ptr: &str, out: &mut Vec<String>) {
    match n {
        Node::Map(e) => {
            for (k, v) in e {
                let p = format!("{ptr}/{}", esc(k));
                out.push(p.clone());
                entries(v, &p, out);
            }
        }
        Node::Seq(items) => {
            for (i, v) in items.iter().enumerate() {
                entries(v, &format!("{ptr}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn get_mut<'a>(n: &'a mut Node, ptr: &str) -> &'a mut Node {
    let mut cur = n;
    for t in ptr.split('/').skip(1) {
        cur = match cur {
            Node::Map(e) => &mut e.iter_mut().find(|(k, _)| k == t).unwrap().1,
            Node::Seq(items) => &mut items[t.parse::<usize>().unwrap()],
            _ => unreachable!(),
        };
    }
    cur
}

#[derive(Debug, Clone, Copy)]
enum Fault {
    /// A misspelt extra key next to an existing one: SCHEMA-002 at the key.
    UnknownKey,
    /// A bad country code: SCHEMA-003 at the value.
    Country,
    /// Text where a whole number belongs: SCHEMA-003 at the value.
    NotANumber,
}

/// Inject a fault; returns (expected rule, pointer, whether the key is the target).
fn inject(doc: &mut Node, fault: Fault, pick: prop::sample::Index) -> (&'static str, String, bool) {
    match fault {
        Fault::UnknownKey => {
            let mut all = Vec::new();
            entries(doc, "", &mut all);
            // Only inside objects whose schema forbids extra keys (all but the root's `kind`…
            // every object here does).
            let target = all[pick.index(all.len())].clone();
            let (parent, _) = target.rsplit_once('/').unwrap();
            let parent = parent.to_string();
            let bogus = "zzfelt_ø".to_string();
            match get_mut(doc, &parent) {
                Node::Map(e) => e.insert(pick.index(e.len() + 1), (bogus.clone(), s("x"))),
                _ => unreachable!(),
            }
            ("SCHEMA-002", format!("{parent}/{}", esc(&bogus)), true)
        }
        Fault::Country => {
            *get_mut(doc, "/vendor/country") = Node::Str("\"Danmark\"".to_string());
            ("SCHEMA-003", "/vendor/country".to_string(), false)
        }
        Fault::NotANumber => {
            *get_mut(doc, "/contract/incident_notification/max_hours") =
                Node::Str("\"24 timer\"".to_string());
            (
                "SCHEMA-003",
                "/contract/incident_notification/max_hours".to_string(),
                false,
            )
        }
    }
}

/// Quoted strings were generated pre-quoted (`"DK"`); unwrap them for the renderer.
fn unquote(n: &mut Node) {
    match n {
        Node::Map(e) => e.iter_mut().for_each(|(_, v)| unquote(v)),
        Node::Seq(items) => items.iter_mut().for_each(unquote),
        Node::Str(t) => {
            if let Some(inner) = t.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
                *t = inner.to_string();
            }
        }
        Node::Int(_) => {}
    }
}

fn fault() -> impl Strategy<Value = Fault> {
    prop::sample::select(vec![Fault::UnknownKey, Fault::Country, Fault::NotANumber])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn reported_position_is_where_the_fault_is_written(
        mut doc in declaration(),
        fault in fault(),
        pick in any::<prop::sample::Index>(),
        indent in 1usize..5,
        flow_depth in 1usize..6,
        quote in 0u8..3,
        comments in any::<bool>(),
        json in any::<bool>(),
    ) {
        let (rule, pointer, on_key) = inject(&mut doc, fault, pick);
        unquote(&mut doc);
        let mut w = Writer { out: String::new(), line: 1, col: 1, spans: Default::default() };
        let path = if json {
            render_json(&mut w, &doc, "", 0, indent - 1);
            w.put("\n");
            "gen.json"
        } else {
            if comments {
                w.put("# Genereret erklæring – æøå\n");
            }
            render_yaml(&mut w, &doc, "", 0, Style { indent: indent.max(2), flow_depth, quote, comments });
            "gen.yaml"
        };
        let text = w.out.clone();
        let options = LintOptions { select: vec!["LOAD".into(), "SCHEMA".into()], ..LintOptions::default() };
        let result = lint_bytes(Path::new(path), text.as_bytes(), &options);
        let diags: Vec<_> = result.file.diagnostics.iter().filter(|d| d.rule != "FMT-001").collect();
        prop_assert_eq!(diags.len(), 1, "{}\n{:#?}", text, diags);
        let d = diags[0];
        prop_assert_eq!(d.rule.as_str(), rule);
        prop_assert_eq!(d.pointer.as_deref(), Some(pointer.as_str()));
        let (key, value) = w.spans[&pointer];
        let (start, end) = if on_key { key.unwrap() } else { value };
        let span = d.span.unwrap();
        prop_assert_eq!((span.start, span.end), (start, end), "{}", text);
    }
}
