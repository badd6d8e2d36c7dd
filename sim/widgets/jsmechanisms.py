"""Translate the model's mechanisms from Python into a JavaScript (ES) module.

Why: the browser engine of issue 11 runs the model in JavaScript, and its
equations must not drift from the Python model's. So they have one source,
:mod:`sim.mechanisms`: this module reads that file's Python source with
:mod:`ast` and translates every function of :data:`sim.mechanisms.MECHANISMS`
into JavaScript, together with the calibration constants and scalar versions
of the helpers of :mod:`sim.elementwise`. Nothing is hand-written except those
helpers and ``_lookup``; a construct the translator does not know raises
:class:`UntranslatableMechanism` rather than being guessed at.

The JavaScript works on one customer's numbers (as the per-agent reference
model :mod:`sim.reference` calls the mechanisms), not on arrays. The
expressions keep Python's evaluation order exactly (every operation the
Python does, in the same order, on IEEE doubles), so both give the same
numbers up to the last bits of ``exp``, ``log`` and ``**``.

Run ``python -m sim.widgets.jsmechanisms`` to print the module.
"""

from __future__ import annotations

import ast
import inspect
import math
import sys
import textwrap
from collections import Counter
from collections.abc import Iterator

from sim import mechanisms as mech

HELPERS = ("exp", "log", "tanh", "logistic", "clip", "positive_part", "minimum", "maximum",
           "power")
"""The helpers of :mod:`sim.elementwise` the mechanisms may call."""

NUMPY_FUNCTIONS = {"log1p": "Math.log1p", "expm1": "Math.expm1", "sqrt": "Math.sqrt"}
"""numpy functions (``np.name``) with an exact scalar JavaScript counterpart."""

_PRELUDE = """\
// Elementwise helpers of sim/elementwise.py, for one customer's numbers.
export function exp(x) { return Math.exp(x); }
export function log(x) { return Math.log(x); }
export function tanh(x) { return Math.tanh(x); }
export function logistic(x) { return x < -700 ? 0.0 : 1.0 / (1.0 + Math.exp(-x)); }
// minimum and maximum return their first argument on ties, as Python's min and max do.
export function minimum(x, y) { return y < x ? y : x; }
export function maximum(x, y) { return y > x ? y : x; }
export function clip(x, low, high) { return minimum(maximum(x, low), high); }
export function positive_part(x) { return x > 0.0 ? x : 0.0; }
// x ** 2.5 as x * x * sqrt(x), as sim/elementwise.py does on arrays: several times faster.
export function power(x, p) { return p === 2.5 ? x * x * Math.sqrt(x) : x ** p; }

// Python's zip(*columns, strict=...), for the translated for loops.
function _zip(strict, ...columns) {
  const n = Math.min(...columns.map((column) => column.length));
  if (strict && columns.some((column) => column.length !== n)) {
    throw new RangeError("zip(strict=True): the arguments have different lengths");
  }
  return Array.from({ length: n }, (_, i) => columns.map((column) => column[i]));
}
"""

_LOOKUP = """\
// The table's entry for a stage (0 exploration ... 3 decline); ended relationships (stage 4,
// or any stage past the table) get 0.
export function _lookup(table, stage) { return stage < table.length ? table[stage] : 0.0; }
"""

_JS_RESERVED = frozenset("""
    await break case catch class const continue debugger default delete do else enum export
    extends false finally for function if implements import in instanceof interface let new
    null package private protected public return static super switch this throw true try
    typeof var void while with yield arguments eval undefined NaN Infinity Math Object Array
    Number RangeError _zip
""".split())
"""Names a Python identifier may not have in the JavaScript (keywords and names it uses)."""

_BINARY = {ast.Add: ("+", 11), ast.Sub: ("-", 11), ast.Mult: ("*", 12), ast.Div: ("/", 12),
           ast.Pow: ("**", 13)}
_COMPARE = {ast.Eq: ("===", 8), ast.NotEq: ("!==", 8), ast.Lt: ("<", 9), ast.LtE: ("<=", 9),
            ast.Gt: (">", 9), ast.GtE: (">=", 9)}
_UNARY = {ast.USub: "-", ast.UAdd: "+"}
_OTHER_OPERATORS = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<",
                    ast.RShift: ">>", ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&",
                    ast.Invert: "~", ast.Not: "not", ast.Is: "is", ast.IsNot: "is not",
                    ast.In: "in", ast.NotIn: "not in"}
_CONDITIONAL, _UNARY_PRECEDENCE, _ATOM = 2, 14, 18
"""JavaScript operator precedences (higher binds tighter)."""

_CONSTRUCTS = {
    ast.While: "a while loop", ast.Lambda: "a lambda", ast.If: "an if statement",
    ast.BoolOp: "a boolean operator (and/or)", ast.Attribute: "an attribute",
    ast.ListComp: "a list comprehension", ast.GeneratorExp: "a generator expression",
    ast.Try: "a try statement", ast.With: "a with statement", ast.FunctionDef: "a nested def",
}


class UntranslatableMechanism(ValueError):  # noqa: N818 (public API name)
    """A mechanism uses Python the translator cannot turn into JavaScript.

    Args:
        function: The mechanism's name.
        line: The line of the construct in the translated source.
        construct: What could not be translated.
        where: Where the source comes from, e.g. ``"sim/mechanisms.py"``.
    """

    def __init__(self, function: str, line: int, construct: str, where: str = "") -> None:
        self.function = function
        self.line = line
        self.construct = construct
        place = f"{where} line {line}" if where else f"line {line}"
        super().__init__(f"cannot translate mechanism {function}() to JavaScript "
                         f"({place}): {construct}")


def translate_function(source: str) -> str:
    """Translate one Python function into an exported JavaScript function.

    Args:
        source: The source of one ``def`` (it may be indented).

    Returns:
        ``export function name(params) { ... }``, without a trailing newline.

    Raises:
        UntranslatableMechanism: The function uses a construct the translator
            does not support; line numbers count from the first line of
            ``source``.
    """
    tree = ast.parse(textwrap.dedent(source))
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    if len(tree.body) != 1 or len(functions) != 1:
        raise ValueError("translate_function needs the source of exactly one def")
    return _FunctionTranslator(functions[0], where="").translate()


def mechanisms_module() -> str:
    """Return the ES module of the mechanisms, generated from ``sim/mechanisms.py``.

    The module holds the elementwise helpers, ``export const NAME = ...;`` for
    every entry of :data:`sim.mechanisms.CALIBRATION`, ``_lookup``, and every
    function of :data:`sim.mechanisms.MECHANISMS` translated from its source,
    in that order. The same source always gives the same text.

    Raises:
        UntranslatableMechanism: A mechanism uses a construct the translator
            does not support (line numbers are those of ``sim/mechanisms.py``).
    """
    tree = ast.parse(inspect.getsource(mech))
    defs = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    docs = dict(_constant_docs(tree))
    parts = [
        "// GENERATED from sim/mechanisms.py by sim/widgets/jsmechanisms.py: do not edit.\n"
        "// Change the Python mechanisms and regenerate (python -m sim.widgets.jsmechanisms);\n"
        "// tests/test_js_mechanisms.py checks that this JavaScript agrees with the Python.\n",
        _PRELUDE,
        "// Calibration constants (sim.mechanisms.CALIBRATION).",
    ]
    for name, value in mech.CALIBRATION.items():
        parts.append(_comment(docs.get(name, "")) + f"export const {name} = {_js_value(value)};")
    parts.append("\n" + _LOOKUP)
    parts.append("// The mechanisms (sim.mechanisms.MECHANISMS), in the order one period "
                 "applies them.")
    for function in mech.MECHANISMS:
        node = defs.get(function.__name__)
        if node is None or function.__module__ != mech.__name__:
            raise ValueError(f"mechanism {function.__name__} is not defined in sim/mechanisms.py")
        summary = (ast.get_docstring(node) or "").split("\n\n")[0]
        translated = _FunctionTranslator(node, where="sim/mechanisms.py").translate()
        parts.append("\n" + _comment(summary) + translated)
    return "\n".join(parts) + "\n"


def _constant_docs(tree: ast.Module) -> Iterator[tuple[str, str]]:
    """The attribute docstrings of the module's constants (a string after the assignment)."""
    for node, after in zip(tree.body, tree.body[1:], strict=False):
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant) and isinstance(after.value.value, str)):
            yield node.targets[0].id, after.value.value


def _comment(text: str) -> str:
    """``text`` as ``//`` comment lines (nothing for no text)."""
    text = " ".join(text.split())
    if not text:
        return ""
    return "".join(f"// {line}\n" for line in textwrap.wrap(text, 96))


def _js_value(value: object) -> str:
    """A calibration constant as a JavaScript literal (tuples become arrays)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"calibration constant {value!r} has no JavaScript literal")
        return repr(value)
    if isinstance(value, tuple):
        # A plain array, not a frozen one: V8 reads frozen arrays' elements more
        # slowly, and the stage tables are read for every customer every period.
        return f"[{', '.join(_js_value(item) for item in value)}]"
    if isinstance(value, dict) and all(type(key) is int and key >= 0 for key in value):
        items = [f"{key}: {_js_value(item)}" for key, item in value.items()]
        if sum(len(item) + 2 for item in items) <= 60:
            return f"Object.freeze({{{', '.join(items)}}})"
        return "Object.freeze({\n" + "".join(f"  {item},\n" for item in items) + "})"
    raise ValueError(f"calibration constant {value!r} has no JavaScript translation")


class _FunctionTranslator:
    """Translates one ``def`` (an :class:`ast.FunctionDef`) to JavaScript.

    Args:
        node: The function.
        where: Where its source comes from, for error messages ("" for a snippet).
    """

    def __init__(self, node: ast.FunctionDef, where: str) -> None:
        self.node = node
        self.where = where
        self.constants = frozenset(mech.CALIBRATION)
        self.callables = frozenset((*HELPERS, "_lookup", *(f.__name__ for f in mech.MECHANISMS),
                                    node.name))
        self.params: list[str] = []
        self.counts: Counter[str] = Counter()  # assignments to each name
        self.reassigned: set[str] = set()  # names assigned in loops or augmented
        self.loop_targets: set[str] = set()
        self.declared: set[str] = set()

    # -- errors ----------------------------------------------------------------------------
    def fail(self, node: ast.AST, construct: str | None = None) -> UntranslatableMechanism:
        """The error for ``node`` (described by ``construct`` or by its kind and source)."""
        if construct is None:
            label = _CONSTRUCTS.get(type(node), f"{type(node).__name__}")
            snippet = ast.unparse(node).split("\n")[0]
            construct = f"{label} `{snippet[:60]}`"
        return UntranslatableMechanism(self.node.name, getattr(node, "lineno", self.node.lineno),
                                       construct, self.where)

    def check_identifier(self, name: str, node: ast.AST) -> str:
        """``name`` if JavaScript can use it as it is."""
        if name in _JS_RESERVED:
            raise self.fail(node, f"the name {name!r}, reserved in JavaScript")
        return name

    # -- the function -----------------------------------------------------------------------
    def translate(self) -> str:
        """The exported JavaScript function."""
        fn = self.node
        if fn.decorator_list:
            raise self.fail(fn.decorator_list[0], "a decorator")
        args = fn.args
        if args.vararg or args.kwarg or args.kwonlyargs:
            raise self.fail(fn, "*args, **kwargs or keyword-only parameters")
        positional = [*args.posonlyargs, *args.args]
        defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
        params = []
        for arg, default in zip(positional, defaults, strict=True):
            name = self.check_identifier(arg.arg, arg)
            self.params.append(name)
            params.append(name if default is None else f"{name} = {self.expr(default)}")
        self.check_identifier(fn.name, fn)
        body = fn.body
        if body and _is_docstring(body[0]):
            body = body[1:]
        if not body:
            raise self.fail(fn, "a function without a body")
        self.scan(body, in_loop=False)
        self.check_loop_targets()
        self.declared = set(self.params)
        lines = [f"export function {fn.name}({', '.join(params)}) {{"]
        lines += self.block(body, indent="  ")
        lines.append("}")
        return "\n".join(lines)

    def scan(self, body: list[ast.stmt], *, in_loop: bool) -> None:
        """Count the assignments to each name, to tell ``const`` from ``let``."""
        for stmt in body:
            if isinstance(stmt, ast.Assign | ast.AnnAssign):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                for target in targets:
                    for name in _target_names(target):
                        self.counts[name] += 1
                        if in_loop:
                            self.reassigned.add(name)
            elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
                self.counts[stmt.target.id] += 1
                self.reassigned.add(stmt.target.id)
            elif isinstance(stmt, ast.For):
                self.loop_targets.update(_target_names(stmt.target))
                self.scan(stmt.body, in_loop=True)

    def check_loop_targets(self) -> None:
        """A loop variable must be new and used only in its loop (JavaScript scopes it there)."""
        inside: set[int] = set()
        for loop in ast.walk(self.node):
            if isinstance(loop, ast.For):
                for part in (loop.target, *loop.body):
                    inside.update(id(sub) for sub in ast.walk(part))
        for sub in ast.walk(self.node):
            if (isinstance(sub, ast.Name) and sub.id in self.loop_targets
                    and id(sub) not in inside):
                raise self.fail(sub, f"the loop variable {sub.id!r} used outside its loop")
        for name in sorted(self.loop_targets):
            if name in self.params or self.counts[name]:
                raise self.fail(self.node, f"the loop variable {name!r} also assigned or a "
                                           "parameter")

    def block(self, body: list[ast.stmt], indent: str) -> list[str]:
        """The JavaScript lines of a block of statements."""
        lines: list[str] = []
        for stmt in body:
            lines += [indent + line for line in self.statement(stmt, indent)]
        return lines

    def statement(self, stmt: ast.stmt, indent: str) -> list[str]:
        """The JavaScript lines of one statement (relative indentation)."""
        if isinstance(stmt, ast.Return):
            if stmt.value is None:
                raise self.fail(stmt, "a return without a value")
            return [f"return {self.expr(stmt.value)};"]
        if isinstance(stmt, ast.Assign):
            if len(stmt.targets) != 1:
                raise self.fail(stmt, "a chained assignment")
            return self.assign(stmt.targets[0], stmt.value, stmt)
        if isinstance(stmt, ast.AnnAssign):
            if stmt.value is None:
                raise self.fail(stmt, "a declaration without a value")
            return self.assign(stmt.target, stmt.value, stmt)
        if isinstance(stmt, ast.AugAssign):
            op = _BINARY.get(type(stmt.op))
            if op is None or not isinstance(stmt.target, ast.Name):
                raise self.fail(stmt)
            if stmt.target.id not in self.declared:
                raise self.fail(stmt, f"{stmt.target.id!r} updated before it is assigned")
            return [f"{stmt.target.id} {op[0]}= {self.expr(stmt.value)};"]
        if isinstance(stmt, ast.For):
            return self.loop(stmt, indent)
        if _is_docstring(stmt):
            raise self.fail(stmt, "a string statement that is not the docstring")
        raise self.fail(stmt)

    def assign(self, target: ast.expr, value: ast.expr, stmt: ast.stmt) -> list[str]:
        """An assignment: a new ``const``/``let``, or a reassignment."""
        names = _target_names(target)
        if names is None:
            raise self.fail(stmt, f"assignment to `{ast.unparse(target)}`")
        for name in names:
            self.check_identifier(name, target)
        if isinstance(target, ast.Tuple):
            self.check_unpacking(target, value)
            left = f"[{', '.join(names)}]"
        else:
            left = names[0]
        lines = []
        new = [name for name in names if name not in self.declared]
        if new and len(new) < len(names):  # some new, some not: declare the new ones first
            lines.append(f"let {', '.join(new)};")
            self.declared.update(new)
            new = []
        keyword = ""
        if new:
            mutable = any(self.counts[name] > 1 or name in self.reassigned for name in new)
            keyword = "let " if mutable else "const "
        text = self.expr(value)
        self.declared.update(names)
        if keyword and isinstance(target, ast.Tuple) and isinstance(value, ast.Name):
            # Items of a constant tuple read by index: V8 runs an array
            # destructuring through the iterator protocol, 10-15 % of a model
            # run when it sits in a mechanism called for every customer.
            items = ", ".join(f"{name} = {text}[{k}]" for k, name in enumerate(names))
            lines.append(f"{keyword}{items};")
            return lines
        lines.append(f"{keyword}{left} = {text};")
        return lines

    def check_unpacking(self, target: ast.Tuple, value: ast.expr) -> None:
        """Unpacking a constant tuple needs as many names as it has items."""
        if isinstance(value, ast.Name) and value.id in self.constants:
            items = mech.CALIBRATION[value.id]
            if not isinstance(items, tuple) or len(items) != len(target.elts):
                raise self.fail(target, f"unpacking {value.id} into {len(target.elts)} names")

    def loop(self, stmt: ast.For, indent: str) -> list[str]:
        """``for target in iterable:`` (``zip(...)`` of sequences, or a sequence)."""
        if stmt.orelse:
            raise self.fail(stmt, "a for loop with an else clause")
        names = _target_names(stmt.target)
        if names is None:
            raise self.fail(stmt, f"the loop target `{ast.unparse(stmt.target)}`")
        for name in names:
            self.check_identifier(name, stmt.target)
        iterable = stmt.iter
        if (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name)
                and iterable.func.id == "zip"):
            strict = "false"
            for keyword in iterable.keywords:
                if keyword.arg != "strict" or not isinstance(keyword.value, ast.Constant):
                    raise self.fail(iterable, "zip() with arguments other than strict=True/False")
                strict = "true" if keyword.value.value else "false"
            if not iterable.args or any(isinstance(a, ast.Starred) for a in iterable.args):
                raise self.fail(iterable, "zip() without plain arguments")
            columns = ", ".join(self.expr(arg) for arg in iterable.args)
            source = f"_zip({strict}, {columns})"
        else:
            source = self.expr(iterable)
        lines = []
        hoisted = sorted({name for sub in stmt.body for name in _assigned_names(sub)}
                         - self.declared)
        if hoisted:  # assigned first inside the loop: Python keeps them after it
            lines.append(f"let {', '.join(hoisted)};")
            self.declared.update(hoisted)
        left = f"[{', '.join(names)}]" if isinstance(stmt.target, ast.Tuple) else names[0]
        self.declared.update(names)
        lines.append(f"for (const {left} of {source}) {{")
        lines += self.block(stmt.body, indent="  ")
        lines.append("}")
        self.declared.difference_update(names)
        return lines

    # -- expressions ------------------------------------------------------------------------
    def expr(self, node: ast.expr) -> str:
        """The JavaScript of an expression."""
        return self.precedence(node)[0]

    def operand(self, node: ast.expr, minimum: int) -> str:
        """An operand, in parentheses unless it binds at least as tightly as ``minimum``."""
        text, precedence = self.precedence(node)
        return text if precedence >= minimum else f"({text})"

    def precedence(self, node: ast.expr) -> tuple[str, int]:
        """The JavaScript of an expression and the precedence of its outermost operator."""
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node), _ATOM
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            op, level = _BINARY[type(node.op)]
            if op == "**":  # right-associative; JavaScript forbids a unary operand on the left
                left = self.operand(node.left, level + 1)
                if left.startswith(("-", "+")):
                    left = f"({left})"
                return f"{left} ** {self.operand(node.right, level)}", level
            # Left-associative: the right operand keeps its parentheses, so the order of
            # the floating-point operations stays Python's.
            return f"{self.operand(node.left, level)} {op} {self.operand(node.right, level + 1)}", \
                level
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            text = self.operand(node.operand, _UNARY_PRECEDENCE)
            if text.startswith(("-", "+")):
                text = f"({text})"
            return f"{_UNARY[type(node.op)]}{text}", _UNARY_PRECEDENCE
        if isinstance(node, ast.Compare):
            if len(node.ops) != 1:
                raise self.fail(node, f"a chained comparison `{ast.unparse(node)}`")
            if type(node.ops[0]) not in _COMPARE:
                raise self.fail(node, self.operator(node.ops[0], node))
            op, level = _COMPARE[type(node.ops[0])]
            return (f"{self.operand(node.left, level + 1)} {op} "
                    f"{self.operand(node.comparators[0], level + 1)}", level)
        if isinstance(node, ast.IfExp):
            test = self.operand(node.test, _CONDITIONAL + 1)
            body = self.operand(node.body, _CONDITIONAL + 1)
            orelse = self.operand(node.orelse, _CONDITIONAL + 1)
            return f"{test} ? {body} : {orelse}", _CONDITIONAL
        if isinstance(node, ast.Call):
            return self.call(node), _ATOM
        if isinstance(node, ast.Subscript):
            return self.subscript(node), _ATOM
        if isinstance(node, ast.Tuple) and isinstance(node.ctx, ast.Load):
            if any(isinstance(item, ast.Starred) for item in node.elts):
                raise self.fail(node, "a starred item")
            return f"[{', '.join(self.expr(item) for item in node.elts)}]", _ATOM
        if isinstance(node, ast.BinOp | ast.UnaryOp):
            raise self.fail(node, self.operator(node.op, node))
        raise self.fail(node)

    @staticmethod
    def operator(op: ast.AST, node: ast.expr) -> str:
        """The description of an unsupported operator."""
        symbol = _OTHER_OPERATORS.get(type(op), type(op).__name__)
        return f"the operator {symbol} in `{ast.unparse(node)[:60]}`"

    def constant(self, node: ast.Constant) -> tuple[str, int]:
        """A number or a boolean."""
        value = node.value
        if isinstance(value, bool):
            return ("true" if value else "false"), _ATOM
        if isinstance(value, int):
            return str(value), _ATOM
        if isinstance(value, float) and math.isfinite(value):
            return repr(value), _ATOM
        raise self.fail(node, f"the constant {value!r}")

    def name(self, node: ast.Name) -> str:
        """A parameter, a local, a loop variable, a constant or a function."""
        name = node.id
        known = (name in self.params or self.counts[name] or name in self.loop_targets
                 or name in self.constants or name in self.callables)
        if not known:
            raise self.fail(node, f"the name {name!r} (not a parameter, local, calibration "
                                  "constant, mechanism or elementwise helper)")
        return self.check_identifier(name, node)

    def call(self, node: ast.Call) -> str:
        """A call of a mechanism, a helper, ``_lookup`` or a numpy function in NUMPY_FUNCTIONS."""
        if node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
            raise self.fail(node, f"the call `{ast.unparse(node)}` with keyword or starred "
                                  "arguments")
        func = node.func
        if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id == "np" and func.attr in NUMPY_FUNCTIONS):
            callee = NUMPY_FUNCTIONS[func.attr]
        elif (isinstance(func, ast.Name) and func.id in self.callables
              and func.id not in self.params and not self.counts[func.id]):
            callee = func.id
        else:
            raise self.fail(node, f"a call to {ast.unparse(func)}")
        return f"{callee}({', '.join(self.expr(arg) for arg in node.args)})"

    def subscript(self, node: ast.Subscript) -> str:
        """An item (``a[i]``; a negative constant index counts from the end) or a slice."""
        value = self.operand(node.value, _ATOM)
        index = node.slice
        if isinstance(index, ast.Slice):
            if index.step is not None:
                raise self.fail(node, "a slice with a step")
            lower = self.expr(index.lower) if index.lower is not None else "0"
            upper = f", {self.expr(index.upper)}" if index.upper is not None else ""
            return f"{value}.slice({lower}{upper})"
        if isinstance(index, ast.Tuple):
            raise self.fail(node, "a subscript with a tuple index")
        if (isinstance(index, ast.UnaryOp) and isinstance(index.op, ast.USub)
                and isinstance(index.operand, ast.Constant)):
            return f"{value}.at({self.expr(index)})"
        return f"{value}[{self.expr(index)}]"


def _is_docstring(stmt: ast.stmt) -> bool:
    """Whether the statement is a bare string (a docstring)."""
    return (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, str))


def _target_names(target: ast.expr) -> list[str] | None:
    """The names an assignment target binds (``None`` for other targets)."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple) and all(isinstance(e, ast.Name) for e in target.elts):
        return [e.id for e in target.elts]  # type: ignore[union-attr]
    return None


def _assigned_names(stmt: ast.stmt) -> Iterator[str]:
    """The names a statement (and the statements inside it) assigns, loop variables excepted."""
    if isinstance(stmt, ast.Assign | ast.AnnAssign):
        for target in stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]:
            yield from _target_names(target) or []
    elif isinstance(stmt, ast.For):
        for sub in stmt.body:
            yield from _assigned_names(sub)


if __name__ == "__main__":
    sys.stdout.write(mechanisms_module())
