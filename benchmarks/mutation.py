"""Mutation testing of the money rules (issue 17): inject one small bug at a time into the
money core and run the tests that guard it; a mutant the tests do not notice ("survived")
is a rule nobody tests. Never part of the test run.

    python benchmarks/mutation.py [--files F|F::func,func ...] [--tests T ...] [--jobs 2] [--limit N]
                                  [--out FILE]

Each mutant is applied in a scratch git worktree of HEAD (the checkout itself is never
touched; commit the tests first), one worktree per job, and the file's guarding tests run
there with ``-x``; the surviving mutants are written to ``--out``, those listed in
benchmarks/mutation-equivalent.txt (with the reason each changes no behaviour) counted apart.
Operators: + <-> -, * -> /, < <-> <=, > <-> >=, == <-> !=, and <-> or, an integer n -> n + 1,
ROUND_HALF_UP -> ROUND_HALF_EVEN, a unary minus dropped.
"""

from __future__ import annotations

import argparse
import ast
import queue
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The money core (issue 17): a file whole, or "file::function,function" for the money rules
# inside a larger module.
MONEY_CORE = ["salesdesk/model/core/money.py", "salesdesk/model/sales/pricing.py",
              "salesdesk/model/receivables/applications.py", "salesdesk/model/posting/posting_gl.py",
              "salesdesk/model/core/numbering.py",
              "salesdesk/model/posting/posting.py::_price,_cost_of,_links",
              "salesdesk/model/sales/doc_rules.py::beyond,capped",
              "salesdesk/model/output/facturx_xml.py::_line_values,vat_rows,invoice_discounts,_summation,"
              "total_problems"]
GUARDS = ["tests/model/test_money.py", "tests/model/test_money_bounds.py", "tests/model/test_numbers_bounded.py",
          "tests/model/test_pricing.py", "tests/model/test_documents_pricing.py",
          "tests/model/test_documents_fixes.py", "tests/model/test_holes.py", "tests/model/test_payments.py",
          "tests/model/test_numbering.py", "tests/model/test_series_guard.py", "tests/model/test_posting_rules.py",
          "tests/model/test_negative_lines.py", "tests/model/test_qty_to_invoice.py",
          "tests/model/test_corrections_rules.py", "tests/model/test_receivables.py",
          "tests/model/test_facturx.py", "tests/model/test_facturx_holes.py", "tests/scenarios"]
# The tests that guard each file, when not all of GUARDS are needed (a mutant that survives
# runs every one of them, so a narrower set keeps the run short).
_POSTING = ["tests/model/test_money_bounds.py", "tests/model/test_posting_rules.py", "tests/model/test_negative_lines.py",
            "tests/model/test_qty_to_invoice.py", "tests/model/test_holes.py", "tests/model/test_corrections_rules.py",
            "tests/model/test_documents_pricing.py", "tests/scenarios"]
GUARDS_BY_FILE = {
    "salesdesk/model/receivables/applications.py": [
        "tests/model/test_money_bounds.py", "tests/model/test_payments.py", "tests/model/test_receivables.py",
        "tests/model/test_holes.py", "tests/model/test_corrections_rules.py", "tests/scenarios"],
    "salesdesk/model/core/numbering.py": [
        "tests/model/test_money_bounds.py", "tests/model/test_numbering.py", "tests/model/test_series_guard.py", "tests/model/test_posting_rules.py",
        "tests/scenarios"],
    "salesdesk/model/posting/posting_gl.py": _POSTING,
    "salesdesk/model/posting/posting.py": _POSTING,
    "salesdesk/model/sales/doc_rules.py": _POSTING,
    "salesdesk/model/output/facturx_xml.py": [
        "tests/model/test_money_bounds.py", "tests/model/test_facturx.py", "tests/model/test_facturx_holes.py", "tests/model/test_facturx_every_kind.py"],
}
# Mutants that change no behaviour, each with the reason: "file | source line | what | why".
EQUIVALENT = ROOT / "benchmarks" / "mutation-equivalent.txt"
SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Lt: ast.LtE, ast.LtE: ast.Lt,
         ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.And: ast.Or, ast.Or: ast.And}


@dataclass(frozen=True)
class Mutant:
    file: str
    line: int
    what: str
    index: int  # which mutation point of the file, in walk order
    source: str = ""  # the mutated line as written, to recognise a mutant when lines move

    @property
    def key(self) -> tuple[str, str, str]:
        return self.file, self.source, self.what


def _points(tree: ast.AST) -> list[tuple[ast.AST, str]]:
    points = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.BinOp, ast.BoolOp)) and type(node.op) in SWAPS:
            points.append((node, f"{type(node.op).__name__} -> {SWAPS[type(node.op)].__name__}"))
        elif isinstance(node, ast.Compare) and type(node.ops[0]) in SWAPS:
            points.append((node, f"{type(node.ops[0]).__name__} -> {SWAPS[type(node.ops[0])].__name__}"))
        elif isinstance(node, ast.Constant) and type(node.value) is int and getattr(node, "lineno", 0):
            points.append((node, f"{node.value} -> {node.value + 1}"))
        elif isinstance(node, ast.Name) and node.id == "ROUND_HALF_UP":
            points.append((node, "ROUND_HALF_UP -> ROUND_HALF_EVEN"))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            points.append((node, "unary minus dropped"))
    return points


def mutants_of(target: str) -> list[Mutant]:
    """The mutants of ``target``: "file", or "file::f,g" for the functions f and g only."""
    file, _sep, names = target.partition("::")
    text = (ROOT / file).read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    spans = [(node.lineno, node.end_lineno) for node in ast.walk(tree)
             if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in names.split(",")]
    if names and len(spans) < len(set(names.split(","))):
        sys.exit(f"{target}: some of these functions are not in {file}")
    mutants = []
    for index, (node, what) in enumerate(_points(tree)):
        line = getattr(node, "lineno", 0)
        if not names or any(start <= line <= end for start, end in spans):
            mutants.append(Mutant(file, line, what, index, lines[line - 1].strip() if line else ""))
    return mutants


def equivalents() -> dict[tuple[str, str, str], str]:
    """{(file, source line, what): why} for the mutants judged equivalent."""
    found = {}
    if EQUIVALENT.exists():
        for row in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            if row.strip() and not row.startswith("#"):
                file, source, what, why = (part.strip() for part in row.split(" | ", 3))
                found[(file, source, what)] = why
    return found


def mutated_source(mutant: Mutant, source: str) -> str:
    tree = ast.parse(source)
    node, _what = _points(tree)[mutant.index]
    if isinstance(node, (ast.BinOp, ast.BoolOp)):
        node.op = SWAPS[type(node.op)]()
    elif isinstance(node, ast.Compare):
        node.ops[0] = SWAPS[type(node.ops[0])]()
    elif isinstance(node, ast.Constant):
        node.value += 1
    elif isinstance(node, ast.Name):
        node.id = "ROUND_HALF_EVEN"
        tree.body.insert(0, ast.parse("from decimal import ROUND_HALF_EVEN").body[0])
    elif isinstance(node, ast.UnaryOp):
        node.op = ast.UAdd()
    return ast.unparse(ast.fix_missing_locations(tree))


def run_tests(worktree: Path, tests: list[str], timeout: float) -> str:
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-n", "0",
                               *tests], cwd=worktree, capture_output=True, timeout=timeout,
                              env={"PYTHONPATH": str(worktree), "PATH": "/usr/bin:/bin"})
    except subprocess.TimeoutExpired:
        return "killed (timeout)"
    return "survived" if done.returncode == 0 else "killed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="+", default=MONEY_CORE)
    parser.add_argument("--tests", nargs="+", help="the tests for every mutant (default: each file's guards)")
    parser.add_argument("--limit", type=int, default=0, help="a random sample of this many mutants (0: all)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once, each in its own worktree")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--out", default="benchmarks/mutation-survivors.txt")
    args = parser.parse_args()

    def guards(mutant: Mutant) -> list[str]:
        return args.tests or GUARDS_BY_FILE.get(mutant.file, GUARDS)

    mutants = [m for file in args.files for m in mutants_of(file)]
    if args.limit and args.limit < len(mutants):
        mutants = sorted(random.Random(args.seed).sample(mutants, args.limit), key=lambda m: (m.file, m.index))
    with tempfile.TemporaryDirectory() as tmp:
        worktrees: queue.Queue[Path] = queue.Queue()
        for job in range(max(args.jobs, 1)):
            worktree = Path(tmp) / f"mutant-{job}"
            subprocess.run(["git", "worktree", "add", "--detach", str(worktree), "HEAD"], cwd=ROOT, check=True,
                           capture_output=True)
            worktrees.put(worktree)
        try:
            baseline = run_tests(Path(tmp) / "mutant-0", args.tests or GUARDS, args.timeout)
            if baseline != "survived":
                sys.exit("the guarding tests fail without any mutant: fix them first")
            started = time.monotonic()
            done = [0]

            def test(mutant: Mutant) -> str:
                worktree = worktrees.get()
                try:
                    path = worktree / mutant.file
                    original = path.read_text(encoding="utf-8")
                    path.write_text(mutated_source(mutant, original), encoding="utf-8")
                    try:
                        outcome = run_tests(worktree, guards(mutant), args.timeout)
                    finally:
                        path.write_text(original, encoding="utf-8")
                finally:
                    worktrees.put(worktree)
                done[0] += 1
                print(f"[{done[0]}/{len(mutants)}] {mutant.file}:{mutant.line} {mutant.what}: {outcome}", flush=True)
                return outcome

            with ThreadPoolExecutor(max_workers=max(args.jobs, 1)) as pool:
                results = list(zip(mutants, pool.map(test, mutants)))
        finally:
            for job in range(max(args.jobs, 1)):
                subprocess.run(["git", "worktree", "remove", "--force", str(Path(tmp) / f"mutant-{job}")], cwd=ROOT,
                               capture_output=True)
    judged = equivalents()
    survived = [m for m, outcome in results if outcome == "survived" and m.key not in judged]
    equivalent = [m for m, outcome in results if outcome == "survived" and m.key in judged]
    killed = len(results) - len(survived) - len(equivalent)
    counted = len(results) - len(equivalent)
    with open(ROOT / args.out, "w", encoding="utf-8") as out:
        out.write(f"# {len(survived)} of {len(results)} mutants survived, {len(equivalent)} more are equivalent "
                  f"(tests: {' '.join(args.tests) if args.tests else 'the guards of each file in benchmarks/mutation.py'})\n")
        for m in survived:
            out.write(f"{m.file}:{m.line}: {m.what}    {m.source}\n")
    minutes = (time.monotonic() - started) / 60
    print(f"\n{len(results)} mutants: {killed} killed, {len(survived)} survived, {len(equivalent)} equivalent "
          f"({100 * killed / max(counted, 1):.1f} % of the non-equivalent killed) in {minutes:.1f} min; "
          f"survivors in {args.out}")

if __name__ == "__main__":
    main()
