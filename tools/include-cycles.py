#!/usr/bin/env python3
# Finds the include cycles among the modules of a source folder.
#
# A module is a .c with its .h and -private.h, matched by base name across folders
# (so ui/kiosk/promise/sok-foo.c and ui/kiosk/sok-foo.h are one module). Module A
# depends on module B when any file of A includes a header of B. Every strongly
# connected component of more than one module is a cycle.
#
#   tools/include-cycles.py ui/kiosk            print the components and the counts
#   tools/include-cycles.py --check ui/kiosk    the same, exit status 1 on any cycle
#
# Quoted includes only (#include "..."): system headers cannot point back.

import argparse
import os
import re
import sys

INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def module_of(filename):
    base = os.path.basename(filename)
    for suffix in ('-private.h', '.h', '.c'):
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return None


def collect(root):
    files = {}
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            if module_of(name) is not None:
                files[os.path.join(dirpath, name)] = module_of(name)
    return files


def graph(files):
    modules = set(files.values())
    edges = {m: set() for m in modules}
    for path, mod in files.items():
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
        for inc in INCLUDE_RE.findall(text):
            if not inc.endswith('.h'):
                continue
            target = module_of(inc)
            if target in modules and target != mod:
                edges[mod].add(target)
    return edges


def components(edges):
    # Tarjan's algorithm, iterative so that deep graphs cannot hit the recursion limit.
    index = {}
    low = {}
    on_stack = set()
    stack = []
    result = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    n = stack.pop()
                    on_stack.discard(n)
                    comp.append(n)
                    if n == node:
                        break
                result.append(sorted(comp))
    return result


def main():
    parser = argparse.ArgumentParser(description='Include cycles among modules.')
    parser.add_argument('--check', action='store_true',
                        help='exit with status 1 if there is any cycle')
    parser.add_argument('root', help='folder to scan, e.g. ui/kiosk')
    args = parser.parse_args()

    if not os.path.isdir(args.root):
        sys.exit(f'{args.root} is not a folder; give the source folder to scan, e.g. ui/kiosk')

    files = collect(args.root)
    edges = graph(files)
    cycles = [c for c in components(edges) if len(c) > 1]

    cyclic_modules = {m for c in cycles for m in c}
    cyclic_files = sorted(p for p, m in files.items() if m in cyclic_modules)

    for i, comp in enumerate(sorted(cycles, key=len, reverse=True), 1):
        print(f'cycle {i}: {len(comp)} modules')
        for m in comp:
            deps = sorted(d for d in edges[m] if d in comp)
            print(f'  {m} -> {", ".join(deps)}')
    print(f'modules: {len(edges)}, files: {len(files)}')
    print(f'modules in cycles: {len(cyclic_modules)}, files in cycles: {len(cyclic_files)}, '
          f'cycles: {len(cycles)}')

    if args.check and cycles:
        print('include cycles found: a page or flow includes a header that includes it back; '
              'break the cycle with a signal, an action or a context object', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
