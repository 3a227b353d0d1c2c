//! The HTML5 tree of an article body: our tokenizer and html5ever's tree builder
//! (the spec's error recovery, so every browser's reading of tag soup) write
//! into a flat arena of nodes that keeps only what the walk and the outlet
//! rules read: element names, attributes, text, and the links between nodes.
//!
//! After the tree is built, one pass in document order records, per element,
//! how many element children it has and its first non-blank text, so that the
//! rules that ask those questions for every element stay linear in the size of
//! the body however it nests.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};
use std::num::NonZeroU32;

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{
    create_element, ElementFlags, NodeOrText, QuirksMode, TreeBuilder, TreeBuilderOpts, TreeSink,
};
use html5ever::{local_name, ns, Attribute, LocalName, Namespace, QualName};

use super::shape::{Excess, Shape, MAX_NESTING};
use super::tokenizer::{self, TreeBuilding};
use super::tree::InBody;

/// A node's index in its [`Dom`], plus one: an `Option<NodeId>` takes
/// four bytes, so each node's five links fit in twenty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NodeId(NonZeroU32);

impl NodeId {
    pub(super) fn index(self) -> usize {
        self.0.get() as usize - 1
    }

    /// The id of the node at `index`. 2^32 nodes would take gigabytes of
    /// markup (the readers cap files at `max_file_size`); past that, the
    /// parse's panic guard reports it.
    pub(super) fn at(index: usize) -> NodeId {
        u32::try_from(index + 1)
            .ok()
            .and_then(NonZeroU32::new)
            .map(NodeId)
            .expect("fewer than 2^32 nodes")
    }
}

/// What a node holds.
#[derive(Debug)]
pub enum NodeData {
    /// The document (the root; a fragment's `<html>` element is its child).
    Document,
    Element(Vec<Attribute>),
    Text(StrTendril),
    /// Comments, processing instructions, doctypes and template contents:
    /// nodes that take part in the tree's shape but hold no article content.
    Other,
}

/// An element in its tree: its name and attributes as the tokenizer gave
/// them, and the questions the outlet rules ask about its neighbours.
#[derive(Clone, Copy)]
pub struct ElementRef<'a> {
    dom: &'a Dom,
    id: NodeId,
    attrs: &'a [Attribute],
}

impl<'a> ElementRef<'a> {
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// The local name (`div`, `svg`, …), whatever the namespace.
    pub fn name(&self) -> &'a str {
        &self.dom.names[self.id.index()].local
    }

    /// The local name as an atom, for comparisons with `local_name!` atoms.
    pub fn local_name(&self) -> &'a LocalName {
        &self.dom.names[self.id.index()].local
    }

    /// The value of the attribute `name` (without a namespace).
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs
            .iter()
            .find(|a| a.name.ns == ns!() && &*a.name.local == name)
            .map(|a| &*a.value)
    }

    /// Whether the element has any attribute (most rules ask about one).
    pub fn has_attributes(&self) -> bool {
        !self.attrs.is_empty()
    }

    /// The element's `id` attribute.
    pub fn id_attr(&self) -> Option<&'a str> {
        self.attr("id")
    }

    /// The classes of the `class` attribute.
    pub fn classes(&self) -> impl Iterator<Item = &'a str> {
        self.attrs
            .iter()
            .filter(|a| a.name.local == local_name!("class"))
            .flat_map(|a| a.value.split_ascii_whitespace())
    }

    /// The parent, if it is an element.
    pub fn parent(&self) -> Option<ElementRef<'a>> {
        self.dom
            .node(self.id)
            .parent
            .and_then(|p| self.dom.element(p))
    }

    /// The element children, in order.
    pub fn children(&self) -> impl Iterator<Item = ElementRef<'a>> + 'a {
        let dom = self.dom;
        dom.children(self.id).filter_map(move |c| dom.element(c))
    }

    /// How many children are elements (counted once, after parsing).
    pub fn children_count(&self) -> usize {
        self.dom.node(self.id).element_children as usize
    }

    /// The elements below this one, in document order.
    pub fn descendants(&self) -> impl Iterator<Item = ElementRef<'a>> + 'a {
        let dom = self.dom;
        dom.traverse(self.id)
            .skip(1)
            .filter_map(move |edge| match edge {
                Edge::Open(id) => dom.element(id),
                Edge::Close(_) => None,
            })
    }

    /// The text nodes below this one, in document order.
    pub fn texts(&self) -> impl Iterator<Item = &'a str> + 'a {
        let dom = self.dom;
        dom.traverse(self.id).filter_map(move |edge| match edge {
            Edge::Open(id) => dom.text(id),
            Edge::Close(_) => None,
        })
    }

    /// The first text below this one that is not white space alone (found
    /// once for every element, after parsing).
    pub fn first_text(&self) -> Option<&'a str> {
        self.dom
            .node(self.id)
            .first_text
            .and_then(|t| self.dom.text(t))
    }
}

#[derive(Debug)]
pub(super) struct Node {
    parent: Option<NodeId>,
    prev_sibling: Option<NodeId>,
    next_sibling: Option<NodeId>,
    first_child: Option<NodeId>,
    last_child: Option<NodeId>,
    data: NodeData,
    /// Filled in after parsing: element children, and the first text node
    /// below this one that is not white space alone.
    element_children: u32,
    first_text: Option<NodeId>,
}

impl Node {
    pub(super) fn new(data: NodeData) -> Self {
        Node {
            parent: None,
            prev_sibling: None,
            next_sibling: None,
            first_child: None,
            last_child: None,
            data,
            element_children: 0,
            first_text: None,
        }
    }
}

/// One step of a walk over the tree in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Open(NodeId),
    Close(NodeId),
}

/// A parsed HTML fragment.
#[derive(Debug)]
pub struct Dom {
    nodes: Vec<Node>,
    /// Element names by node (empty for other nodes): the tree builder reads
    /// them on every tag, walking the stack of open elements.
    names: Vec<ElementName>,
}

pub(super) const DOCUMENT: NodeId = NodeId(NonZeroU32::MIN);

/// The nodes an arena may reserve before parsing whatever the body's size
/// (a few MB); larger trees grow it as they need.
const ARENA_RESERVED_MIN: usize = 1 << 16;
/// The most nodes an arena reserves before parsing (about 70 MB with
/// their names): a 4 MB body of dense markup; larger trees grow by copying.
const ARENA_RESERVED_MAX: usize = 1 << 20;

impl Dom {
    /// Parses `html` as the content of a `<body>`, as browsers parse
    /// `innerHTML`: the fragment's nodes are children of an `<html>` element.
    /// A body that nests deeper, or has more attributes in a tag, than the
    /// [`shape`](super::shape) limits allow is refused at the first tag past
    /// them, before the tree builder's work grows faster than the input.
    ///
    /// ```
    /// use zhtext::article::dom::Dom;
    /// use zhtext::article::shape::{Excess, MAX_NESTING};
    /// let dom = Dom::parse_fragment("<p>一<b>二</p>三").unwrap();
    /// let names: Vec<&str> = dom.elements().map(|e| e.name()).collect();
    /// // The `<b>` still open when `</p>` closes is reopened around 三, as
    /// // the HTML5 spec's reconstruction of formatting elements does.
    /// assert_eq!(names, ["html", "p", "b", "b"]);
    /// // Stray end tags do not close the open <div>s.
    /// let deep = "<div></span>".repeat(MAX_NESTING + 1);
    /// assert_eq!(
    ///     Dom::parse_fragment(&deep).unwrap_err(),
    ///     Excess::Nesting { offset: MAX_NESTING * 12 }
    /// );
    /// ```
    pub fn parse_fragment(html: &str) -> Result<Dom, Excess> {
        Self::parse_fragment_with(html, &mut Shape::new(html.len(), MAX_NESTING))
    }

    /// [`Dom::parse_fragment`] with the shape its tags are checked against.
    pub(crate) fn parse_fragment_with(html: &str, shape: &mut Shape) -> Result<Dom, Excess> {
        // An element and the text after it per `<` is what an article's
        // markup costs, so its arena is usually sized once, not grown by
        // copying. The reservation is capped at a node per 4 bytes (a
        // `<p>x` makes two in 4) and at ARENA_RESERVED_MAX: a `<` in text
        // opens nothing, and a large body of them (up to `max_file_size`)
        // must not reserve gigabytes it will never fill.
        let bytes = html.as_bytes();
        let tags = count_byte(bytes, b'<');
        // The one element our builder has no rules for: a body that may
        // hold one goes to html5ever's builder before any work is done (in
        // a comment or a script too: that costs time, not the tree). Tags
        // starting with a `t` are few, so they are found by memmem.
        let template = [&b"<t"[..], b"<T"].iter().any(|start| {
            memchr::memmem::find_iter(bytes, start).any(|lt| {
                bytes
                    .get(lt + 1..lt + 9)
                    .is_some_and(|name| name.eq_ignore_ascii_case(b"template"))
            })
        });
        let cap = ARENA_RESERVED_MIN
            .max(html.len() / 4)
            .min(ARENA_RESERVED_MAX);
        let capacity = (2 * tags + 8).min(cap);
        if !template {
            // Our own builder first; if it gives up after all, html5ever's
            // reads the body from its start.
            let in_body = InBody::with_capacity(capacity);
            tokenizer::tokenize(html, &in_body, shape)?;
            if let Some(dom) = in_body.finish() {
                return Ok(dom);
            }
            shape.restart();
        }
        let sink = Sink::with_capacity(capacity);
        let body = create_element(&sink, body_name(), Vec::new());
        let builder = TreeBuilder::new_for_fragment(sink, body, None, TreeBuilderOpts::default());
        tokenizer::tokenize(html, &builder, shape)?;
        let mut dom = builder.sink.finish();
        dom.summarise();
        Ok(dom)
    }

    /// The tree from html5ever's own fragment parser, which the tests hold
    /// [`Dom::parse_fragment`]'s tree to.
    #[cfg(test)]
    pub(crate) fn build_with_html5ever(html: &str) -> Dom {
        use html5ever::tendril::TendrilSink;
        let parser = html5ever::driver::parse_fragment(
            Sink::with_capacity(1),
            Default::default(),
            body_name(),
            Vec::new(),
            false,
        );
        let mut dom = parser.one(html);
        dom.summarise();
        dom
    }

    fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    /// The element `id` is, if it is one.
    pub fn element(&self, id: NodeId) -> Option<ElementRef<'_>> {
        match &self.node(id).data {
            NodeData::Element(attrs) => Some(ElementRef {
                dom: self,
                id,
                attrs,
            }),
            _ => None,
        }
    }

    /// The text `id` is, if it is a text node.
    pub fn text(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).data {
            NodeData::Text(text) => Some(text),
            _ => None,
        }
    }

    fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.node(id).first_child, |&c| self.node(c).next_sibling)
    }

    /// The walk over `id`'s subtree in document order, without recursion:
    /// each node opens, then its children's subtrees, then it closes.
    pub fn traverse(&self, id: NodeId) -> Traverse<'_> {
        Traverse {
            dom: self,
            root: id,
            next: Some(Edge::Open(id)),
        }
    }

    /// The walk over the whole tree, from the document node.
    pub fn traverse_all(&self) -> Traverse<'_> {
        self.traverse(DOCUMENT)
    }

    /// Every element in document order.
    pub fn elements(&self) -> impl Iterator<Item = ElementRef<'_>> + '_ {
        self.traverse_all().filter_map(|edge| match edge {
            Edge::Open(id) => self.element(id),
            Edge::Close(_) => None,
        })
    }

    /// Element children counts and first texts, in one walk: a node's first
    /// text is its own (a non-blank text node) or its first child's that has one.
    fn summarise(&mut self) {
        // The walk of `traverse_all`, by hand: the links it follows are not
        // the fields it fills.
        let mut next = Some(Edge::Open(DOCUMENT));
        while let Some(edge) = next {
            next = self.edge_after(edge, DOCUMENT);
            let Edge::Close(id) = edge else { continue };
            let node = self.node(id);
            let own = match &node.data {
                NodeData::Text(text) if !is_blank(text) => Some(id),
                _ => None,
            };
            let is_element = matches!(node.data, NodeData::Element(_));
            let first_text = own.or(node.first_text);
            let parent = node.parent;
            self.nodes[id.index()].first_text = first_text;
            if let Some(parent) = parent {
                let parent = &mut self.nodes[parent.index()];
                if parent.first_text.is_none() {
                    parent.first_text = first_text;
                }
                parent.element_children += u32::from(is_element);
            }
        }
    }

    /// The step after `edge` in the walk over `root`'s subtree.
    fn edge_after(&self, edge: Edge, root: NodeId) -> Option<Edge> {
        match edge {
            Edge::Open(id) => Some(match self.node(id).first_child {
                Some(child) => Edge::Open(child),
                None => Edge::Close(id),
            }),
            Edge::Close(id) if id == root => None,
            Edge::Close(id) => {
                let node = self.node(id);
                match (node.next_sibling, node.parent) {
                    (Some(sibling), _) => Some(Edge::Open(sibling)),
                    (None, Some(parent)) => Some(Edge::Close(parent)),
                    (None, None) => None,
                }
            }
        }
    }
}

/// How many bytes of `bytes` are `needle`: per chunk of 255 bytes in a
/// byte-wide sum, which the compiler vectorises (a loop over memchr's
/// matches cost 40 instructions per `<` of dense markup).
fn count_byte(bytes: &[u8], needle: u8) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let in_chunk: u8 = chunk.iter().map(|&b| u8::from(b == needle)).sum();
            usize::from(in_chunk)
        })
        .sum()
}

/// Whether `text` is white space alone (asked of every text node: the
/// first character usually answers). No white space lies above U+3000 (the
/// ideographic space), where Chinese text is: those characters answer
/// without the Unicode tables.
pub(crate) fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c <= '\u{3000}' && c.is_whitespace())
}

/// See [`Dom::traverse`].
pub struct Traverse<'a> {
    dom: &'a Dom,
    root: NodeId,
    next: Option<Edge>,
}

impl Iterator for Traverse<'_> {
    type Item = Edge;

    fn next(&mut self) -> Option<Edge> {
        let edge = self.next?;
        self.next = self.dom.edge_after(edge, self.root);
        Some(edge)
    }
}

fn body_name() -> QualName {
    QualName::new(None, ns!(html), local_name!("body"))
}

/// An element's name as the tree builder and the walk read it: a prefix is
/// never asked for.
#[derive(Debug)]
pub(super) struct ElementName {
    ns: Namespace,
    pub(super) local: LocalName,
}

impl ElementName {
    /// The name of a node that is not an element.
    pub(super) fn none() -> ElementName {
        ElementName {
            ns: ns!(),
            local: local_name!(""),
        }
    }

    /// The name of an HTML element.
    pub(super) fn html(local: LocalName) -> ElementName {
        ElementName {
            ns: ns!(html),
            local,
        }
    }
}

impl From<QualName> for ElementName {
    fn from(name: QualName) -> Self {
        ElementName {
            ns: name.ns,
            local: name.local,
        }
    }
}

/// html5ever's tree builder writes through this.
struct Sink {
    nodes: RefCell<Vec<Node>>,
    names: RefCell<Vec<ElementName>>,
}

impl Sink {
    fn with_capacity(nodes: usize) -> Sink {
        let mut sink = Sink {
            nodes: RefCell::new(Vec::with_capacity(nodes)),
            names: RefCell::new(Vec::with_capacity(nodes)),
        };
        sink.nodes.get_mut().push(Node::new(NodeData::Document));
        sink.names.get_mut().push(ElementName::none());
        sink
    }

    fn push(&self, data: NodeData, name: ElementName) -> NodeId {
        let mut nodes = self.nodes.borrow_mut();
        let id = NodeId::at(nodes.len());
        nodes.push(Node::new(data));
        self.names.borrow_mut().push(name);
        id
    }
}

/// The arena our own tree builder (`super::tree`) writes into directly.
pub(super) struct Arena {
    nodes: Vec<Node>,
    names: Vec<ElementName>,
}

impl Arena {
    /// An arena for about `nodes` nodes, holding the document node.
    pub(super) fn with_capacity(nodes: usize) -> Arena {
        let mut arena = Arena {
            nodes: Vec::with_capacity(nodes),
            names: Vec::with_capacity(nodes),
        };
        arena.push(NodeData::Document, ElementName::none());
        arena
    }

    pub(super) fn push(&mut self, data: NodeData, name: ElementName) -> NodeId {
        let id = NodeId::at(self.nodes.len());
        self.nodes.push(Node::new(data));
        self.names.push(name);
        id
    }

    /// A new HTML element, not yet in the tree.
    pub(super) fn element(&mut self, name: LocalName, attrs: Vec<Attribute>) -> NodeId {
        self.push(NodeData::Element(attrs), ElementName::html(name))
    }

    /// A new element of namespace `ns` (SVG or MathML), not yet in the tree.
    pub(super) fn foreign_element(
        &mut self,
        ns: Namespace,
        local: LocalName,
        attrs: Vec<Attribute>,
    ) -> NodeId {
        self.push(NodeData::Element(attrs), ElementName { ns, local })
    }

    pub(super) fn local_name(&self, id: NodeId) -> &LocalName {
        &self.names[id.index()].local
    }

    /// The namespace of element `id` (none for other nodes).
    pub(super) fn namespace(&self, id: NodeId) -> &Namespace {
        &self.names[id.index()].ns
    }

    /// An element's attributes (none for other nodes).
    pub(super) fn attrs(&self, id: NodeId) -> &[Attribute] {
        match &self.nodes[id.index()].data {
            NodeData::Element(attrs) => attrs,
            _ => &[],
        }
    }

    /// Attributes of `attrs` that element `id` lacks, added (the attributes
    /// of a `<html>` tag in the body).
    pub(super) fn add_attrs_if_missing(&mut self, id: NodeId, attrs: Vec<Attribute>) {
        add_attrs_if_missing(&mut self.nodes[id.index()], attrs);
    }

    /// `child` (taken from where it was) as the last child of `parent`.
    pub(super) fn append(&mut self, parent: NodeId, child: NodeId) {
        append_node(&mut self.nodes, parent, child);
    }

    /// Text at the end of `parent`: it joins a text node there.
    pub(super) fn append_text(&mut self, parent: NodeId, text: StrTendril) {
        let last = self.nodes[parent.index()].last_child;
        if !extend_text(&mut self.nodes, last, &text) {
            let child = self.push(NodeData::Text(text), ElementName::none());
            append_node(&mut self.nodes, parent, child);
        }
    }

    pub(super) fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id.index()].parent
    }

    /// `child` (taken from where it was) just before `sibling`.
    pub(super) fn insert_before(&mut self, sibling: NodeId, child: NodeId) {
        insert_before(&mut self.nodes, sibling, child);
    }

    /// Text just before `sibling`: it joins a text node there.
    pub(super) fn insert_text_before(&mut self, sibling: NodeId, text: StrTendril) {
        let prev = self.nodes[sibling.index()].prev_sibling;
        if !extend_text(&mut self.nodes, prev, &text) {
            let child = self.push(NodeData::Text(text), ElementName::none());
            insert_before(&mut self.nodes, sibling, child);
        }
    }

    /// Every child of `from`, in order, moved to the end of `to`.
    pub(super) fn reparent_children(&mut self, from: NodeId, to: NodeId) {
        while let Some(child) = self.nodes[from.index()].first_child {
            append_node(&mut self.nodes, to, child);
        }
    }

    /// The finished tree.
    pub(super) fn into_dom(self) -> Dom {
        let mut dom = Dom {
            nodes: self.nodes,
            names: self.names,
        };
        dom.summarise();
        dom
    }
}

impl TreeBuilding for TreeBuilder<NodeId, Sink> {}

// The arena's links, shared by html5ever's sink and our own tree builder
// (`super::tree`).

pub(super) fn detach(nodes: &mut [Node], id: NodeId) {
    let node = &mut nodes[id.index()];
    let (parent, prev, next) = (
        node.parent.take(),
        node.prev_sibling.take(),
        node.next_sibling.take(),
    );
    let Some(parent) = parent else { return };
    match prev {
        Some(prev) => nodes[prev.index()].next_sibling = next,
        None => nodes[parent.index()].first_child = next,
    }
    match next {
        Some(next) => nodes[next.index()].prev_sibling = prev,
        None => nodes[parent.index()].last_child = prev,
    }
}

pub(super) fn append_node(nodes: &mut [Node], parent: NodeId, child: NodeId) {
    detach(nodes, child);
    let last = nodes[parent.index()].last_child;
    {
        let node = &mut nodes[child.index()];
        node.parent = Some(parent);
        node.prev_sibling = last;
    }
    match last {
        Some(last) => nodes[last.index()].next_sibling = Some(child),
        None => nodes[parent.index()].first_child = Some(child),
    }
    nodes[parent.index()].last_child = Some(child);
}

fn insert_before(nodes: &mut [Node], sibling: NodeId, child: NodeId) {
    detach(nodes, child);
    let Some(parent) = nodes[sibling.index()].parent else {
        return;
    };
    let prev = nodes[sibling.index()].prev_sibling;
    {
        let node = &mut nodes[child.index()];
        node.parent = Some(parent);
        node.prev_sibling = prev;
        node.next_sibling = Some(sibling);
    }
    nodes[sibling.index()].prev_sibling = Some(child);
    match prev {
        Some(prev) => nodes[prev.index()].next_sibling = Some(child),
        None => nodes[parent.index()].first_child = Some(child),
    }
}

/// The attributes of `attrs` whose names `node` (an element) lacks, added.
fn add_attrs_if_missing(node: &mut Node, attrs: Vec<Attribute>) {
    if let NodeData::Element(existing) = &mut node.data {
        for attr in attrs {
            if !existing.iter().any(|a| a.name == attr.name) {
                existing.push(attr);
            }
        }
    }
}

/// Text after `node` joins it when `node` is a text node.
pub(super) fn extend_text(nodes: &mut [Node], node: Option<NodeId>, text: &StrTendril) -> bool {
    match node.map(|n| &mut nodes[n.index()].data) {
        Some(NodeData::Text(existing)) => {
            existing.push_tendril(text);
            true
        }
        _ => false,
    }
}

/// An element's name as the tree builder asks for it.
struct Name<'a>(Ref<'a, ElementName>);

impl std::fmt::Debug for Name<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl html5ever::tree_builder::ElemName for Name<'_> {
    fn ns(&self) -> &html5ever::Namespace {
        &self.0.ns
    }

    fn local_name(&self) -> &LocalName {
        &self.0.local
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Dom;
    type ElemName<'a> = Name<'a>;

    fn finish(self) -> Dom {
        Dom {
            nodes: self.nodes.into_inner(),
            names: self.names.into_inner(),
        }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Name<'a> {
        Name(Ref::map(self.names.borrow(), |names| {
            &names[target.index()]
        }))
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let id = self.push(NodeData::Element(attrs), name.into());
        if flags.template {
            // The template's contents, kept as its only child (the tree
            // builder puts what the template holds there).
            let contents = self.push(NodeData::Other, ElementName::none());
            append_node(&mut self.nodes.borrow_mut(), id, contents);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.push(NodeData::Other, ElementName::none())
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.push(NodeData::Other, ElementName::none())
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let mut nodes = self.nodes.borrow_mut();
        match child {
            NodeOrText::AppendNode(child) => append_node(&mut nodes, *parent, child),
            NodeOrText::AppendText(text) => {
                let last = nodes[parent.index()].last_child;
                if !extend_text(&mut nodes, last, &text) {
                    drop(nodes);
                    let child = self.push(NodeData::Text(text), ElementName::none());
                    append_node(&mut self.nodes.borrow_mut(), *parent, child);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = self.nodes.borrow()[element.index()].parent.is_some();
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(
        &self,
        _name: StrTendril,
        _public_id: StrTendril,
        _system_id: StrTendril,
    ) {
        let doctype = self.push(NodeData::Other, ElementName::none());
        append_node(&mut self.nodes.borrow_mut(), DOCUMENT, doctype);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        // Created right after its template (see create_element).
        NodeId::at(target.index() + 1)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let mut nodes = self.nodes.borrow_mut();
        match new_node {
            NodeOrText::AppendNode(child) => insert_before(&mut nodes, *sibling, child),
            NodeOrText::AppendText(text) => {
                if nodes[sibling.index()].parent.is_none() {
                    return;
                }
                let prev = nodes[sibling.index()].prev_sibling;
                if !extend_text(&mut nodes, prev, &text) {
                    drop(nodes);
                    let child = self.push(NodeData::Text(text), ElementName::none());
                    insert_before(&mut self.nodes.borrow_mut(), *sibling, child);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        add_attrs_if_missing(&mut self.nodes.borrow_mut()[target.index()], attrs);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut nodes = self.nodes.borrow_mut();
        while let Some(child) = nodes[node.index()].first_child {
            append_node(&mut nodes, *new_parent, child);
        }
    }
}

#[cfg(test)]
impl Dom {
    /// The whole tree for tests: names with their attributes, text quoted,
    /// other nodes as `()`: `html(p["class"="x"]("a") b)`.
    pub(super) fn outline(&self) -> String {
        let mut out = String::new();
        for edge in self.traverse_all() {
            match edge {
                Edge::Open(id) => match (self.element(id), self.text(id)) {
                    (Some(e), _) => {
                        match self.names[id.index()].ns {
                            ns!(html) => {}
                            ns!(svg) => out.push_str("svg:"),
                            ns!(mathml) => out.push_str("math:"),
                            ref other => out.push_str(&format!("{other:?}:")),
                        }
                        out.push_str(e.name());
                        for attr in e.attrs {
                            let QualName { prefix, ns, local } = &attr.name;
                            let value = &*attr.value;
                            match prefix {
                                None if *ns == ns!() => {
                                    out.push_str(&format!("[{:?}={value:?}]", &**local))
                                }
                                _ => out
                                    .push_str(&format!("[{prefix:?}:{ns:?}:{local:?}={value:?}]")),
                            }
                        }
                        out.push('(');
                    }
                    (_, Some(t)) => out.push_str(&format!("{t:?}")),
                    _ => out.push('('),
                },
                Edge::Close(id) if self.text(id).is_none() => out.push(')'),
                Edge::Close(_) => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_html5_tree_of_tag_soup() {
        // Implied end tags (a <p> ends the open one, a <table> too), the
        // adoption agency for misnested formatting, text foster-parented out
        // of a table; comments and template contents are nodes of their own.
        let dom =
            Dom::parse_fragment("<p>a<p>b<b>c<i>d</b>e</i><table>f<tr><td>g</table>").unwrap();
        assert_eq!(
            dom.outline(),
            r#"(html(p("a")p("b"b("c"i("d"))i("e"))"f"table(tbody(tr(td("g"))))))"#
        );
        let dom = Dom::parse_fragment("a<!--c-->b<template><p>t</p></template>").unwrap();
        assert_eq!(dom.outline(), r#"(html("a"()"b"template((p("t")))))"#);
    }

    #[test]
    fn counts_bytes_across_chunks() {
        // 600 bytes: chunks of 255, 255 and 90, each sum below 256.
        let bytes = b"<a<".repeat(200);
        assert_eq!(count_byte(&bytes, b'<'), 400);
        assert_eq!(count_byte(&[b'<'; 255], b'<'), 255);
        assert_eq!(count_byte(b"", b'<'), 0);
    }

    #[test]
    fn answers_the_outlet_rules_questions() {
        let dom = Dom::parse_fragment(
            r#"<div class="x  y" id=z data-a=1> <b> </b><i>  一</i>二<small>三</small></div>"#,
        )
        .unwrap();
        let div = dom.elements().find(|e| e.name() == "div").unwrap();
        assert_eq!(div.classes().collect::<Vec<_>>(), ["x", "y"]);
        assert_eq!(div.id_attr(), Some("z"));
        assert_eq!(div.attr("data-a"), Some("1"));
        assert_eq!(div.attr("missing"), None);
        assert_eq!(div.children_count(), 3);
        assert_eq!(div.first_text(), Some("  一"));
        assert_eq!(div.texts().collect::<String>(), "    一二三");
        let names: Vec<_> = div.descendants().map(|e| e.name()).collect();
        assert_eq!(names, ["b", "i", "small"]);
        let small = div.children().last().unwrap();
        assert_eq!(small.parent().map(|p| p.id()), Some(div.id()));
        assert_eq!(div.parent().map(|p| p.name()), Some("html"));
    }
}
