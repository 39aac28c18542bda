#!/usr/bin/env python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that every GObject signal handler's C prototype matches its signal.

G_CALLBACK() casts a handler to a function of no arguments, so the C compiler cannot
see a handler that returns void on a signal whose emitter reads a gboolean, or that
takes a double where the signal passes an int: the caller reads whatever is left in a
register. A void handler on GtkEventControllerKey::key-pressed once swallowed every key
press in the DSL console this way.

This script reads every g_signal_connect*() call and every <signal> in a GtkBuilder
template under the given source directories, finds the handler's definition, works out
which type emits the signal, and compares the handler's return type and parameters
with the signal as g_signal_query() describes it (printed by sok-signal-dump, which
links the programs' own libraries). It compares ABI classes (void, 32-bit integer,
long, 64-bit integer, float, double, pointer) position by position, in the order the
closure calls the handler: instance, signal parameters, user data; or user data first
and instance last when swapped. Where both sides are GObject types it also checks that
a pointer parameter's type can be the object passed there, which catches a swapped
connection whose handler was written for the other order.

Standard library only. Exit status 0 when nothing is wrong, 1 on any mismatch, 2 when
it could not run. With --expect-annotations it checks itself instead: every line of
the sources marked "expect error: TEXT" must get an error containing TEXT, and no
other line may get one (tests/tools/signal-fixture holds such a file).
"""

import argparse
import os
import re
import subprocess
import sys
import xml.parsers.expat

# --- ABI classes -------------------------------------------------------------------

CLASS_NAMES = {
    'void': 'void',
    'int': '32-bit integer',
    'long': 'long',
    'int64': '64-bit integer',
    'float': 'float',
    'double': 'double',
    'pointer': 'pointer',
}

# Fundamental GTypes as sok-signal-dump names them.
FUNDAMENTAL_CLASS = {
    'void': 'void',
    'gchar': 'int', 'guchar': 'int', 'gboolean': 'int', 'gint': 'int', 'guint': 'int',
    'GEnum': 'int', 'GFlags': 'int',
    'glong': 'long', 'gulong': 'long',
    'gint64': 'int64', 'guint64': 'int64',
    'gfloat': 'float', 'gdouble': 'double',
    'gchararray': 'pointer', 'gpointer': 'pointer', 'GBoxed': 'pointer',
    'GParam': 'pointer', 'GObject': 'pointer', 'GVariant': 'pointer',
    'GInterface': 'pointer',
}

# C type names, after "const", "volatile" and "signed" are dropped.
C_CLASS = {
    'void': 'void',
    'int': 'int', 'unsigned': 'int', 'unsigned int': 'int', 'gint': 'int', 'guint': 'int',
    'gboolean': 'int', 'bool': 'int', '_Bool': 'int',
    'char': 'int', 'unsigned char': 'int', 'gchar': 'int', 'guchar': 'int',
    'short': 'int', 'unsigned short': 'int', 'gshort': 'int', 'gushort': 'int',
    'gint8': 'int', 'guint8': 'int', 'gint16': 'int', 'guint16': 'int',
    'gint32': 'int', 'guint32': 'int', 'int32_t': 'int', 'uint32_t': 'int',
    'gunichar': 'int', 'GQuark': 'int',
    'long': 'long', 'unsigned long': 'long', 'glong': 'long', 'gulong': 'long',
    'gsize': 'long', 'gssize': 'long', 'size_t': 'long', 'ssize_t': 'long',
    'GType': 'long', 'gintptr': 'long', 'guintptr': 'long', 'time_t': 'long',
    'long long': 'int64', 'unsigned long long': 'int64',
    'gint64': 'int64', 'guint64': 'int64', 'int64_t': 'int64', 'uint64_t': 'int64',
    'goffset': 'int64',
    'float': 'float', 'gfloat': 'float',
    'double': 'double', 'gdouble': 'double',
    'gpointer': 'pointer', 'gconstpointer': 'pointer', 'GCallback': 'pointer',
}

CONNECT_FUNCTIONS = ('g_signal_connect', 'g_signal_connect_swapped', 'g_signal_connect_after',
                     'g_signal_connect_object', 'g_signal_connect_data')

# get_type functions that take an argument: never call them blindly.
NOT_GET_TYPE = {'g_variant_get_type'}


def to_snake(name):
    """GtkEventControllerKey -> gtk_event_controller_key, the GObject convention."""
    s = re.sub(r'(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])', '_', name)
    return s.lower()


# --- C sources ---------------------------------------------------------------------

class Function:
    def __init__(self, source, name, return_type, params, start, body_start, body_end):
        self.source = source
        self.name = name
        self.return_type = return_type
        self.params = params            # [(c type, name or None)]
        self.start = start
        self.body_start = body_start
        self.body_end = body_end
        self.is_static = bool(re.search(r'\bstatic\b', return_type))
        self.return_type = re.sub(r'\b(static|inline|extern|G_GNUC_\w+|G_MODULE_EXPORT)\b',
                                  ' ', return_type)
        self.return_type = ' '.join(self.return_type.split())

    @property
    def line(self):
        return self.source.line_of(self.start)

    def where(self):
        return '%s:%d' % (self.source.rel, self.line)


class Source:
    """A C file with comments blanked out (code) and, in skel, also string contents and
    preprocessor lines, so that brackets can be matched; offsets agree in all three."""

    def __init__(self, path, rel):
        self.path = path
        self.rel = rel
        with open(path, encoding='utf-8', errors='replace') as f:
            self.text = f.read()
        self.code, self.skel = blank(self.text)
        self.line_starts = [0] + [m.end() for m in re.finditer('\n', self.text)]
        self.functions = []
        self.structs = {}       # struct tag or typedef name -> body (code)
        self.templates = []     # resource base names set as a class template here
        self.template_callbacks = {}   # name in the .ui -> C function name
        self.parse()

    def line_of(self, offset):
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def match_forward(self, pos, opening, closing):
        """Offset just past the bracket that closes the one at pos."""
        depth = 0
        skel = self.skel
        for i in range(pos, len(skel)):
            c = skel[i]
            if c == opening:
                depth += 1
            elif c == closing:
                depth -= 1
                if depth == 0:
                    return i + 1
        return len(skel)

    def match_backward(self, pos, opening, closing):
        """Offset of the bracket that opens the one closing at pos."""
        depth = 0
        skel = self.skel
        for i in range(pos, -1, -1):
            c = skel[i]
            if c == closing:
                depth += 1
            elif c == opening:
                depth -= 1
                if depth == 0:
                    return i
        return 0

    def split_args(self, start, end):
        """Splits code[start:end] (inside brackets) at top-level commas: [(offset, text)]."""
        args = []
        depth = 0
        begin = start
        for i in range(start, end):
            c = self.skel[i]
            if c in '([{':
                depth += 1
            elif c in ')]}':
                depth -= 1
            elif c == ',' and depth == 0:
                args.append((begin, self.code[begin:i].strip()))
                begin = i + 1
        last = self.code[begin:end].strip()
        if last or args:
            args.append((begin, last))
        return args

    def parse(self):
        skel = self.skel
        depth = 0
        i = 0
        n = len(skel)
        while i < n:
            c = skel[i]
            if c == '{':
                if depth == 0:
                    self.parse_definition(i)
                depth += 1
            elif c == '}':
                depth -= 1
            i += 1

        for m in re.finditer(r'\bstruct\s+(\w+)\s*\{', skel):
            end = self.match_forward(m.end() - 1, '{', '}')
            self.structs[m.group(1)] = self.code[m.end():end - 1]
            after = re.match(r'\s*(\w+)\s*;', skel[end:])
            if after and skel[:m.start()].rstrip().endswith('typedef'):
                self.structs[after.group(1)] = self.code[m.end():end - 1]
        for m in re.finditer(r'\btypedef\s+struct\s*\{', skel):
            end = self.match_forward(m.end() - 1, '{', '}')
            after = re.match(r'\s*(\w+)\s*;', skel[end:])
            if after:
                self.structs[after.group(1)] = self.code[m.end():end - 1]

        for m in re.finditer(r'set_template_from_resource\s*\([^,]*,\s*"([^"]*)"', self.code):
            self.templates.append(os.path.basename(m.group(1)))
        for m in re.finditer(r'\bgtk_widget_class_bind_template_callback\s*\(\s*\w+\s*,\s*(\w+)\s*\)',
                             self.code):
            self.template_callbacks[m.group(1)] = m.group(1)
        for m in re.finditer(r'\bgtk_widget_class_bind_template_callback_full\s*\(\s*\w+\s*,\s*'
                             r'"([^"]*)"\s*,\s*(?:G_CALLBACK\s*\(\s*(\w+)\s*\)|(\w+))', self.code):
            self.template_callbacks[m.group(1)] = m.group(2) or m.group(3)

    def parse_definition(self, brace):
        skel = self.skel
        j = brace - 1
        while j >= 0 and skel[j].isspace():
            j -= 1
        if j < 0 or skel[j] != ')':
            return
        open_paren = self.match_backward(j, '(', ')')
        k = open_paren - 1
        while k >= 0 and skel[k].isspace():
            k -= 1
        name_end = k + 1
        while k >= 0 and (skel[k].isalnum() or skel[k] == '_'):
            k -= 1
        name = skel[k + 1:name_end]
        if not name:
            return
        m = re.compile(r'\w+').match(skel, k + 1)
        if name in ('if', 'while', 'for', 'switch', 'sizeof', 'return'):
            return
        # The return type runs back to the previous declaration's end; a macro call
        # without a semicolon (G_DEFINE_TYPE (...)) ends at its closing bracket.
        k = m.start() - 1
        while k >= 0 and skel[k] not in ';}':
            k -= 1
        head = skel[k + 1:m.start()]
        if ')' in head:
            head = head[head.rindex(')') + 1:]
        return_type = ' '.join(head.split())
        if not return_type or '=' in return_type:
            return
        params = []
        for _, text in self.split_args(open_paren + 1, j):
            params.append(split_declaration(text))
        if params == [('void', None)]:
            params = []
        body_end = self.match_forward(brace, '{', '}')
        self.functions.append(Function(self, name, return_type, params, m.start(),
                                       brace, body_end))

    def function_at(self, offset):
        for f in self.functions:
            if f.body_start <= offset < f.body_end:
                return f
        return None


TOKENS = re.compile(r"""(?P<comment>/\*.*?(?:\*/|\Z)|//[^\n]*)
                      |(?P<string>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')
                      |(?P<directive>^[ \t]*\#(?:\\\n|[^\n])*)""", re.S | re.M | re.X)


def blank(text):
    """Returns (code, skel): comments blanked in both; string and character literal
    contents and preprocessor lines also blanked in skel. Newlines are kept, so offsets
    and line numbers agree with text."""
    def spaces(chunk):
        return re.sub(r'[^\n]', ' ', chunk)

    code = []
    skel = []
    last = 0
    for m in TOKENS.finditer(text):
        code.append(text[last:m.start()])
        skel.append(text[last:m.start()])
        chunk = m.group(0)
        if m.group('comment'):
            code.append(spaces(chunk))
            skel.append(spaces(chunk))
        elif m.group('string'):
            code.append(chunk)
            skel.append(chunk[0] + spaces(chunk[1:-1]) + chunk[-1])
        else:
            code.append(chunk)
            skel.append(spaces(chunk))
        last = m.end()
    code.append(text[last:])
    skel.append(text[last:])
    return ''.join(code), ''.join(skel)


def split_declaration(text):
    """'const GtkWidget *widget' -> ('const GtkWidget *', 'widget'); '...' -> ('...', None)."""
    text = ' '.join(re.sub(r'\bG_GNUC_\w+', ' ', text).split())
    if text in ('void', '...'):
        return (text, None)
    m = re.match(r'^(.*?)\s*\b(\w+)\s*((?:\[[^\]]*\])*)$', text)
    if not m or not m.group(1).strip() or m.group(1).strip() in ('const', 'unsigned', 'signed'):
        return (text, None)
    c_type = m.group(1).strip()
    if m.group(3):
        c_type += ' *'
    return (c_type, m.group(2))


def c_declaration(c_type, name):
    """('GtkButton  * ', 'button') -> 'GtkButton *button'."""
    text = ' '.join(re.sub(r'\s*\*\s*', ' *', c_type).split())
    if name:
        text += name if text.endswith('*') else ' ' + name
    return text


def base_type_name(c_type):
    """'const SokTile *' -> 'SokTile'; 'g_autoptr(GtkWidget)' -> 'GtkWidget'."""
    m = re.match(r'\s*g_auto(?:ptr)?\s*\(\s*(\w+)\s*\)', c_type)
    if m:
        return m.group(1)
    words = [w for w in re.findall(r'\w+', c_type)
             if w not in ('const', 'volatile', 'struct', 'static', 'register')]
    return words[-1] if words else None


def pointer_depth(c_type):
    if re.match(r'\s*g_autoptr\s*\(', c_type):
        return 1 + c_type.count('*')
    return c_type.count('*')


# --- the signals, as g_signal_query() sees them -------------------------------------

class Signal:
    def __init__(self, owner, name, return_type, flags, params):
        self.owner = owner
        self.name = name
        self.return_type = return_type  # (name, fundamental)
        self.flags = flags
        self.params = params            # [(name, fundamental)]

    def describe(self):
        return '%s::%s' % (self.owner, self.name)

    def prototype(self):
        return '%s (%s)' % (self.return_type[0],
                            ', '.join(p[0] for p in self.params) or 'no parameters')

    def abi(self):
        return (fundamental_class(self.return_type[1]),
                tuple(fundamental_class(p[1]) for p in self.params))


def fundamental_class(fundamental):
    return FUNDAMENTAL_CLASS.get(fundamental, 'pointer')


class TypeDump:
    def __init__(self, lines):
        self.parent = {}
        self.interfaces = {}
        self.kind = {}
        self.signals = {}       # type -> {name: Signal}
        self.enums = set()
        self.missing = set()
        for line in lines:
            fields = line.rstrip('\n').split('\t')
            if fields[0] == 'type':
                name = fields[1]
                self.parent[name] = None if fields[2] == '-' else fields[2]
                self.kind[name] = fields[3]
                self.interfaces[name] = [i for i in fields[4].split(',') if i]
            elif fields[0] == 'signal':
                owner, name, ret, flags, params = fields[1:6]
                self.signals.setdefault(owner, {})[name] = Signal(
                    owner, name, tuple(ret.split(':')), flags.split('|'),
                    [tuple(p.split(':')) for p in params.split(',') if p])
            elif fields[0] in ('enum', 'flags'):
                self.enums.add(fields[1])
            elif fields[0] == 'missing':
                self.missing.add(fields[1])
        self.snake = {}
        for name in self.kind:
            self.snake.setdefault(to_snake(name), name)
        self.upper = {s.upper(): t for s, t in self.snake.items()}
        self.children = {}
        for name, parent in self.parent.items():
            if parent and self.kind.get(name) == 'object':
                self.children.setdefault(parent, []).append(name)

    def known(self, name):
        return name in self.kind

    def ancestry(self, name):
        """The type, its ancestors, then every interface they implement."""
        chain = []
        t = name
        while t:
            chain.append(t)
            t = self.parent.get(t)
        seen = set(chain)
        for t in list(chain):
            for i in self.interfaces.get(t, []):
                if i not in seen:
                    seen.add(i)
                    chain.append(i)
        return chain

    def is_a(self, name, ancestor):
        return ancestor in self.ancestry(name)

    def related(self, a, b):
        return self.is_a(a, b) or self.is_a(b, a)

    def lookup(self, type_name, signal):
        for t in self.ancestry(type_name):
            s = self.signals.get(t, {}).get(signal)
            if s:
                return s
        return None

    def descendants(self, type_name):
        out = []
        todo = [type_name]
        if self.kind.get(type_name) == 'interface':
            todo = [t for t in self.kind if self.kind[t] == 'object'
                    and type_name in self.ancestry(t)]
            out.extend(todo)
        while todo:
            t = todo.pop()
            for c in self.children.get(t, []):
                out.append(c)
                todo.append(c)
        return out

    def definers(self, signal):
        return [s for sigs in self.signals.values() for n, s in sigs.items() if n == signal]


# --- the project -------------------------------------------------------------------

class Result:
    """What checking one connection found."""

    def __init__(self, rel, line, title):
        self.rel = rel
        self.line = line
        self.title = title
        self.detail = ''
        self.errors = []
        self.notes = []

    def where(self):
        return '%s:%d' % (self.rel, self.line) if self.line else self.rel


class Connection:
    """One handler connected to one signal, from C or from a template."""

    def __init__(self, source_rel, line, signal, handler, swapped, instance_types,
                 data_type, handler_source=None, via=None):
        self.source_rel = source_rel
        self.line = line
        self.signal = signal                # name as written, detail dropped later
        self.handler = handler              # C function name
        self.swapped = swapped
        self.instance_types = instance_types    # [type names], most specific first
        self.data_type = data_type          # type name of the user data, or None
        self.handler_source = handler_source    # Source to look in first (static ones)
        self.via = via                      # text saying where a forwarded handler came from

    def where(self):
        return '%s:%d' % (self.source_rel, self.line)


class LibraryHeaders:
    """Prototypes from the libraries' headers, for handlers the project takes from them
    (G_CALLBACK (gtk_window_destroy)) and for the types their functions return."""

    def __init__(self, packages):
        self.files = []
        self.texts = None
        self.cache = {}
        dirs = []
        if packages:
            try:
                out = subprocess.run(['pkg-config', '--cflags-only-I'] + packages,
                                     stdout=subprocess.PIPE, universal_newlines=True,
                                     check=True).stdout
                dirs = [d[2:] for d in out.split() if d.startswith('-I')]
            except (OSError, subprocess.CalledProcessError) as e:
                sys.stderr.write('check-signal-handlers: pkg-config: %s\n' % e)
        for d in dirs:
            # The multiarch directory holds the C library's headers, not GObject's.
            if d.rstrip('/').endswith(('-linux-gnu', '/usr/include')):
                continue
            for dirpath, _, filenames in os.walk(d):
                self.files.extend(os.path.join(dirpath, f) for f in sorted(filenames)
                                  if f.endswith('.h'))

    def find(self, name):
        if name in self.cache:
            return self.cache[name]
        if self.texts is None:
            self.texts = []
            for path in self.files:
                with open(path, encoding='utf-8', errors='replace') as f:
                    self.texts.append((path, f.read()))
        found = None
        pattern = re.compile(r'(?:^|[;}])([^;{}]*?)\b%s\s*\(([^;{}]*?)\)\s*'
                             r'(?:\w+\s*(?:\([^;()]*\))?\s*)*;' % re.escape(name))
        for path, text in self.texts:
            if name not in text:
                continue
            code, skel = blank(text)
            m = pattern.search(skel)
            if not m:
                continue
            head = re.sub(r'\b[A-Z][A-Z0-9_]*(?:_AVAILABLE|_DEPRECATED|_EXPORT)\w*'
                          r'(?:\s*\([^()]*\))?|\bG_GNUC_\w+|\bextern\b', ' ',
                          code[m.start(1):m.end(1)])
            params = [split_declaration(p) for p in split_top(code[m.start(2):m.end(2)])]
            if params == [('void', None)]:
                params = []
            source = HeaderSource(path)
            found = Function(source, name, head, params, m.start(1), m.end(), m.end())
            source.line = text.count('\n', 0, m.start(2)) + 1
            break
        self.cache[name] = found
        return found


class HeaderSource:
    """Where a library's prototype was found: enough for Function.where()."""

    def __init__(self, path):
        self.path = path
        self.rel = path
        self.line = 0

    def line_of(self, offset):
        return self.line


def split_top(text):
    parts, depth, begin = [], 0, 0
    for i, c in enumerate(text):
        if c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
        elif c == ',' and depth == 0:
            parts.append(text[begin:i])
            begin = i + 1
    if text.strip():
        parts.append(text[begin:])
    return [p.strip() for p in parts]


class Project:
    def __init__(self, root, dirs, packages=()):
        self.root = root
        self.headers = LibraryHeaders(list(packages))
        self.sources = []
        self.ui_files = {}
        for d in dirs:
            top = d if os.path.isabs(d) else os.path.join(root, d)
            if os.path.isfile(top):
                self.add_file(top)
                continue
            for dirpath, dirnames, filenames in os.walk(top):
                dirnames[:] = sorted(x for x in dirnames if not x.startswith('.'))
                for f in sorted(filenames):
                    self.add_file(os.path.join(dirpath, f))
        self.functions = {}
        for s in self.sources:
            for f in s.functions:
                self.functions.setdefault(f.name, []).append(f)
        self.structs = {}
        for s in self.sources:
            for k, v in s.structs.items():
                self.structs.setdefault(k, v)
        self.types = {}         # CamelCase -> snake, from G_DEFINE_* / G_DECLARE_*
        self.enums = set()
        for s in self.sources:
            for m in re.finditer(r'\bG_(?:DEFINE|DECLARE)_\w*TYPE\w*\s*\(\s*(\w+)\s*,\s*(\w+)',
                                 s.code):
                self.types[m.group(1)] = m.group(2)
            for m in re.finditer(r'\bG_DEFINE_INTERFACE\w*\s*\(\s*(\w+)\s*,\s*(\w+)', s.code):
                self.types[m.group(1)] = m.group(2)
            for m in re.finditer(r'\btypedef\s+enum\b[^;{]*\{', s.skel):
                end = s.match_forward(m.end() - 1, '{', '}')
                after = re.match(r'\s*(\w+)\s*;', s.skel[end:])
                if after:
                    self.enums.add(after.group(1))
        self.template_of = {}   # type name -> parsed .ui
        self.dump = None

    def add_file(self, path):
        rel = os.path.relpath(path, self.root)
        if path.endswith(('.c', '.h')):
            self.sources.append(Source(path, rel))
        elif path.endswith('.ui'):
            self.ui_files[path] = rel

    def types_with_signals(self):
        """{type name: Source} for the project's types whose class creates signals."""
        out = {}
        for s in self.sources:
            if not re.search(r'\bg_signal_new\w*\s*\(', s.code):
                continue
            for m in re.finditer(r'\bG_DEFINE_\w*TYPE\w*\s*\(\s*(\w+)\s*,', s.code):
                out[m.group(1)] = s
        return out

    def type_symbols(self):
        """get_type functions for sok-signal-dump: the project's own, and the library
        types its sources and templates name."""
        symbols = set(snake + '_get_type' for snake in self.types.values())
        names = set()
        for s in self.sources:
            names.update(re.findall(r'\b(?:Gtk|Gdk|Gsk|Adw|G)[A-Z][A-Za-z0-9]*\b', s.code))
        for path in self.ui_files:
            with open(path, encoding='utf-8') as f:
                names.update(re.findall(r'\bclass="(\w+)"', f.read()))
        for name in names:
            if re.search(r'(Class|Interface|Iface|Private|Func)$', name):
                continue
            symbol = to_snake(name) + '_get_type'
            if symbol not in NOT_GET_TYPE:
                symbols.add(symbol)
        return sorted(symbols)

    # --- finding things

    def find_function(self, name, near=None):
        candidates = self.functions.get(name, [])
        if near is not None:
            for f in candidates:
                if f.source is near:
                    return f
        public = [f for f in candidates if not f.is_static]
        if public:
            return public[0]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            return self.headers.find(name)
        return None

    def type_for_snake(self, snake):
        for t, s in self.types.items():
            if s == snake:
                return t
        return self.dump.snake.get(snake)

    def type_for_upper(self, upper):
        for t, s in self.types.items():
            if s.upper() == upper:
                return t
        return self.dump.upper.get(upper)

    def class_source(self, type_name):
        snake = self.types.get(type_name)
        if not snake:
            return None
        pattern = re.compile(r'\bG_DEFINE_\w*TYPE\w*\s*\(\s*%s\s*,' % re.escape(type_name))
        for s in self.sources:
            if pattern.search(s.code):
                return s
        return None

    def template(self, type_name):
        """The template .ui of a type: {id: class}, or None."""
        if type_name in self.template_of:
            return self.template_of[type_name]
        result = None
        source = self.class_source(type_name)
        if source:
            for base in source.templates:
                for path in self.ui_files:
                    if os.path.basename(path) == base:
                        result = parse_ui(path, self.ui_files[path])
        self.template_of[type_name] = result
        return result

    def struct_body(self, type_name):
        for key in ('_' + type_name, type_name):
            if key in self.structs:
                return self.structs[key]
        return None


def parse_ui(path, rel):
    """Reads a GtkBuilder file: its template class, the class of every object with an
    id, and every <signal> with the class of the object it sits in."""
    ui = {'rel': rel, 'template': None, 'ids': {}, 'signals': []}
    stack = []
    parser = xml.parsers.expat.ParserCreate()

    def start(tag, attrs):
        if tag == 'template':
            ui['template'] = attrs.get('class')
            stack.append(('template', attrs.get('class')))
        elif tag == 'object':
            stack.append(('object', attrs.get('class')))
            if attrs.get('id'):
                ui['ids'][attrs['id']] = attrs.get('class')
        else:
            stack.append((tag, None))
        if tag == 'signal':
            owner = None
            for kind, cls in reversed(stack[:-1]):
                if kind in ('object', 'template'):
                    owner = cls
                    break
            ui['signals'].append((parser.CurrentLineNumber, owner, dict(attrs)))

    def end(tag):
        stack.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with open(path, 'rb') as f:
        parser.ParseFile(f)
    return ui


# --- the instance's type -------------------------------------------------------------

class Inference:
    def __init__(self, project):
        self.project = project
        self.dump = project.dump

    def expr_types(self, expr, source, offset, depth=0):
        """Types the expression may have, most specific first ([] when unknown)."""
        if depth > 8:
            return []
        expr = expr.strip()
        while expr.startswith('(') and self._closes_at_end(expr):
            expr = expr[1:-1].strip()
        # A C cast: (GtkWidget *) x
        m = re.match(r'^\(\s*(?:const\s+)?(\w+)\s*\*+\s*\)\s*(.+)$', expr, re.S)
        if m:
            return self._merge(self.expr_types(m.group(2), source, offset, depth + 1),
                               [m.group(1)])
        # A checked cast macro: GTK_BUTTON (x)
        m = re.match(r'^([A-Z][A-Z0-9_]*)\s*\((.*)\)$', expr, re.S)
        if m and self._closes_at_end(expr[expr.index('('):]):
            cast = self.project.type_for_upper(m.group(1))
            inner = self.expr_types(m.group(2), source, offset, depth + 1)
            return self._merge(inner, [cast] if cast else [])
        # A function call; g_object_new() says what it makes in its first argument.
        m = re.match(r'^(\w+)\s*\((.*)\)$', expr, re.S)
        if m and self._closes_at_end(expr[expr.index('('):]):
            made = re.match(r'^\s*([A-Z][A-Z0-9]*)_TYPE_(\w+)\s*[,)]?', m.group(2))
            if m.group(1).startswith('g_object_new') and made:
                t = self.project.type_for_upper(made.group(1) + '_' + made.group(2))
                if t:
                    return [t]
            return self.call_types(m.group(1), depth)
        # A field: a->b, a.b
        m = re.match(r'^(.+?)\s*(?:->|\.)\s*(\w+)$', expr, re.S)
        if m:
            out = self.assigned_types(expr, source, offset, depth)
            for t in self.expr_types(m.group(1), source, offset, depth + 1):
                out = self._merge(out, self.field_types(t, m.group(2)))
            return out
        m = re.match(r'^&?\s*(\w+)$', expr)
        if m:
            return self.variable_types(m.group(1), source, offset, depth)
        # An element of an array: what it was declared to hold, or was last given.
        m = re.match(r'^(\w+)\s*\[[^\]]*\]$', expr)
        if m:
            return self._merge(self.assigned_types(expr, source, offset, depth),
                               self.variable_types(m.group(1), source, offset, depth,
                                                   element=True))
        return []

    def _closes_at_end(self, expr):
        depth = 0
        for i, c in enumerate(expr):
            if c == '(':
                depth += 1
            elif c == ')':
                depth -= 1
                if depth == 0 and i != len(expr) - 1:
                    return False
        return depth == 0

    def _merge(self, first, second):
        """Keeps the most derived of the known types first."""
        out = []
        for t in list(first) + list(second):
            if t and t not in out:
                out.append(t)
        known = [t for t in out if self.dump.known(t)]
        rest = [t for t in out if not self.dump.known(t)]
        known.sort(key=lambda t: -len(self.dump.ancestry(t)))
        return known + rest

    def call_types(self, name, depth=0):
        out = []
        m = re.match(r'^(\w+?)_new(?:_\w+)?$', name)
        if m:
            t = self.project.type_for_snake(m.group(1))
            if t:
                out.append(t)
        f = self.project.find_function(name)
        if f and pointer_depth(f.return_type) == 1:
            out.append(base_type_name(f.return_type))
            # A project function that builds the object (sok_tile_new, a page's helper
            # that returns a GtkWidget *): what its return statements hand back.
            if depth < 4 and isinstance(f.source, Source):
                for r in re.finditer(r'\breturn\b([^;]*);', f.source.skel[f.body_start:f.body_end]):
                    start = f.body_start + r.start(1)
                    expr = f.source.code[start:f.body_start + r.end(1)]
                    out = self._merge(out, self.expr_types(expr, f.source, start, depth + 1))
        return self._merge(out, [])

    def field_types(self, type_name, field):
        out = []
        ui = self.project.template(type_name)
        if ui and field in ui['ids']:
            out.append(ui['ids'][field])
        t = type_name
        while t:
            body = self.project.struct_body(t)
            if body:
                decl = declared_type(body, field)
                if decl and pointer_depth(decl) == 1:
                    out.append(base_type_name(decl))
                    break
            t = self.dump.parent.get(t) if self.dump.known(t) else None
        return self._merge(out, [])

    def variable_types(self, name, source, offset, depth, element=False):
        f = source.function_at(offset)
        if f is None:
            return []
        out = []
        # An array's element has one level of indirection fewer than the array.
        limit = 2 if element else 1
        for c_type, pname in f.params:
            if pname == name and pointer_depth(c_type) <= limit:
                out.append(base_type_name(c_type))
        body = source.code[f.body_start:offset]
        decl = declared_type(body, name)
        if decl and pointer_depth(decl) <= limit:
            out.append(base_type_name(decl))
        if element:
            return self._merge(out, [])
        return self._merge(self.assigned_types(name, source, offset, depth), out)

    def assigned_types(self, lvalue, source, offset, depth):
        """What the last assignment to lvalue (or its declaration's initialiser) before
        offset, in the same function, stored there."""
        f = source.function_at(offset)
        if f is None:
            return []
        parts = [re.escape(p) for p in re.split(r'\s*(->|\.|\[|\])\s*', lvalue.strip()) if p]
        pattern = r'(?<![\w>.])' + r'\s*'.join(parts) + r'\s*=(?!=)'
        last = None
        for m in re.finditer(pattern, source.skel[f.body_start:offset]):
            last = m
        if not last:
            return []
        start = f.body_start + last.end()
        end = start
        level = 0
        while end < offset:
            c = source.skel[end]
            if c in '([{':
                level += 1
            elif c in ')]}':
                level -= 1
            elif c == ';' and level == 0:
                break
            end += 1
        return self.expr_types(source.code[start:end], source, start, depth + 1)


def declared_type(text, name):
    """The C type name is declared with in text (a function body, a struct), or None."""
    pattern = re.compile(
        r'(?:^|[;{}(,])\s*((?:const\s+)?(?:g_autoptr\s*\(\s*\w+\s*\)|(?:struct\s+)?\w+))'
        r'\s*(\**)\s*%s\s*(?=[;=,)\[])' % re.escape(name))
    found = None
    for m in pattern.finditer(text):
        if m.group(1) in ('return', 'else', 'case', 'goto'):
            continue
        found = m.group(1) + ' ' + m.group(2)
    return found


# --- checking ---------------------------------------------------------------------

class Checker:
    def __init__(self, project):
        self.project = project
        self.dump = project.dump
        self.infer = Inference(project)
        self.results = []       # one Result a connection, and one a problem found reading
        self.current = None

    def problem(self, rel, line, message):
        """Something found while reading the sources that stops a check."""
        result = Result(rel, line, 'reading the sources')
        result.errors.append(message)
        self.results.append(result)

    def error(self, conn, message):
        self.current.errors.append(message)

    def note(self, conn, message):
        self.current.notes.append(message)

    # --- collecting connections

    def collect(self):
        conns = []
        for s in self.project.sources:
            conns.extend(self.c_connections(s))
        for path, rel in sorted(self.project.ui_files.items()):
            conns.extend(self.ui_connections(path, rel))
        return conns

    def c_connections(self, s):
        out = []
        pattern = re.compile(r'\b(%s)\s*\(' % '|'.join(CONNECT_FUNCTIONS))
        for m in pattern.finditer(s.skel):
            if s.function_at(m.start()) is None:
                continue
            call = m.group(1)
            open_paren = m.end() - 1
            close = s.match_forward(open_paren, '(', ')')
            args = s.split_args(open_paren + 1, close - 1)
            line = s.line_of(m.start())
            if len(args) < 4:
                self.problem(s.rel, line, '%s with %d arguments' % (call, len(args)))
                continue
            instance, signal, handler, data = (a[1] for a in args[:4])
            swapped = call == 'g_signal_connect_swapped'
            flags = ''
            if call == 'g_signal_connect_object' and len(args) > 4:
                flags = args[4][1]
            elif call == 'g_signal_connect_data' and len(args) > 5:
                flags = args[5][1]
            if 'G_CONNECT_SWAPPED' in flags:
                swapped = True
            out.extend(self.c_connection(s, m.start(), line, instance, signal, handler, data,
                                         swapped))
        return out

    def c_connection(self, s, offset, line, instance, signal, handler, data, swapped):
        lit = re.findall(r'"((?:[^"\\]|\\.)*)"', signal)
        if not lit or re.sub(r'"(?:[^"\\]|\\.)*"', '', signal).strip():
            self.problem(s.rel, line, 'the signal name %s is not a string literal, so its '
                         'handler cannot be checked; connect with a literal name' % signal)
            return []
        signal_name = ''.join(lit)
        instance_types = self.infer.expr_types(instance, s, offset)
        data_types = self.infer.expr_types(data, s, offset)
        data_type = next((t for t in data_types if self.dump.known(t)), None)

        name = callback_name(handler)
        if name is None:
            self.problem(s.rel, line, 'cannot tell which function the handler %s is, so it '
                         'cannot be checked' % handler)
            return []
        enclosing = s.function_at(offset)
        param_names = [p[1] for p in enclosing.params] if enclosing else []
        local = self.project.find_function(name, near=s)
        if local is None and name in param_names:
            # A helper that connects a handler its caller passes in: check each caller's.
            return self.forwarded(s, line, enclosing, param_names.index(name), signal_name,
                                  swapped, instance_types, data, param_names)
        return [Connection(s.rel, line, signal_name, name, swapped, instance_types, data_type,
                           handler_source=s)]

    def forwarded(self, s, line, helper, index, signal_name, swapped, instance_types, data,
                  param_names):
        out = []
        data_index = param_names.index(data) if data in param_names else None
        pattern = re.compile(r'\b%s\s*\(' % re.escape(helper.name))
        for caller in self.project.sources:
            for m in pattern.finditer(caller.skel):
                if caller.function_at(m.start()) is None:
                    continue
                open_paren = m.end() - 1
                close = caller.match_forward(open_paren, '(', ')')
                args = caller.split_args(open_paren + 1, close - 1)
                if index >= len(args):
                    continue
                cline = caller.line_of(m.start())
                name = callback_name(args[index][1])
                if name is None:
                    self.problem(caller.rel, cline, 'cannot tell which function the handler '
                                 '%s passed to %s is' % (args[index][1], helper.name))
                    continue
                data_type = None
                if data_index is not None and data_index < len(args):
                    types = self.infer.expr_types(args[data_index][1], caller, m.start())
                    data_type = next((t for t in types if self.dump.known(t)), None)
                out.append(Connection(caller.rel, cline, signal_name, name, swapped,
                                      instance_types, data_type, handler_source=caller,
                                      via='%s (%s:%d) connects it' % (helper.name, s.rel, line)))
        return out

    def ui_connections(self, path, rel):
        ui = parse_ui(path, rel)
        owner_type = ui['template']
        owner_source = self.project.class_source(owner_type) if owner_type else None
        out = []
        for line, cls, attrs in ui['signals']:
            handler = attrs.get('handler')
            name = attrs.get('name')
            obj = attrs.get('object')
            swapped_attr = attrs.get('swapped')
            if swapped_attr is None:
                swapped = obj is not None
            else:
                swapped = swapped_attr.lower() in ('yes', 'true', 't', '1', 'y')
            data_type = ui['ids'].get(obj) if obj else owner_type
            function = handler
            if owner_source is not None and handler in owner_source.template_callbacks:
                function = owner_source.template_callbacks[handler]
            else:
                for s in self.project.sources:
                    if handler in s.template_callbacks:
                        function = s.template_callbacks[handler]
                        owner_source = owner_source or s
                        break
            out.append(Connection(rel, line, name, function, swapped, [cls] if cls else [],
                                  data_type, handler_source=owner_source))
        return out

    # --- comparing

    def check(self, conn):
        signal_name = conn.signal.split('::')[0].replace('_', '-')
        handler = self.project.find_function(conn.handler, near=conn.handler_source)
        label = conn.handler + (' (%s)' % conn.via if conn.via else '')
        self.current = Result(conn.source_rel, conn.line, '%s on "%s"' % (label, conn.signal))
        self.results.append(self.current)
        if handler is None:
            self.error(conn, 'no definition of %s found in the sources' % conn.handler)
            return
        signal, candidates = self.resolve(conn, signal_name)
        instance_known = True
        if signal is None and not candidates:
            self.error(conn, 'no type %s has a signal "%s"'
                       % (' or '.join(conn.instance_types) or 'in sok-signal-dump', signal_name))
            return
        if signal is None:
            abis = {s.abi() for s in candidates}
            if len(abis) > 1:
                self.error(conn, 'cannot tell the instance\'s type (%s), and the types with '
                           'the signal "%s" disagree: %s; cast the instance (GTK_BUTTON (x)) or '
                           'give it a typed variable'
                           % (', '.join(conn.instance_types) or 'nothing known', signal_name,
                              self.disagreement(candidates)))
                return
            signal = candidates[0]
            instance_known = False
            self.note(conn, 'the instance\'s type is not known (%s), but every type it could '
                      'be has the signal "%s" as %s: checked against that'
                      % (', '.join(conn.instance_types) or 'nothing known', signal_name,
                         signal.prototype()))

        what = '%s on %s%s' % (label, signal.describe(), ', swapped' if conn.swapped else '')
        self.current.title = what
        self.current.detail = ('instance %s, user data %s'
                               % ('/'.join(conn.instance_types) or 'unknown',
                                  conn.data_type or 'unknown'))
        if instance_known:
            instance_type = next((t for t in conn.instance_types
                                  if self.dump.known(t) and self.dump.lookup(t, signal_name)),
                                 signal.owner)
        else:
            instance_type = None
        instance = ('instance', instance_type)
        data = ('user data', conn.data_type)
        expected = [instance] + [('parameter', p) for p in signal.params] + [data]
        if conn.swapped:
            expected = [data] + [('parameter', p) for p in signal.params] + [instance]

        problems = []
        want_ret = fundamental_class(signal.return_type[1])
        have_ret = self.c_class(handler.return_type)
        if have_ret != want_ret:
            if want_ret == 'void':
                # The emitter never reads it: harmless, as G_CALLBACK (gtk_widget_grab_focus)
                # on a button's "clicked".
                self.note(conn, 'the handler returns %s, which the signal ignores'
                          % handler.return_type)
            elif have_ret == 'void':
                problems.append('returns void, but the signal returns %s: the emitter would '
                                'read a stale register as the result' % signal.return_type[0])
            else:
                problems.append('returns %s (%s), but the signal returns %s (%s)'
                                % (handler.return_type, CLASS_NAMES.get(have_ret, have_ret),
                                   signal.return_type[0], CLASS_NAMES[want_ret]))

        if len(handler.params) > len(expected) or any(t == '...' for t, _ in handler.params):
            problems.append('takes %d parameters, but the signal calls it with %d'
                            % (len(handler.params), len(expected)))
        for i, ((c_type, pname), (role, value)) in enumerate(zip(handler.params, expected)):
            have = self.c_class(c_type)
            position = 'parameter %d (%s)' % (i + 1, c_declaration(c_type, pname))
            if role == 'parameter':
                want = fundamental_class(value[1])
                passed = 'the signal passes %s (%s)' % (value[0], CLASS_NAMES[want])
                value_type = value[0] if value[1] in ('GObject', 'GInterface') else None
            else:
                want = 'pointer'
                passed = 'the %s (%s) is passed' % (role, 'a %s *' % value if value
                                                    else 'a pointer')
                value_type = value
            if have.startswith('unknown'):
                problems.append('%s: cannot tell the ABI class of %s' % (position, c_type))
                continue
            if have != want:
                problems.append('%s is %s %s, but %s there'
                                % (position, 'an' if have == 'int64' else 'a',
                                   CLASS_NAMES.get(have, have), passed))
                continue
            if have == 'pointer' and value_type and pointer_depth(c_type) == 1:
                declared = base_type_name(c_type)
                if (self.dump.known(declared) and self.dump.known(value_type)
                        and not self.dump.related(declared, value_type)):
                    problems.append('%s expects a %s, but %s there, and a %s is no %s'
                                    % (position, declared, passed, value_type, declared))
        if problems:
            self.error(conn, 'the handler %s (defined at %s): %s. The signal calls %s -> %s'
                       % (handler.name, handler.where(), '; '.join(problems),
                          self.call_shape(expected), signal.return_type[0]))
        elif len(handler.params) < len(expected):
            self.note(conn, 'the handler takes %d of the %d arguments'
                      % (len(handler.params), len(expected)))

    def disagreement(self, candidates):
        """'void (guint) on GtkListView, GtkGridView; void () on GtkButton and 17 more'"""
        groups = {}
        for s in candidates:
            groups.setdefault(s.prototype(), []).append(s.owner)
        parts = []
        for prototype, owners in sorted(groups.items()):
            shown = ', '.join(owners[:3])
            if len(owners) > 3:
                shown += ' and %d more' % (len(owners) - 3)
            parts.append('%s on %s' % (prototype, shown))
        return '; '.join(parts)

    def call_shape(self, expected):
        parts = []
        for role, value in expected:
            if role == 'parameter':
                parts.append(value[0])
            else:
                parts.append('%s *%s' % (value, role.replace(' ', '_')) if value
                             else 'gpointer %s' % role.replace(' ', '_'))
        return '(%s)' % ', '.join(parts)

    def resolve(self, conn, signal_name):
        """(signal, None) when the instance's type is known; otherwise (None, every
        signal of that name the instance could have)."""
        known = [t for t in conn.instance_types if self.dump.known(t)]
        for t in known:
            s = self.dump.lookup(t, signal_name)
            if s:
                return s, None
        candidates = []
        if known:
            for t in self.dump.descendants(known[0]):
                s = self.dump.lookup(t, signal_name)
                if s and s not in candidates:
                    candidates.append(s)
        else:
            candidates = self.dump.definers(signal_name)
        if len(candidates) == 1 and known:
            return candidates[0], None
        return None, candidates

    def c_class(self, c_type):
        c_type = ' '.join(c_type.split())
        if '*' in c_type or '[' in c_type:
            return 'pointer'
        words = [w for w in re.findall(r'\w+', c_type)
                 if w not in ('const', 'volatile', 'signed', 'register', 'static', 'enum')]
        key = ' '.join(words)
        if key in C_CLASS:
            return C_CLASS[key]
        if key == 'unsigned long int' or key == 'long int':
            return 'long'
        if len(words) == 1:
            name = words[0]
            if name in self.dump.enums or name in self.project.enums:
                return 'int'
            if re.search(r'(Func|Callback|Notify)$', name):
                return 'pointer'
        return 'unknown:' + c_type


def callback_name(expr):
    expr = expr.strip()
    for pattern in (r'^G_CALLBACK\s*\(\s*&?\s*(\w+)\s*\)$', r'^\(\s*GCallback\s*\)\s*&?\s*\(?\s*(\w+)\s*\)?$',
                    r'^&?\s*(\w+)$'):
        m = re.match(pattern, expr)
        if m:
            return m.group(1)
    return None


# --- main -----------------------------------------------------------------------

def run_dump(command, symbols):
    try:
        result = subprocess.run(command + symbols, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                universal_newlines=True, check=False)
    except OSError as e:
        sys.exit('check-signal-handlers: cannot run %s: %s' % (command[0], e))
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        sys.exit('check-signal-handlers: %s failed with status %d'
                 % (' '.join(command), result.returncode))
    return result.stdout.splitlines()


def expected_errors(project):
    """{(file, line): text} from "expect error: TEXT" comments."""
    out = {}
    for s in project.sources:
        for m in re.finditer(r'expect error:\s*(.*?)\s*(?:\*/|$)', s.text, re.M):
            out[(s.rel, s.line_of(m.start()))] = m.group(1)
    for path, rel in project.ui_files.items():
        with open(path, encoding='utf-8') as f:
            for number, text in enumerate(f, 1):
                m = re.search(r'expect error:\s*(.*?)\s*(?:-->|$)', text)
                if m:
                    # The comment sits on the line before the <signal> it is about.
                    out[(rel, number + 1)] = m.group(1)
    return out


class Report:
    """Prints test points as TAP (--tap) or as compiler-style lines."""

    def __init__(self, tap, verbose):
        self.tap = tap
        self.verbose = verbose
        self.points = []        # (ok, description, [error lines], [note lines])

    def point(self, ok, description, errors=(), notes=()):
        self.points.append((ok, description, list(errors), list(notes)))

    def emit(self, summary):
        if self.tap:
            print('1..%d' % len(self.points))
            for number, (ok, description, errors, notes) in enumerate(self.points, 1):
                print('%s %d %s' % ('ok' if ok else 'not ok', number, description))
                for line in errors:
                    print('# error: %s' % line)
                for line in notes:
                    print('# note: %s' % line)
            print('# %s' % summary)
            return
        for ok, description, errors, notes in self.points:
            where = description.split(' ', 1)[0]
            for line in errors:
                print('%s: error: %s' % (where, line))
            if self.verbose:
                for line in notes:
                    print('%s: note: %s' % (where, line))
        print(summary)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--root', default='.', help='the source tree (paths are shown from here)')
    parser.add_argument('--dump', help='the sok-signal-dump program')
    parser.add_argument('--dump-file', help='instead of --dump: a file sok-signal-dump wrote')
    parser.add_argument('--pkg', action='append', default=[],
                        help='a pkg-config package whose headers declare library functions '
                        'used as handlers (gtk_window_destroy); may be repeated')
    parser.add_argument('--tap', action='store_true', help='print TAP, one point a connection')
    parser.add_argument('--verbose', action='store_true',
                        help='also print notes and what each connection was checked against')
    parser.add_argument('--expect-annotations', action='store_true',
                        help='pass only if the errors are exactly those the sources announce')
    parser.add_argument('dirs', nargs='+', help='directories or files to read, under --root')
    args = parser.parse_args()

    project = Project(os.path.abspath(args.root), args.dirs, args.pkg)
    if args.dump_file:
        with open(args.dump_file, encoding='utf-8') as f:
            lines = f.read().splitlines()
    elif args.dump:
        lines = run_dump([args.dump], project.type_symbols())
    else:
        parser.error('either --dump or --dump-file is needed')
    project.dump = TypeDump(lines)

    checker = Checker(project)
    conns = checker.collect()
    for conn in conns:
        checker.check(conn)
    if not args.expect_annotations:
        # A type of the programs' that defines signals but is not in the dump would make
        # every connection to it unknown.
        for type_name, source in sorted(project.types_with_signals().items()):
            symbol = project.types[type_name] + '_get_type'
            if symbol in project.dump.missing or not project.dump.known(type_name):
                checker.problem(source.rel, 0, '%s defines signals but is not in '
                                'sok-signal-dump: link the library that holds it into '
                                'sok-signal-dump (tests/meson.build)' % type_name)

    report = Report(args.tap, args.verbose)
    n_errors = sum(1 for r in checker.results if r.errors)
    summary = ('%d signal connections in %d C files and %d templates; %d mismatched'
               % (len(conns), len(project.sources), len(project.ui_files), n_errors))

    if not args.expect_annotations:
        for r in checker.results:
            notes = list(r.notes)
            if args.verbose and r.detail:
                notes.append(r.detail)
            report.point(not r.errors, '%s %s' % (r.where(), r.title), r.errors, notes)
        if not checker.results:
            report.point(False, 'no signal connections found in %s' % ' '.join(args.dirs))
        report.emit(summary)
        return 1 if n_errors or not checker.results else 0

    # Checking the checker: each announced mismatch must be reported on its line, with
    # the words announced, and nothing else may be.
    wanted = expected_errors(project)
    got = {}
    for r in checker.results:
        if r.errors:
            got.setdefault((r.rel, r.line), []).extend(r.errors)
    for key, text in sorted(wanted.items()):
        messages = got.get(key, [])
        ok = any(text in m for m in messages)
        report.point(ok, '%s:%d reports "%s"' % (key[0], key[1], text),
                     [] if ok else ['expected "%s", got %s' % (text, messages or 'nothing')],
                     messages if ok else [])
    for key, messages in sorted(got.items()):
        if key not in wanted:
            report.point(False, '%s:%d reports nothing unexpected' % key, messages)
    if not wanted:
        report.point(False, 'the sources announce a mismatch to expect')
    clean = [r for r in checker.results if not r.errors]
    report.point(len(clean) > 0, '%d correct connections pass' % len(clean))
    report.emit(summary)
    return 0 if all(p[0] for p in report.points) else 1


if __name__ == '__main__':
    sys.exit(main())
