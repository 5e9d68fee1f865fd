"""Collect Daftar's user-visible strings into ``resources/translations/daftar_ur.ts`` and
compile it to ``daftar_ur.qm``.

    python resources/tools/update_translations.py          # update the .ts, then the .qm
    python resources/tools/update_translations.py --check  # exit 1 if messages differ

Why not plain ``pyside6-lupdate``: it only understands string literals as contexts, and
Daftar names most contexts once per module (``CTX = "sync"``) and marks strings in code that
must not import Qt with ``N_(CTX, text)`` (:mod:`models.i18n`). So the extraction is done
here, with :mod:`ast`, over ``desktop/ models/ store/ sync/``:

* ``self.tr("…")`` (or ``anything.tr("…")`` inside a class) → the enclosing class's name,
  as PySide6's ``QObject.tr`` looks it up;
* ``QCoreApplication.translate(CTX, "…")``, ``N_(CTX, "…")``, ``QT_TRANSLATE_NOOP(CTX, "…")``
  → *CTX*, a literal or a module-level constant (also one imported ``as`` another name);
* ``tr("…")`` where the module defines a function ``tr`` → the module's ``CTX``.

Existing translations are kept; a message that left the code is dropped from the file (its
translation stays in git history). Then ``pyside6-lrelease`` writes the ``.qm``; Python's
own ``xml`` writer keeps the ``.ts`` deterministic (sorted contexts, stable message order).
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("desktop", "models", "store", "sync")
TS_PATH = ROOT / "resources" / "translations" / "daftar_ur.ts"
QM_PATH = TS_PATH.with_suffix(".qm")
LANGUAGE = "ur_PK"
#: Qt reads the layout direction of the application from this message of the translation.
LAYOUT_CONTEXT = "QGuiApplication"
LAYOUT_SOURCE = "QT_LAYOUT_DIRECTION"
LAYOUT_COMMENT = ("Translate this string to the string 'LTR' in left-to-right languages or "
                  "to 'RTL' in right-to-left languages (such as Hebrew and Arabic) to get "
                  "proper widget layout.")
#: Qt's own strings (standard buttons of dialogs): PySide6 ships no ``qtbase_ur.qm``.
QT_MESSAGES = (
    ("QPlatformTheme", ("OK", "Save", "Save All", "Open", "&Yes", "Yes to &All", "&No",
                        "N&o to All", "Abort", "Retry", "Ignore", "Close", "Cancel",
                        "Discard", "Help", "Apply", "Reset", "Restore Defaults")),
    ("QDialogButtonBox", ("OK", "Cancel", "Close", "Save", "&Yes", "&No", "Apply", "Help")),
    ("QMessageBox", ("Show Details...", "Hide Details...")),
    ("QLineEdit", ("&Undo", "&Redo", "Cu&t", "&Copy", "&Paste", "Delete", "Select All")),
    ("QWidgetTextControl", ("&Undo", "&Redo", "Cu&t", "&Copy", "&Paste", "Delete",
                            "Select All")),
    ("QFileDialog", ("File &name:", "Files of type:", "Look in:", "&Save", "&Open",
                     "Cancel", "All Files (*)")),
)

MARKER_FUNCTIONS = {"N_", "QT_TRANSLATE_NOOP"}
#: Local names for ``QCoreApplication.translate`` (a call with a context and a text).
ALIASES = {"tr", "translate", "_tr"}


@dataclass
class Message:
    context: str
    source: str
    comment: str = ""
    locations: list[str] = field(default_factory=list)


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


class _Collector(ast.NodeVisitor):
    def __init__(self, path: Path, constants: dict[str, str], module_tr: str | None) -> None:
        self.path = path
        self.constants = constants
        self.module_tr = module_tr
        self.classes: list[str] = []
        self.found: list[tuple[str, str, int]] = []
        self.problems: list[str] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def _context(self, node: ast.AST) -> str | None:
        text = _literal(node)
        if text is not None:
            return text
        if isinstance(node, ast.Name):
            return self.constants.get(node.id)
        return None

    def _add(self, context: str | None, node: ast.AST, call: ast.Call) -> None:
        text = _literal(node)
        where = f"{self.path.relative_to(ROOT)}:{call.lineno}"
        if context is None:
            self.problems.append(f"{where}: context not known")
        elif text is not None:  # not a literal: it translates a string marked elsewhere
            self.found.append((context, text, call.lineno))

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else None
        translate = isinstance(func, ast.Attribute) and func.attr == "translate" and \
            isinstance(func.value, ast.Name) and \
            func.value.id in ("QCoreApplication", "QApplication")
        # ``tr = QCoreApplication.translate`` then ``tr("app", "…")``
        alias = name in ALIASES and len(node.args) == 2 and \
            self._context(node.args[0]) is not None
        if isinstance(func, ast.Attribute) and func.attr == "tr" and node.args:
            if self.classes:
                self._add(self.classes[-1], node.args[0], node)
        elif (translate and len(node.args) >= 2) or alias or \
                (name in MARKER_FUNCTIONS and len(node.args) == 2):
            self._add(self._context(node.args[0]), node.args[1], node)
        elif name == "tr" and self.module_tr and node.args \
                and _literal(node.args[0]) is not None:
            self._add(self.module_tr, node.args[0], node)
        self.generic_visit(node)


def _assigned(tree: ast.Module) -> dict[str, str]:
    """``NAME = "literal"`` at module level."""
    return {node.targets[0].id: node.value.value  # type: ignore[attr-defined]
            for node in tree.body
            if isinstance(node, ast.Assign) and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name) and _literal(node.value) is not None}


def _module_constants(tree: ast.Module, path: Path) -> dict[str, str]:
    """``NAME = "literal"`` at module level, and ``from x import CTX as NAME``."""
    constants = _assigned(tree)
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            target = ROOT / Path(*node.module.split("."))
            for candidate in (target.with_suffix(".py"), target / "__init__.py"):
                if candidate.is_file() and candidate != path:
                    imported = _assigned(ast.parse(candidate.read_text("utf-8")))
                    for alias in node.names:
                        if alias.name in imported and (alias.asname or alias.name) not in constants:
                            constants[alias.asname or alias.name] = imported[alias.name]
                    break
    return constants


def collect(root: Path = ROOT) -> tuple[list[Message], list[str]]:
    """Every translatable message in the sources, in file and line order (first use wins)."""
    messages: dict[tuple[str, str], Message] = {}
    problems: list[str] = []
    for folder in SOURCES:
        for path in sorted((root / folder).rglob("*.py")):
            tree = ast.parse(path.read_text("utf-8"), str(path))
            constants = _module_constants(tree, path)
            has_tr = any(isinstance(n, ast.FunctionDef) and n.name == "tr" for n in tree.body)
            collector = _Collector(path, constants, constants.get("CTX") if has_tr else None)
            collector.visit(tree)
            problems.extend(collector.problems)
            for context, text, line in collector.found:
                key = (context, text)
                where = f"{path.relative_to(root).as_posix()}:{line}"
                if key in messages:
                    messages[key].locations.append(where)
                else:
                    messages[key] = Message(context, text, locations=[where])
    for context, sources in QT_MESSAGES:
        for text in sources:
            messages.setdefault((context, text), Message(context, text, locations=["Qt"]))
    messages[(LAYOUT_CONTEXT, LAYOUT_SOURCE)] = Message(LAYOUT_CONTEXT, LAYOUT_SOURCE,
                                                        LAYOUT_COMMENT, ["Qt"])
    return list(messages.values()), problems


def read_ts(path: Path = TS_PATH) -> dict[tuple[str, str], str]:
    """The translations in *path*: (context, source) → translation ("" when unfinished)."""
    if not path.is_file():
        return {}
    out: dict[tuple[str, str], str] = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            node = msg.find("translation")
            unfinished = node is None or node.get("type") in ("unfinished", "vanished",
                                                              "obsolete")
            out[(name, msg.findtext("source") or "")] = "" if unfinished else (node.text or "")
    return out


def render_ts(messages: list[Message], translations: dict[tuple[str, str], str]) -> str:
    root = ET.Element("TS", version="2.1", language=LANGUAGE, sourcelanguage="en")
    by_context: dict[str, list[Message]] = {}
    for message in messages:
        by_context.setdefault(message.context, []).append(message)
    for name in sorted(by_context):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = name
        for message in by_context[name]:
            node = ET.SubElement(ctx, "message")
            for where in message.locations[:3]:
                if where != "Qt":
                    file, line = where.rsplit(":", 1)
                    ET.SubElement(node, "location", filename=f"../../{file}", line=line)
            ET.SubElement(node, "source").text = message.source
            if message.comment:
                ET.SubElement(node, "comment").text = message.comment
            text = translations.get((name, message.source), "")
            translation = ET.SubElement(node, "translation")
            if text:
                translation.text = text
            else:
                translation.set("type", "unfinished")
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n"


def lrelease(ts: Path, qm: Path) -> None:
    """Compile *ts* to *qm* with ``pyside6-lrelease`` (from the same environment)."""
    exe = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or \
        shutil.which("pyside6-lrelease")
    if exe is None:
        raise SystemExit("pyside6-lrelease not found: activate the project's virtualenv")
    subprocess.run([exe, "-silent", "-nounfinished", str(ts), "-qm", str(qm)], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only report whether the .ts holds exactly the messages of the "
                             "code (exit 1 if not)")
    args = parser.parse_args(argv)
    messages, problems = collect()
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    text = render_ts(messages, read_ts())
    current = TS_PATH.read_text("utf-8") if TS_PATH.is_file() else ""
    if args.check:  # the same messages (line numbers of the locations may differ)
        wanted = {(m.context, m.source) for m in messages}
        held = set(read_ts())
        if wanted != held:
            for context, source in sorted(wanted - held):
                print(f"missing: {context}: {source!r}", file=sys.stderr)
            for context, source in sorted(held - wanted):
                print(f"no longer used: {context}: {source!r}", file=sys.stderr)
            print(f"{TS_PATH} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    TS_PATH.parent.mkdir(parents=True, exist_ok=True)
    if text != current:
        TS_PATH.write_text(text, encoding="utf-8")
    lrelease(TS_PATH, QM_PATH)
    untranslated = sum(1 for m in messages if not read_ts().get((m.context, m.source)))
    print(f"{len(messages)} messages, {untranslated} untranslated → {TS_PATH.name}, "
          f"{QM_PATH.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
