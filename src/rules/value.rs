//! The declaration as CEL sees it, built once per file and never copied again.
//!
//! `cel` 0.15 evaluates over `dyn Val` trait objects. Its own containers copy deeply: binding
//! a `cel::Value` as a variable converts every map and list it holds, `a.?b` copies the
//! subtree it selects into the optional, and a comprehension copies each item it binds. On a
//! declaration with thousands of services that made every evaluation cost as much as the file.
//!
//! Here every map and list of the declaration is a [`Shared`] node: the built-in `CelMap` /
//! `CelList` behind an `Arc`, whose copy is a reference count. Strings borrow the loaded
//! `serde_json::Value` (no copy of their bytes), and numbers keep the types the `cel` crate's
//! own JSON conversion gives them (non-negative integers `uint`, negative ones `int`, others
//! `double`), so a rule sees the same values as before. A `Shared` node answers
//! [`Val::as_builtin`] with the map or list it holds, so the interpreter's and the standard
//! library's type checks, equality and conversions treat it as the built-in it is.

use cel::ExecutionError;
use cel::common::traits::{Adder, Container, Indexer, Iterable, Sizer, Zeroer};
use cel::common::types::{
    self, CelBool, CelDouble, CelInt, CelList, CelMap, CelMapKey, CelNull, CelString, CelUInt, Type,
};
use cel::common::value::{Builtin, BuiltinRef, CowVal, Val};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

/// A map or list of the declaration, shared: cloning it is cloning an `Arc`.
#[derive(Debug, Clone)]
pub enum Shared<'v> {
    Map(Arc<CelMap<'v>>),
    List(Arc<List<'v>>),
}

/// A list, and (built the first time `x in list` asks, for a long list) the set of its
/// strings: `service.id in location.services` for each of 40,000 services is then one hash
/// lookup each, not a scan of the list.
#[derive(Debug, Clone)]
pub struct List<'v> {
    items: CelList<'v>,
    strings: OnceLock<HashSet<String>>,
}

/// Lists at most this long are scanned; longer ones get a set for `in`.
const SCANNED: usize = 16;

impl<'v> Shared<'v> {
    fn inner(&self) -> &(dyn Val + 'v) {
        match self {
            Shared::Map(m) => m.as_ref(),
            Shared::List(l) => &l.items,
        }
    }
}

impl Container for List<'_> {
    fn contains(&self, value: &dyn Val) -> Result<bool, ExecutionError> {
        if let Some(s) = value.downcast_ref::<CelString>()
            && self.items.len() > SCANNED
        {
            let strings = self.strings.get_or_init(|| {
                (self.items.inner().iter())
                    .filter_map(|i| i.downcast_ref::<CelString>())
                    .map(|i| i.inner().to_string())
                    .collect()
            });
            // Only strings equal a string.
            return Ok(strings.contains(s.inner()));
        }
        match self.items.as_container() {
            Some(c) => c.contains(value),
            None => Ok(false),
        }
    }
}

/// `v` as a CEL value borrowing its strings; maps and lists are [`Shared`].
pub fn tree<'v>(v: &'v Value) -> Box<dyn Val + 'v> {
    match v {
        Value::Null => Box::new(CelNull),
        Value::Bool(b) => Box::new(CelBool::from(*b)),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                Box::new(CelUInt::from(u))
            } else if let Some(i) = n.as_i64() {
                Box::new(CelInt::from(i))
            } else {
                Box::new(CelDouble::from(n.as_f64().unwrap_or(f64::NAN)))
            }
        }
        Value::String(s) => Box::new(CelString::from(s.as_str())),
        Value::Array(items) => {
            let list: Vec<Box<dyn Val + 'v>> = items.iter().map(tree).collect();
            Box::new(Shared::List(Arc::new(List {
                items: CelList::from(list),
                strings: OnceLock::new(),
            })))
        }
        Value::Object(map) => {
            let entries: HashMap<CelMapKey<'v>, Box<dyn Val + 'v>> = map
                .iter()
                .map(|(k, v)| (CelMapKey::from(k.as_str()), tree(v)))
                .collect();
            Box::new(Shared::Map(Arc::new(CelMap::from(entries))))
        }
    }
}

/// The items of the list at `pointer` in `doc` by their `id` (the first item with an id wins),
/// as a CEL map whose values are the items' nodes under `root` (the tree of `doc`).
pub fn by_id<'v>(doc: &'v Value, root: &(dyn Val + 'v), pointer: &str) -> Box<dyn Val + 'v> {
    let mut entries: HashMap<CelMapKey<'v>, Box<dyn Val + 'v>> = HashMap::new();
    let items = doc.pointer(pointer).and_then(Value::as_array);
    let list = at_pointer(root, pointer);
    if let (Some(items), Some(list)) = (items, list.as_deref().and_then(Val::as_indexer)) {
        for (i, item) in items.iter().enumerate() {
            let Some(id) = item.get("id").and_then(Value::as_str) else {
                continue;
            };
            let key = CelMapKey::from(id);
            if !entries.contains_key(&key)
                && let Ok(node) = list.get(&CelUInt::from(i as u64))
            {
                entries.insert(key, node.into_owned());
            }
        }
    }
    Box::new(Shared::Map(Arc::new(CelMap::from(entries))))
}

/// The node at a JSON pointer under `root` (a copy of a shared node: cheap), or `None`.
pub fn at_pointer<'v>(root: &(dyn Val + 'v), pointer: &str) -> Option<Box<dyn Val + 'v>> {
    let mut node: Box<dyn Val + 'v> = root.clone_as_boxed();
    if pointer.is_empty() {
        return Some(node);
    }
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        let next = {
            let indexer = node.as_indexer()?;
            let found = if node.get_type().kind() == types::Kind::List {
                let i: u64 = token.parse().ok()?;
                indexer.get(&CelUInt::from(i))
            } else {
                indexer.get(&CelString::from(token.as_str()))
            };
            found.ok()?.into_owned()
        };
        node = next;
    }
    Some(node)
}

impl<'v> Val for Shared<'v> {
    fn get_type(&self) -> &Type {
        self.inner().get_type()
    }

    fn cel_type() -> &'static Type
    where
        Self: Sized,
    {
        // Only asked of a Rust type named in an overload declaration, which this never is.
        &types::DYN_TYPE
    }

    fn as_adder<'b, 'w>(&'b self) -> Option<&'b (dyn Adder + 'w)>
    where
        Self: 'w,
    {
        match self {
            Shared::Map(m) => m.as_adder(),
            Shared::List(l) => l.items.as_adder(),
        }
    }

    fn as_container(&self) -> Option<&dyn Container> {
        match self {
            Shared::Map(m) => m.as_container(),
            Shared::List(l) => Some(l.as_ref()),
        }
    }

    fn as_indexer<'b, 'w>(&'b self) -> Option<&'b (dyn Indexer + 'w)>
    where
        Self: 'w,
    {
        match self {
            Shared::Map(m) => m.as_indexer(),
            Shared::List(l) => l.items.as_indexer(),
        }
    }

    fn into_indexer<'w>(self: Box<Self>) -> Option<Box<dyn Indexer + 'w>>
    where
        Self: 'w,
    {
        Some(self)
    }

    fn as_iterable<'b, 'w>(&'b self) -> Option<&'b (dyn Iterable + 'w)>
    where
        Self: 'w,
    {
        match self {
            Shared::Map(m) => m.as_iterable(),
            Shared::List(l) => l.items.as_iterable(),
        }
    }

    fn as_sizer(&self) -> Option<&dyn Sizer> {
        self.inner().as_sizer()
    }

    fn as_zeroer(&self) -> Option<&dyn Zeroer> {
        self.inner().as_zeroer()
    }

    fn equals(&self, other: &dyn Val) -> bool {
        self.inner().equals(other)
    }

    fn clone_as_boxed<'w>(&self) -> Box<dyn Val + 'w>
    where
        Self: 'w,
    {
        Box::new(self.clone())
    }

    fn as_builtin<'b, 'w>(&'b self) -> BuiltinRef<'b, 'w>
    where
        Self: 'w,
    {
        match self {
            Shared::Map(m) => BuiltinRef::Map(m.as_ref()),
            Shared::List(l) => BuiltinRef::List(&l.items),
        }
    }

    fn into_builtin<'w>(self: Box<Self>) -> Option<Builtin<'w>>
    where
        Self: 'w,
    {
        // A shallow copy: the entries are shared nodes or scalars.
        Some(match *self {
            Shared::Map(m) => Builtin::Map(Arc::unwrap_or_clone(m)),
            Shared::List(l) => Builtin::List(Arc::unwrap_or_clone(l).items),
        })
    }
}

impl<'v> Indexer for Shared<'v> {
    fn get<'b, 'w>(&'b self, idx: &dyn Val) -> Result<CowVal<'b, 'w>, ExecutionError>
    where
        Self: 'w,
    {
        match self {
            Shared::Map(m) => m
                .as_indexer()
                .map_or_else(|| Err(no_index()), |i| i.get(idx)),
            Shared::List(l) => l
                .items
                .as_indexer()
                .map_or_else(|| Err(no_index()), |i| i.get(idx)),
        }
    }

    fn steal<'w>(self: Box<Self>, idx: &dyn Val) -> Result<Box<dyn Val + 'w>, ExecutionError>
    where
        Self: 'w,
    {
        self.get(idx).map(CowVal::into_owned)
    }
}

fn no_index() -> ExecutionError {
    ExecutionError::function_error("_[_]", "not indexable")
}

/// A service as one evaluation sees it, noting how the evaluation looked at it: which of its
/// fields it read (`service.kind`, `service.?controls`, `has(service.id)`), or that it used it
/// some other way (compared it, iterated it, took its size, copied it: [`Reads::whole`]).
/// Every way the interpreter can look at a value goes through one of the methods below.
///
/// The engine binds `service` so: an evaluation is a pure function of what it read, so its
/// result holds for every other service whose fields it read are equal (see `engine::Memo`).
#[derive(Debug)]
pub struct Watched<'v> {
    pub inner: Box<dyn Val + 'v>,
    pub reads: Arc<std::sync::Mutex<Reads>>,
}

/// What one evaluation read of a [`Watched`] value.
#[derive(Debug, Default)]
pub struct Reads {
    /// The fields read, in the order first read.
    pub fields: Vec<String>,
    /// It was used as a whole: what it found may depend on any part of it.
    pub whole: bool,
}

impl<'v> Watched<'v> {
    pub fn new(inner: Box<dyn Val + 'v>) -> (Watched<'v>, Arc<std::sync::Mutex<Reads>>) {
        let reads = Arc::new(std::sync::Mutex::new(Reads::default()));
        (
            Watched {
                inner,
                reads: reads.clone(),
            },
            reads,
        )
    }

    fn touch(&self) -> &(dyn Val + 'v) {
        if let Ok(mut r) = self.reads.lock() {
            r.whole = true;
        }
        self.inner.as_ref()
    }

    fn read(&self, field: &str) {
        if let Ok(mut r) = self.reads.lock()
            && !r.fields.iter().any(|f| f == field)
        {
            r.fields.push(field.to_string());
        }
    }
}

impl<'v> Indexer for Watched<'v> {
    fn get<'b, 'w>(&'b self, idx: &dyn Val) -> Result<CowVal<'b, 'w>, ExecutionError>
    where
        Self: 'w,
    {
        match idx.downcast_ref::<CelString>() {
            Some(field) => self.read(field.inner()),
            None => {
                self.touch();
            }
        }
        match self.inner.as_indexer() {
            Some(i) => i.get(idx),
            None => Err(no_index()),
        }
    }

    fn steal<'w>(self: Box<Self>, idx: &dyn Val) -> Result<Box<dyn Val + 'w>, ExecutionError>
    where
        Self: 'w,
    {
        self.get(idx).map(CowVal::into_owned)
    }
}

impl<'v> Val for Watched<'v> {
    // The engine watches only services that are maps: their type is the same for all.
    fn get_type(&self) -> &Type {
        self.inner.get_type()
    }

    fn cel_type() -> &'static Type
    where
        Self: Sized,
    {
        &types::DYN_TYPE
    }

    fn as_adder<'b, 'w>(&'b self) -> Option<&'b (dyn Adder + 'w)>
    where
        Self: 'w,
    {
        self.touch();
        self.inner.as_adder()
    }

    fn as_comparer(&self) -> Option<&dyn cel::common::traits::Comparer> {
        self.touch().as_comparer()
    }

    fn as_container(&self) -> Option<&dyn Container> {
        self.touch().as_container()
    }

    fn as_indexer<'b, 'w>(&'b self) -> Option<&'b (dyn Indexer + 'w)>
    where
        Self: 'w,
    {
        self.inner.as_indexer()?;
        Some(self)
    }

    fn into_indexer<'w>(self: Box<Self>) -> Option<Box<dyn Indexer + 'w>>
    where
        Self: 'w,
    {
        self.touch();
        self.inner.into_indexer()
    }

    fn as_iterable<'b, 'w>(&'b self) -> Option<&'b (dyn Iterable + 'w)>
    where
        Self: 'w,
    {
        self.touch();
        self.inner.as_iterable()
    }

    fn as_sizer(&self) -> Option<&dyn Sizer> {
        self.touch().as_sizer()
    }

    fn as_zeroer(&self) -> Option<&dyn Zeroer> {
        self.touch().as_zeroer()
    }

    fn equals(&self, other: &dyn Val) -> bool {
        self.touch().equals(other)
    }

    fn clone_as_boxed<'w>(&self) -> Box<dyn Val + 'w>
    where
        Self: 'w,
    {
        self.touch().clone_as_boxed()
    }

    // The interpreter asks this of every value it selects a field of, to see whether it is an
    // optional: answering with the map would hand all of it out unseen. So a watched value is
    // not a built-in; the rule pack refuses any use of `service` but reading its fields
    // (`whole_use`), and every accessor above still answers.
    fn as_builtin<'b, 'w>(&'b self) -> BuiltinRef<'b, 'w>
    where
        Self: 'w,
    {
        BuiltinRef::Other
    }

    fn into_builtin<'w>(self: Box<Self>) -> Option<Builtin<'w>>
    where
        Self: 'w,
    {
        None
    }
}

/// Where `expr` uses the variable `name` other than by reading a field of it (`name.f`,
/// `name.?f`, `has(name.f)`, `name['f']`): the id of the first such use. A comprehension that
/// binds `name` itself hides it.
pub fn whole_use(expr: &cel::common::ast::IdedExpr, name: &str) -> Option<u64> {
    use cel::common::ast::{EntryExpr, Expr, operators};
    let is_name = |e: &cel::common::ast::IdedExpr| matches!(&e.expr, Expr::Ident(n) if n == name);
    let first = |es: &mut dyn Iterator<Item = &cel::common::ast::IdedExpr>| {
        for e in es {
            if let Some(at) = whole_use(e, name) {
                return Some(at);
            }
        }
        None
    };
    match &expr.expr {
        Expr::Ident(n) if n == name => Some(expr.id),
        Expr::Select(s) if is_name(&s.operand) => None,
        Expr::Select(s) => whole_use(&s.operand, name),
        Expr::Call(c)
            if (c.func_name == operators::OPT_SELECT || c.func_name == operators::INDEX)
                && c.target.is_none()
                && c.args.first().is_some_and(is_name) =>
        {
            first(&mut c.args.iter().skip(1))
        }
        Expr::Call(c) => first(&mut c.target.as_deref().into_iter().chain(&c.args)),
        Expr::Comprehension(c) => {
            let outside = first(&mut [&c.iter_range, &c.accu_init].into_iter());
            let hidden =
                c.iter_var == name || c.accu_var == name || c.iter_var2.as_deref() == Some(name);
            outside.or_else(|| {
                if hidden {
                    None
                } else {
                    first(&mut [&c.loop_cond, &c.loop_step, &c.result].into_iter())
                }
            })
        }
        Expr::List(l) => first(&mut l.elements.iter()),
        Expr::Map(m) => first(&mut m.entries.iter().flat_map(|en| match &en.expr {
            EntryExpr::MapEntry(me) => vec![&me.key, &me.value],
            EntryExpr::StructField(f) => vec![&f.value],
        })),
        Expr::Struct(st) => first(&mut st.entries.iter().flat_map(|en| match &en.expr {
            EntryExpr::MapEntry(me) => vec![&me.key, &me.value],
            EntryExpr::StructField(f) => vec![&f.value],
        })),
        _ => None,
    }
}
