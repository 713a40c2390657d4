"""Local emulator of CBS StatLine's OData v3 service (https://opendata.cbs.nl) for tests.

It serves the routes the ``cbsodata`` 1.3.5 client uses over real HTTP on 127.0.0.1:

* ``/ODataFeed/odata/{id}/`` and ``/ODataApi/odata/{id}/``: the service document;
* ``.../{id}/{TableInfos|DataProperties|CategoryGroups|TypedDataSet|UntypedDataSet|<dimension>}``;
* ``/ODataCatalog/Tables``: the table catalog.

Every entity set honours ``$filter`` (a small recursive-descent OData v3 parser), ``$select``,
``$skip``, ``$top``, ``$orderby`` and ``$inlinecount=allpages``. The Feed pages long lists with an
absolute ``odata.nextLink``; the Api refuses more than 10 000 rows with HTTP 500, as CBS does.
Faults (HTTP 500, stalls, broken JSON, renamed measures, empty data sets) can be switched on to test
a client's error handling. Standard library only.
"""

from __future__ import annotations

import json
import re
import socketserver
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

__all__ = [
    "API_ROW_LIMIT",
    "FAULT_KINDS",
    "BoolOp",
    "CBSEmulator",
    "Call",
    "Compare",
    "EmulatedTable",
    "FieldRef",
    "Literal",
    "Not",
    "ODataQueryError",
    "compile_filter",
    "parse_filter",
]

API_ROW_LIMIT = 10_000
"""Largest result the ODataApi service returns; bigger results get HTTP 500 (the Feed pages)."""

FAULT_KINDS = frozenset({"http500", "stall", "malformed_json", "truncated_json", "rename_measure", "empty"})
"""The fault kinds :meth:`CBSEmulator.set_fault` accepts."""

_DATA_SETS = ("TypedDataSet", "UntypedDataSet")
_FIXED_SETS = ("TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties", "CategoryGroups")
_DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "DataProperties": ("ID", "Position", "ParentID", "Type", "Key", "Title", "Description"),
    "CategoryGroups": ("ID", "DimensionKey", "Title", "Description", "ParentID"),
    "dimension": ("Key", "Title", "Description", "CategoryGroupID"),
}
_TYPE_PREFIX = "Cbs.OData.WebAPI."
_PROXY_ERROR_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
    b"<body><h1>Bad Gateway</h1><p>The proxy server received an invalid response "
    b"from an upstream server.</p></body></html>\n"
)


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


@dataclass
class EmulatedTable:
    """One CBS table in the shapes the OData v3 service returns.

    ``rows`` are TypedDataSet rows without ``ID``; the emulator numbers them 0..n-1.
    Dimension values must be padded exactly like the keys in ``dimensions``.
    ``category_groups`` (an extension) fills the CategoryGroups entity set; empty by default.
    """

    table_id: str
    info: dict[str, Any]
    properties: list[dict[str, Any]]
    dimensions: dict[str, list[dict[str, Any]]]
    rows: list[dict[str, Any]]
    category_groups: list[dict[str, Any]] = field(default_factory=list)


def _kind(value: Any) -> str | None:
    """The OData type family of a Python value: 'bool', 'number', 'string', 'null' or None."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return None


def _infer_types(rows: list[dict[str, Any]], fields: Iterable[str]) -> dict[str, str]:
    """Map each field to the type family of its first non-null value (all-null fields: absent)."""
    types: dict[str, str] = {}
    remaining = set(fields)
    for row in rows:
        if not remaining:
            break
        for name in list(remaining):
            value = row.get(name)
            if value is not None:
                kind = _kind(value)
                if kind is not None:
                    types[name] = kind
                remaining.discard(name)
    return types


def _field_order(rows: list[dict[str, Any]], defaults: Iterable[str] = ()) -> list[str]:
    """Field names in first-seen order over ``rows``, followed by missing ``defaults``."""
    seen: dict[str, None] = {}
    for row in rows:
        for name in row:
            seen.setdefault(name, None)
    for name in defaults:
        seen.setdefault(name, None)
    return list(seen)


def _format_untyped(value: Any, decimals: Any) -> str:
    """Format one measure the way UntypedDataSet shows it (before right-alignment)."""
    if value is None:
        return "."
    if isinstance(value, bool):
        return str(value)
    if isinstance(decimals, int) and decimals >= 0 and isinstance(value, int | float):
        return f"{value:.{decimals}f}"
    return str(value)


class _PreparedTable:
    """An :class:`EmulatedTable` with numbered rows and lazily built untyped rows and type maps."""

    def __init__(self, table: EmulatedTable) -> None:
        if not table.table_id:
            raise ValueError("EmulatedTable.table_id must not be empty")
        self.table = table
        self.key = table.table_id.casefold()
        self.typed_rows = [{"ID": i, **row} for i, row in enumerate(table.rows)]
        topics = [str(p["Key"]) for p in table.properties if p.get("Type") == "Topic" and "Key" in p]
        self.data_fields = _field_order([{"ID": None}, *table.rows], [*table.dimensions, *topics])
        info = dict(table.info)
        info.setdefault("ID", 0)
        self.info = info
        self._untyped: list[dict[str, Any]] | None = None
        self._types: dict[str, dict[str, str]] = {}
        self._lock = threading.Lock()

    def data_rows(self, entity: str) -> list[dict[str, Any]]:
        """Rows of TypedDataSet or UntypedDataSet (with ID)."""
        if entity == "TypedDataSet":
            return self.typed_rows
        with self._lock:
            if self._untyped is None:
                self._untyped = self._build_untyped()
            return self._untyped

    def data_types(self, entity: str) -> dict[str, str]:
        """Cached field type families of a data set."""
        rows = self.data_rows(entity)
        with self._lock:
            if entity not in self._types:
                self._types[entity] = _infer_types(rows, self.data_fields)
            return self._types[entity]

    def _build_untyped(self) -> list[dict[str, Any]]:
        """Right-align every numeric measure to a fixed width per column, '.' for missing."""
        dims = set(self.table.dimensions)
        decimals = {p.get("Key"): p.get("Decimals") for p in self.table.properties}
        measures = [
            name
            for name in self.data_fields
            if name != "ID"
            and name not in dims
            and all(_kind(r.get(name)) in ("number", "null") for r in self.typed_rows)
        ]
        untyped = [dict(row) for row in self.typed_rows]
        for name in measures:
            texts = [_format_untyped(r.get(name), decimals.get(name)) for r in self.typed_rows]
            width = max((len(t) for t in texts), default=1) + 2
            for row, text in zip(untyped, texts, strict=True):
                row[name] = text.rjust(width)
        return untyped


# --------------------------------------------------------------------------------------------
# $filter: tokenizer, recursive-descent parser, type check and compiler
# --------------------------------------------------------------------------------------------


class ODataQueryError(ValueError):
    """A query option ($filter, $select, ...) the service rejects with HTTP 400."""


@dataclass(frozen=True)
class Literal:
    """A literal: str, int, float, bool or None (null)."""

    value: Any


@dataclass(frozen=True)
class FieldRef:
    """A property name."""

    name: str
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Compare:
    """A comparison ``left op right`` with op in eq ne gt ge lt le."""

    op: str
    left: Node
    right: Node
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class BoolOp:
    """``left and right`` or ``left or right``."""

    op: str
    left: Node
    right: Node
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Not:
    """``not operand``."""

    operand: Node
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Call:
    """A function call such as ``startswith(RegioS,'GM')``."""

    name: str
    args: tuple[Node, ...]
    pos: int = field(default=0, compare=False)


Node = Literal | FieldRef | Compare | BoolOp | Not | Call

_COMPARISONS = frozenset({"eq", "ne", "gt", "ge", "lt", "le"})
_KEYWORDS = _COMPARISONS | {"and", "or", "not", "true", "false", "null"}
# name -> (argument types, result type)
_FUNCTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "substringof": (("string", "string"), "bool"),
    "startswith": (("string", "string"), "bool"),
    "endswith": (("string", "string"), "bool"),
    "tolower": (("string",), "string"),
    "toupper": (("string",), "string"),
    "trim": (("string",), "string"),
    "length": (("string",), "number"),
}
_EDM = {"string": "Edm.String", "number": "Edm.Decimal", "bool": "Edm.Boolean", "null": "null"}

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<string>'(?:[^']|'')*')
  | (?P<number>[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?[mMdDfFlL]?(?![A-Za-z0-9_]))
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[(),])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # string, number, name, punct, end
    text: str
    pos: int


def _tokenize(text: str) -> list[_Token]:
    """Split a $filter expression into tokens."""
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None:
            if text[pos] == "'":
                raise ODataQueryError(f"There is an unterminated string literal at position {pos}.")
            raise ODataQueryError(f"Syntax error: character '{text[pos]}' at position {pos}.")
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append(_Token(kind, match.group(), pos))
        pos = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


class _Parser:
    """Recursive descent over the OData v3 grammar, with WCF Data Services' precedence.

    or < and < comparison (eq ne gt ge lt le, left-associative) < not < primary.
    """

    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.index = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def _advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def _accept_word(self, *words: str) -> _Token | None:
        token = self.current
        if token.kind == "name" and token.text in words:
            return self._advance()
        return None

    def _expect_punct(self, char: str) -> _Token:
        token = self.current
        if token.kind != "punct" or token.text != char:
            raise ODataQueryError(f"'{char}' expected at position {token.pos}.")
        return self._advance()

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise ODataQueryError("Expression expected at position 0.")
        node = self._or()
        if self.current.kind != "end":
            raise ODataQueryError(f"Syntax error at position {self.current.pos}.")
        return node

    def _or(self) -> Node:
        left = self._and()
        while token := self._accept_word("or"):
            left = BoolOp("or", left, self._and(), token.pos)
        return left

    def _and(self) -> Node:
        left = self._comparison()
        while token := self._accept_word("and"):
            left = BoolOp("and", left, self._comparison(), token.pos)
        return left

    def _comparison(self) -> Node:
        left = self._unary()
        while token := self._accept_word(*_COMPARISONS):
            left = Compare(token.text, left, self._unary(), token.pos)
        return left

    def _unary(self) -> Node:
        if token := self._accept_word("not"):
            return Not(self._unary(), token.pos)
        return self._primary()

    def _primary(self) -> Node:
        token = self.current
        if token.kind == "punct" and token.text == "(":
            self._advance()
            node = self._or()
            self._expect_punct(")")
            return node
        if token.kind == "string":
            self._advance()
            return Literal(token.text[1:-1].replace("''", "'"))
        if token.kind == "number":
            self._advance()
            return Literal(_number(token.text))
        if token.kind == "name":
            return self._name()
        raise ODataQueryError(f"Expression expected at position {token.pos}.")

    def _name(self) -> Node:
        token = self._advance()
        word = token.text
        if word in ("true", "false"):
            return Literal(word == "true")
        if word == "null":
            return Literal(None)
        if word in _KEYWORDS:
            raise ODataQueryError(f"Expression expected at position {token.pos}.")
        nxt = self.current
        if nxt.kind == "punct" and nxt.text == "(":
            if word not in _FUNCTIONS:
                raise ODataQueryError(f"Unknown function '{word}' at position {token.pos}.")
            self._advance()
            args: list[Node] = []
            if not (self.current.kind == "punct" and self.current.text == ")"):
                args.append(self._or())
                while self.current.kind == "punct" and self.current.text == ",":
                    self._advance()
                    args.append(self._or())
            self._expect_punct(")")
            if len(args) != len(_FUNCTIONS[word][0]):
                raise ODataQueryError(
                    f"No applicable function found for '{word}' at position {token.pos} "
                    f"with the specified arguments."
                )
            return Call(word, tuple(args), token.pos)
        return FieldRef(word, token.pos)


def _number(text: str) -> int | float:
    """Parse an OData numeric literal (with an optional type suffix)."""
    if text[-1] in "mMdDfFlL":
        text = text[:-1]
    if any(c in text for c in ".eE"):
        return float(text)
    return int(text)


def parse_filter(text: str) -> Node:
    """Parse a $filter expression into an AST; raise :class:`ODataQueryError` when invalid."""
    return _Parser(text).parse()


Evaluator = Callable[[Mapping[str, Any]], Any]


def _check_operand(kind: str | None, expected: str, what: str, pos: int) -> None:
    """Reject a statically known operand type that does not fit."""
    if kind is not None and kind not in (expected, "null"):
        raise ODataQueryError(
            f"Operator '{what}' incompatible with operand type '{_EDM[kind]}' at position {pos}."
        )


def _runtime_kind(value: Any, expected: str, what: str) -> None:
    """Reject a runtime value of the wrong type (for fields whose type was unknown)."""
    kind = _kind(value)
    if kind not in (expected, "null"):
        raise ODataQueryError(f"Operator '{what}' incompatible with a value of type '{kind}'.")


class _Compiler:
    """Type-check an AST against the entity's fields and turn it into a row predicate."""

    def __init__(self, resolve: Mapping[str, str] | None, types: Mapping[str, str], type_name: str):
        self.resolve = resolve
        self.types = types
        self.type_name = type_name

    def compile(self, node: Node) -> tuple[Evaluator, str | None]:
        """Return (evaluator, static type family or None when unknown)."""
        if isinstance(node, Literal):
            value = node.value
            return (lambda row: value), _kind(value)
        if isinstance(node, FieldRef):
            return self._field(node)
        if isinstance(node, Not):
            return self._not(node)
        if isinstance(node, BoolOp):
            return self._boolop(node)
        if isinstance(node, Compare):
            return self._compare(node)
        return self._call(node)

    def _field(self, node: FieldRef) -> tuple[Evaluator, str | None]:
        if self.resolve is None:
            stored = node.name
        elif node.name in self.resolve:
            stored = self.resolve[node.name]
        else:
            raise ODataQueryError(
                f"No property '{node.name}' exists in type '{self.type_name}' at position {node.pos}."
            )
        return (lambda row: row.get(stored)), self.types.get(stored)

    def _not(self, node: Not) -> tuple[Evaluator, str | None]:
        inner, kind = self.compile(node.operand)
        _check_operand(kind, "bool", "not", node.pos)

        def evaluate(row: Mapping[str, Any]) -> Any:
            value = inner(row)
            _runtime_kind(value, "bool", "not")
            return None if value is None else not value

        return evaluate, "bool"

    def _string_in(self, node: BoolOp) -> tuple[Evaluator, str | None] | None:
        """Fast path: ``F eq 'a' or F eq 'b' or …`` on one string field is a set lookup.

        Same answers as the general evaluator (a string field equals a string literal or not;
        null is never equal), but CBS-sized category lists (fifteen ages, twelve periods) over
        tens of thousands of rows stay fast enough for the client's read timeout in tests.
        """
        leaves: list[Node] = []
        stack: list[Node] = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, BoolOp) and item.op == "or":
                stack += [item.left, item.right]
            else:
                leaves.append(item)
        fields, values = set(), set()
        for leaf in leaves:
            if not (
                isinstance(leaf, Compare)
                and leaf.op == "eq"
                and isinstance(leaf.left, FieldRef)
                and isinstance(leaf.right, Literal)
                and isinstance(leaf.right.value, str)
            ):
                return None
            fields.add(leaf.left.name)
            values.add(leaf.right.value)
        if len(fields) != 1:
            return None
        getter, kind = self._field(FieldRef(next(iter(fields)), node.pos))
        if kind != "string":
            return None
        frozen = frozenset(values)
        return (lambda row: getter(row) in frozen), "bool"

    def _boolop(self, node: BoolOp) -> tuple[Evaluator, str | None]:
        if node.op == "or":
            fast = self._string_in(node)
            if fast is not None:
                return fast
        left, lkind = self.compile(node.left)
        right, rkind = self.compile(node.right)
        _check_operand(lkind, "bool", node.op, node.pos)
        _check_operand(rkind, "bool", node.op, node.pos)
        is_and = node.op == "and"

        def evaluate(row: Mapping[str, Any]) -> Any:
            a = left(row)
            _runtime_kind(a, "bool", node.op)
            if is_and and a is False:
                return False
            if not is_and and a is True:
                return True
            b = right(row)
            _runtime_kind(b, "bool", node.op)
            if is_and:
                return False if b is False else (True if a is True and b is True else None)
            return True if b is True else (False if a is False and b is False else None)

        return evaluate, "bool"

    def _compare(self, node: Compare) -> tuple[Evaluator, str | None]:
        left, lkind = self.compile(node.left)
        right, rkind = self.compile(node.right)
        known = {lkind, rkind} - {None, "null"}
        if len(known) > 1:
            a, b = _EDM[lkind or "null"], _EDM[rkind or "null"]
            raise ODataQueryError(
                f"Operator '{node.op}' incompatible with operand types '{a}' and '{b}' "
                f"at position {node.pos}."
            )
        op = node.op

        def evaluate(row: Mapping[str, Any]) -> Any:
            a, b = left(row), right(row)
            if a is None or b is None:
                if op == "eq":
                    return a is None and b is None
                if op == "ne":
                    return not (a is None and b is None)
                return False
            if _kind(a) != _kind(b):
                raise ODataQueryError(
                    f"Operator '{op}' incompatible with values of types '{_kind(a)}' and '{_kind(b)}'."
                )
            if op == "eq":
                return a == b
            if op == "ne":
                return a != b
            if op == "gt":
                return a > b
            if op == "ge":
                return a >= b
            if op == "lt":
                return a < b
            return a <= b

        return evaluate, "bool"

    def _call(self, node: Call) -> tuple[Evaluator, str | None]:
        arg_types, result = _FUNCTIONS[node.name]
        compiled = [self.compile(arg) for arg in node.args]
        for (_, kind), expected in zip(compiled, arg_types, strict=True):
            if kind is not None and kind not in (expected, "null"):
                raise ODataQueryError(
                    f"No applicable function found for '{node.name}' at position {node.pos} "
                    f"with the specified arguments."
                )
        funcs = [fn for fn, _ in compiled]
        impl = _FUNCTION_IMPLS[node.name]
        name = node.name

        def evaluate(row: Mapping[str, Any]) -> Any:
            values = [fn(row) for fn in funcs]
            if any(v is None for v in values):
                return None
            for value in values:
                if not isinstance(value, str):
                    raise ODataQueryError(f"Function '{name}' expects string arguments.")
            return impl(*values)

        return evaluate, result


_FUNCTION_IMPLS: dict[str, Callable[..., Any]] = {
    "substringof": lambda needle, haystack: needle in haystack,
    "startswith": lambda text, prefix: text.startswith(prefix),
    "endswith": lambda text, suffix: text.endswith(suffix),
    "tolower": str.lower,
    "toupper": str.upper,
    "trim": str.strip,
    "length": len,
}


def compile_filter(
    text: str,
    fields: Mapping[str, str] | Iterable[str] | None = None,
    types: Mapping[str, str] | None = None,
    type_name: str = _TYPE_PREFIX + "TypedDataSet",
) -> Callable[[Mapping[str, Any]], bool]:
    """Compile a $filter expression into a row predicate.

    ``fields`` maps visible property names to the names used in the rows (an iterable means
    "these names, unchanged"; None accepts any name). ``types`` maps row names to 'string',
    'number' or 'bool' for the static type check. A row matches only when the expression is
    true (null counts as false). Raises :class:`ODataQueryError` for what CBS answers with 400.
    """
    resolve: Mapping[str, str] | None = None
    if isinstance(fields, Mapping):
        resolve = fields
    elif fields is not None:
        resolve = {name: name for name in fields}
    evaluate, kind = _Compiler(resolve, types or {}, type_name).compile(parse_filter(text))
    if kind not in (None, "bool"):
        raise ODataQueryError(
            f"The $filter expression must evaluate to a single boolean value, not {_EDM[kind]}."
        )

    def predicate(row: Mapping[str, Any]) -> bool:
        value = evaluate(row)
        _runtime_kind(value, "bool", "$filter")
        return value is True

    return predicate


# --------------------------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------------------------


@dataclass
class _Fault:
    table_key: str | None
    kind: str
    entity: str | None
    after: int
    seconds: float
    renames: dict[str, str]
    seen: int = 0


@dataclass(frozen=True)
class _Route:
    kind: str  # "catalog", "service", "entity", "missing"
    service: str = "ODataFeed"
    table_id: str | None = None
    entity: str | None = None
    missing_segment: str = ""


@dataclass(frozen=True)
class _Reply:
    status: int
    body: bytes
    content_type: str = "application/json;charset=utf-8"
    data_rows: int = 0


def _dumps(payload: Any) -> bytes:
    """Serialise compactly as CBS does."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _error(status: int, message: str) -> _Reply:
    """An OData v3 JSON error reply."""
    body = {"odata.error": {"code": "", "message": {"lang": "en-US", "value": message}}}
    return _Reply(status, _dumps(body))


def _not_found(segment: str) -> _Reply:
    return _error(404, f"Resource not found for the segment '{segment}'.")


def _parse_route(path: str) -> _Route:
    """Decide which resource a URL path names."""
    segments = [unquote(s) for s in path.split("/")[1:]]
    if segments and segments[-1] == "":
        segments.pop()
    if not segments:
        return _Route("missing", missing_segment="")
    head = segments[0].casefold()
    if head == "odatacatalog":
        if len(segments) == 2 and segments[1] == "Tables":
            return _Route("catalog", entity="Tables")
        return _Route("missing", missing_segment=segments[-1])
    if head not in ("odatafeed", "odataapi"):
        return _Route("missing", missing_segment=segments[0])
    service = "ODataFeed" if head == "odatafeed" else "ODataApi"
    if len(segments) < 3 or segments[1].casefold() != "odata":
        return _Route("missing", service, missing_segment=segments[-1])
    table_id = segments[2]
    if len(segments) == 3:
        return _Route("service", service, table_id, "")
    if len(segments) > 4:
        return _Route("missing", service, table_id, segments[3], missing_segment=segments[4])
    return _Route("entity", service, table_id, segments[3])


def _non_negative(value: str | None, option: str) -> int | None:
    """Parse $skip/$top."""
    if value is None or value.strip() == "":
        return None
    try:
        number = int(value.strip())
    except ValueError:
        number = -1
    if number < 0:
        raise ODataQueryError(f"Invalid value '{value}' for {option} query option found.")
    return number


class _Server(ThreadingHTTPServer):
    """A ThreadingHTTPServer that knows its emulator and keeps quiet about dropped clients."""

    daemon_threads = True
    block_on_close = True
    emulator: CBSEmulator

    def server_bind(self) -> None:
        """Bind without the reverse DNS lookup HTTPServer.server_bind does."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that went away (timeouts); report anything else."""
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    """Answers GET requests through the emulator; one request per connection (HTTP/1.0)."""

    protocol_version = "HTTP/1.0"
    server_version = "CBSEmulator/1.0"
    timeout = 5
    server: _Server

    def do_GET(self) -> None:
        """Serve one request (or drop it when a stall was cut short by stop())."""
        try:
            reply = self.server.emulator._handle(self.path)
        except Exception as exc:  # an emulator bug: make it visible to the client
            reply = _error(500, f"CBSEmulator internal error: {exc!r}")
        if reply is None:
            return
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.send_header("DataServiceVersion", "3.0;")
            self.end_headers()
            self.wfile.write(reply.body)
        except OSError:
            pass  # the client gave up (for example after its timeout during a stall)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default per-request logging."""


# --------------------------------------------------------------------------------------------
# The emulator
# --------------------------------------------------------------------------------------------


class CBSEmulator:
    """An in-process HTTP server that behaves like opendata.cbs.nl's OData v3 services.

    Use as a context manager, or call :meth:`start` / :meth:`stop`. Point cbsodata at it with
    ``cbsodata.options.catalog_url = emu.host_port`` and ``cbsodata.options.use_https = False``.
    ``page_size`` and ``api_row_limit`` are plain attributes and may be changed at any time.
    """

    def __init__(
        self,
        tables: Iterable[EmulatedTable] = (),
        catalog: list[dict[str, Any]] | None = None,
        page_size: int = 1000,
    ) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.page_size = page_size
        self.api_row_limit = API_ROW_LIMIT
        self._catalog = catalog
        self._tables: dict[str, _PreparedTable] = {}
        self._lock = threading.Lock()
        self._faults: list[_Fault] = []
        self._requests: list[str] = []
        self._bytes_sent = 0
        self._rows_sent = 0
        self._match_cache: OrderedDict[tuple[Any, ...], list[dict[str, Any]]] = OrderedDict()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        for table in tables:
            self.add_table(table)

    # -- lifecycle ---------------------------------------------------------------------------

    def add_table(self, table: EmulatedTable) -> None:
        """Add or replace a table (ids match case-insensitively)."""
        prepared = _PreparedTable(table)
        with self._lock:
            self._tables[prepared.key] = prepared

    def start(self) -> CBSEmulator:
        """Bind 127.0.0.1 on a free port and serve in a daemon thread."""
        if self._server is not None:
            raise RuntimeError("CBSEmulator is already running")
        self._stopping.clear()
        server = _Server(("127.0.0.1", 0), _Handler)
        server.emulator = self
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"CBSEmulator:{server.server_port}",
            daemon=True,
        )
        self._server, self._thread = server, thread
        thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: wake stalled handlers, close the socket and join all threads."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        thread.join()
        self._server = self._thread = None

    def __enter__(self) -> CBSEmulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def host_port(self) -> str:
        """``"127.0.0.1:<port>"``: what ``cbsodata.options.catalog_url`` wants."""
        if self._server is None:
            raise RuntimeError("CBSEmulator is not running; call start() first")
        return f"127.0.0.1:{self._server.server_port}"

    @property
    def base_url(self) -> str:
        """``"http://127.0.0.1:<port>"``."""
        return f"http://{self.host_port}"

    # -- faults ------------------------------------------------------------------------------

    def set_fault(
        self,
        table_id: str | None,
        kind: str,
        *,
        entity: str | None = None,
        after: int = 0,
        seconds: float = 5.0,
        renames: dict[str, str] | None = None,
    ) -> None:
        """Make matching requests misbehave, after ``after`` normal ones, until clear_faults().

        ``table_id`` None matches every table and the catalog (entity "Tables"); ``entity`` None
        matches every entity set of the table, including its service document (entity "").
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {sorted(FAULT_KINDS)}")
        if kind == "rename_measure" and not renames:
            raise ValueError("rename_measure needs renames={old_key: new_key}")
        if after < 0:
            raise ValueError("after must be >= 0")
        fault = _Fault(
            table_id.casefold() if table_id is not None else None,
            kind,
            entity,
            after,
            float(seconds),
            dict(renames or {}),
        )
        with self._lock:
            self._faults.append(fault)
            self._match_cache.clear()

    def clear_faults(self) -> None:
        """Remove every fault."""
        with self._lock:
            self._faults.clear()
            self._match_cache.clear()

    # -- statistics --------------------------------------------------------------------------

    @property
    def requests(self) -> list[str]:
        """Path and query of every request received, in order (a copy)."""
        with self._lock:
            return list(self._requests)

    @property
    def bytes_sent(self) -> int:
        """Total response body bytes served."""
        with self._lock:
            return self._bytes_sent

    @property
    def rows_sent(self) -> int:
        """Total rows served in TypedDataSet/UntypedDataSet ``value`` arrays."""
        with self._lock:
            return self._rows_sent

    def reset_stats(self) -> None:
        """Forget the request log and zero the counters."""
        with self._lock:
            self._requests.clear()
            self._bytes_sent = 0
            self._rows_sent = 0

    def full_size(self, table_id: str) -> tuple[int, int]:
        """(rows, bytes) an unfiltered ``cbsodata.get_data`` would download from the Feed.

        Counts the service document, TableInfos, DataProperties, CategoryGroups, every dimension
        list and every page of TypedDataSet, serialised exactly as served (without faults),
        but without serving them or touching the statistics.
        """
        prepared = self._table(table_id)
        if prepared is None:
            raise KeyError(table_id)
        root = f"/ODataFeed/odata/{prepared.table.table_id}/"
        names = [n for n in (*_FIXED_SETS, *prepared.table.dimensions) if n != "UntypedDataSet"]
        total_rows = total_bytes = 0
        for target in [root + "?$format=json"] + [root + n + "?$format=json" for n in names]:
            while target:
                split = urlsplit(target)
                reply = self._build(_parse_route(split.path), split.path, split.query, {}, False)
                total_bytes += len(reply.body)
                total_rows += reply.data_rows
                next_link = json.loads(reply.body).get("odata.nextLink")
                target = urlsplit(next_link)._replace(scheme="", netloc="").geturl() if next_link else ""
        return total_rows, total_bytes

    # -- request handling --------------------------------------------------------------------

    def _table(self, table_id: str) -> _PreparedTable | None:
        with self._lock:
            return self._tables.get(table_id.casefold())

    def _link_base(self) -> str:
        server = self._server
        port = server.server_port if server is not None else 0
        return f"http://127.0.0.1:{port}"

    def _handle(self, target: str) -> _Reply | None:
        """Answer one request target (path?query); None means drop the connection."""
        with self._lock:
            self._requests.append(target)
        split = urlsplit(target)
        route = _parse_route(split.path)
        faults = self._active_faults(route)
        kinds = {f.kind for f in faults}
        stall = max((f.seconds for f in faults if f.kind == "stall"), default=0.0)
        if stall > 0 and self._stopping.wait(stall):
            return None
        if "http500" in kinds:
            reply = _error(500, "An error occurred while processing this request.")
        elif "malformed_json" in kinds:
            reply = _Reply(200, _PROXY_ERROR_PAGE, "text/html; charset=utf-8")
        else:
            renames: dict[str, str] = {}
            for fault in faults:
                if fault.kind == "rename_measure":
                    renames.update(fault.renames)
            reply = self._build(route, split.path, split.query, renames, "empty" in kinds)
            if "truncated_json" in kinds:
                reply = _Reply(reply.status, reply.body[: len(reply.body) // 2], reply.content_type)
        with self._lock:
            self._bytes_sent += len(reply.body)
            self._rows_sent += reply.data_rows
        return reply

    def _active_faults(self, route: _Route) -> list[_Fault]:
        """Count this request against every matching fault; return those now active."""
        table_key = route.table_id.casefold() if route.table_id is not None else None
        active: list[_Fault] = []
        with self._lock:
            for fault in self._faults:
                if fault.table_key is not None and fault.table_key != table_key:
                    continue
                if fault.entity is not None and fault.entity != route.entity:
                    continue
                fault.seen += 1
                if fault.seen > fault.after:
                    active.append(fault)
        return active

    def _build(self, route: _Route, path: str, query: str, renames: dict[str, str], empty: bool) -> _Reply:
        """Build the reply for a route; 400/404/500 replies for bad requests."""
        try:
            return self._build_or_raise(route, path, query, renames, empty)
        except ODataQueryError as exc:
            return _error(400, str(exc))

    def _build_or_raise(
        self, route: _Route, path: str, query: str, renames: dict[str, str], empty: bool
    ) -> _Reply:
        if route.kind == "missing":
            return _not_found(route.missing_segment)
        params = parse_qsl(query, keep_blank_values=True)
        base = self._link_base()
        if route.kind == "catalog":
            rows = self._catalog_rows()
            return self._query(
                rows=rows,
                fields=_field_order(rows),
                types=_infer_types(rows, _field_order(rows)),
                renames={},
                params=params,
                path=path,
                type_name=_TYPE_PREFIX + "Catalog.Table",
                metadata=f"{base}/ODataCatalog/$metadata#Tables",
                paging=False,
                api=False,
            )
        assert route.table_id is not None and route.entity is not None
        prepared = self._table(route.table_id)
        if prepared is None:
            return _not_found(route.table_id)
        table = prepared.table
        root = f"{base}/{route.service}/odata/{table.table_id}/"
        if route.kind == "service":
            names = [*_FIXED_SETS, *table.dimensions]
            payload = {
                "odata.metadata": root + "$metadata",
                "value": [{"name": n, "url": root + n} for n in names],
            }
            return _Reply(200, _dumps(payload))
        entity = route.entity
        common = {
            "params": params,
            "path": path,
            "type_name": _TYPE_PREFIX + entity,
            "metadata": f"{root}$metadata#{_TYPE_PREFIX}{entity}",
            "paging": route.service == "ODataFeed",
            "api": route.service == "ODataApi",
        }
        if entity in _DATA_SETS:
            rows = [] if empty else prepared.data_rows(entity)
            return self._query(
                rows=rows,
                fields=prepared.data_fields,
                types=prepared.data_types(entity),
                renames=renames,
                cache_key=(prepared, entity, empty),
                count_rows=True,
                **common,
            )
        if entity == "TableInfos":
            rows = [prepared.info]
            defaults: Iterable[str] = ()
        elif entity == "DataProperties":
            rows = [
                {**p, "Key": renames[p["Key"]]} if p.get("Key") in renames else p for p in table.properties
            ]
            defaults = _DEFAULT_FIELDS["DataProperties"]
        elif entity == "CategoryGroups":
            rows = table.category_groups
            defaults = _DEFAULT_FIELDS["CategoryGroups"]
        elif entity in table.dimensions:
            rows = table.dimensions[entity]
            defaults = _DEFAULT_FIELDS["dimension"]
        else:
            return _not_found(entity)
        fields = _field_order(rows, defaults)
        return self._query(rows=rows, fields=fields, types=_infer_types(rows, fields), renames={}, **common)

    def _catalog_rows(self) -> list[dict[str, Any]]:
        """The catalog: given explicitly, or built from the tables' TableInfos rows."""
        if self._catalog is not None:
            return self._catalog
        with self._lock:
            tables = list(self._tables.values())
        rows = []
        for prepared in tables:
            row = dict(prepared.table.info)
            row.setdefault("Identifier", prepared.table.table_id)
            rows.append(row)
        return rows

    def _query(
        self,
        *,
        rows: list[dict[str, Any]],
        fields: list[str],
        types: Mapping[str, str],
        renames: Mapping[str, str],
        params: list[tuple[str, str]],
        path: str,
        type_name: str,
        metadata: str,
        paging: bool,
        api: bool,
        cache_key: tuple[Any, ...] | None = None,
        count_rows: bool = False,
    ) -> _Reply:
        """Apply $select/$filter/$orderby/$skip/$top and paging to one entity set."""
        options = dict(params)
        visible = [(renames.get(name, name), name) for name in fields]
        resolve = dict(visible)
        columns = self._select(options.get("$select", ""), visible, resolve, type_name)
        skip = _non_negative(options.get("$skip"), "$skip") or 0
        top = _non_negative(options.get("$top"), "$top")
        filter_text = options.get("$filter", "").strip()
        orderby = options.get("$orderby", "").strip()
        matches = rows
        if filter_text or orderby:
            key: tuple[Any, ...] | None = None
            cached: list[dict[str, Any]] | None = None
            if cache_key is not None:
                key = (*cache_key, filter_text, orderby, tuple(sorted(renames.items())))
                with self._lock:
                    cached = self._match_cache.get(key)
                    if cached is not None:
                        self._match_cache.move_to_end(key)
                        matches = cached
            if key is None or cached is None:
                matches = self._match(rows, filter_text, orderby, resolve, types, type_name)
                if key is not None:
                    with self._lock:
                        self._match_cache[key] = matches
                        while len(self._match_cache) > 16:
                            self._match_cache.popitem(last=False)
        end = len(matches) if top is None else min(len(matches), skip + top)
        window = max(0, end - skip)
        if api and window > self.api_row_limit:
            return _error(500, f"query returns more than {self.api_row_limit} records")
        next_link = None
        page_end = end
        if paging and window > self.page_size:
            page_end = skip + self.page_size
            follow = [(k, v) for k, v in params if k not in ("$skip", "$top")]
            follow.append(("$skip", str(page_end)))
            if top is not None:
                follow.append(("$top", str(end - page_end)))
            encoded = urlencode(follow, quote_via=quote, safe="$,'()*")
            next_link = f"{self._link_base()}{path}?{encoded}"
        page = matches[skip:page_end]
        value = [{vis: row.get(stored) for vis, stored in columns} for row in page]
        payload: dict[str, Any] = {"odata.metadata": metadata}
        if options.get("$inlinecount") == "allpages":
            payload["odata.count"] = str(len(matches))
        payload["value"] = value
        if next_link is not None:
            payload["odata.nextLink"] = next_link
        return _Reply(200, _dumps(payload), data_rows=len(value) if count_rows else 0)

    @staticmethod
    def _select(
        select: str, visible: list[tuple[str, str]], resolve: Mapping[str, str], type_name: str
    ) -> list[tuple[str, str]]:
        """Resolve $select into (visible name, stored name) pairs in the entity's field order."""
        select = select.strip()
        if not select:
            return visible
        wanted: set[str] = set()
        for raw in select.split(","):
            name = raw.strip()
            if name == "*":
                wanted.update(resolve)
            elif name in resolve:
                wanted.add(name)
            else:
                raise ODataQueryError(
                    f"The property '{name}', used in a query expression, "
                    f"is not defined in type '{type_name}'."
                )
        return [(vis, stored) for vis, stored in visible if vis in wanted]

    @staticmethod
    def _match(
        rows: list[dict[str, Any]],
        filter_text: str,
        orderby: str,
        resolve: Mapping[str, str],
        types: Mapping[str, str],
        type_name: str,
    ) -> list[dict[str, Any]]:
        """Filter and order rows."""
        matches = rows
        if filter_text:
            predicate = compile_filter(filter_text, resolve, types, type_name)
            matches = [row for row in rows if predicate(row)]
        if orderby:
            specs = []
            for part in orderby.split(","):
                words = part.split()
                if not words or len(words) > 2 or (len(words) == 2 and words[1] not in ("asc", "desc")):
                    raise ODataQueryError(f"Syntax error in $orderby '{orderby}'.")
                if words[0] not in resolve:
                    raise ODataQueryError(f"No property '{words[0]}' exists in type '{type_name}'.")
                specs.append((resolve[words[0]], len(words) == 2 and words[1] == "desc"))
            matches = list(matches)
            try:
                for stored, descending in reversed(specs):
                    matches.sort(
                        key=lambda r, s=stored: (r.get(s) is not None, r.get(s)),
                        reverse=descending,
                    )
            except TypeError as exc:
                raise ODataQueryError("$orderby over values of mixed types.") from exc
        return matches
