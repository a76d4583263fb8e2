"""Build the figures: incremental, parallel, deterministic and atomic.

A figure's outputs in ``<out>/<lang>/`` are its picture in each of its layouts and themes
(``<name>.png``, ``<name>.dark.png``, ``<name>.narrow.png`` and ``<name>.narrow.dark.png``; for
an animation ``.gif``, ``.webp`` and ``_poster.png`` in each) and ``<name>.json``, its
manifest: per layout and theme, the files, their size in pixels, the CSS media query they are
served for, where the panels sit, and the smallest text drawn (its font size in pixels,
recorded while drawing), from which a browser tells how tall that text looks on screen. They
are keyed by a hash of everything that can change them: the figure function's own source and
the sources of the figure helpers and experiments it uses (found by walking the names its code
refers to), the shared figure modules, `experiments/params.py`, its layouts, the language's
fonts, the ``lib/`` sources and the pinned package versions; and by the words it drew, as it
drew them: the keys of `words.WORDS` read while drawing are stored with their values beside the
key, so that editing a word redraws only the figures that show it. The key is stored next to
the outputs as ``.<name>.key`` and written last, so a figure whose key matches is complete and up
to date.

A language reaches a drawing only through its words and its fonts (figure code uses ``lang``
for nothing else: `tests/test_figure_code.py` reads it), so the key leaves the language out: a
figure that another language has drawn with the same key and the same words is copied from it
rather than drawn again (a new language starts as a copy of its source's words and draws each
figure only once its words are translated).

Files are written to a temporary name in the same folder and moved into place with
``os.replace``, so an interrupted build leaves every figure either old or new, never truncated;
the next build removes stray temporary files and finishes the set.
"""

import functools
import hashlib
import importlib.metadata
import inspect
import io
import json
import os
import tempfile
import time
import traceback
import types
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from pathlib import Path

import words
from contents import LANGS, LANGUAGES, check_lang
from words import MissingWordError

from . import registry, workers

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
LIB_DIR = ROOT / "lib"
# Modules every figure may use; any change to one of them redraws every figure.
SHARED_MODULES = ("figures_src/style.py", "figures_src/anim.py", "figures_src/diagrams.py")
SHARED_MODULES += ("figures_src/registry.py", "figures_src/reads_alone.py")
SHARED_MODULES += ("experiments/params.py",)
# Packages whose functions a figure's key follows into (the rest is hashed whole or by version).
FOLLOWED = ("figures_src", "experiments")
PACKAGES = ("numpy", "matplotlib", "pillow", "imageio")
KEY_VERSION = "5"
TRACEBACK_FRAMES = 6


class UnknownFigureError(KeyError):
    """A figure name that is not in the registry."""

    def __init__(self, names):
        self.names = list(names)
        valid = ", ".join(registry.FIGURES)
        super().__init__(f"unknown figure(s): {', '.join(self.names)}; valid names: {valid}")

    def __str__(self):
        return self.args[0]


class FigureError(RuntimeError):
    """A figure's code raised; the message carries the end of its traceback."""


class OutputFolderError(OSError):
    """The output folder cannot be written to (read-only, full): the build stops."""

    def __init__(self, message: str) -> None:
        super().__init__(message)

    def __str__(self) -> str:
        return self.args[0]


def cannot_write(path: Path, error: OSError) -> OutputFolderError:
    """The one-line error for a file that could not be written: the path and the reason."""
    reason = error.strerror or str(error)
    return OutputFolderError(
        f"cannot write {path}: {reason} (make room or make the folder writable, then run "
        "again; the figures drawn so far are kept)"
    )


# --------------------------------------------------------------- where outputs go


def default_out() -> Path:
    """``$FIGURES_OUT`` if set, else ``_build/figures`` in the repository root."""
    return Path(os.environ.get("FIGURES_OUT") or ROOT / "_build" / "figures")


def output_paths(name: str, lang: str, out: Path | None = None) -> list[Path]:
    """Every file of figure ``name`` in ``lang``: the wide picture first, then the rest of each
    layout's files, then the manifest."""
    folder = Path(out or default_out()) / lang
    return [folder / file_name for file_name in _spec(name).file_names]


def layout_paths(
    name: str, lang: str, layout: str, out: Path | None = None, theme: str = "light"
) -> dict[str, Path]:
    """The files of figure ``name`` in ``lang``, ``layout`` and ``theme``, by role: ``image``,
    and for an animation ``webp`` and ``poster``."""
    folder = Path(out or default_out()) / lang
    files = _spec(name).files(layout, theme)
    return {role: folder / file_name for role, file_name in files.items()}


def manifest_path(name: str, lang: str, out: Path | None = None) -> Path:
    """Where the manifest of figure ``name`` in ``lang`` is written."""
    return Path(out or default_out()) / lang / _spec(name).manifest


def manifest_bytes(manifest: dict) -> bytes:
    """A manifest as written to ``<name>.json`` (drawn or copied alike)."""
    return json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False).encode()


def read_manifest(name: str, lang: str, out: Path | None = None) -> dict:
    """The manifest of figure ``name`` in ``lang`` (see the module's docstring)."""
    return json.loads(manifest_path(name, lang, out).read_text(encoding="utf-8"))


def key_path(name: str, lang: str, out: Path | None = None) -> Path:
    """Where the content key of figure ``name`` in ``lang`` is stored."""
    return Path(out or default_out()) / lang / f".{name}.key"


# --------------------------------------------------------------- content keys


def _referenced_names(code):
    """Global names used by ``code`` and by the functions and lambdas nested in it."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _referenced_names(const)
    return names


@functools.cache
def _source(function: types.FunctionType) -> str:
    """A function's source, read once per process (a page's key reads each helper's source
    for every figure that uses it)."""
    return inspect.getsource(function)


def followed_functions(function: types.FunctionType) -> list[types.FunctionType]:
    """``function`` and, recursively, the figure helpers it uses, each once, depth first.

    Helpers are functions defined in `figures_src` and `experiments` (also those kept by
    ``functools.cache``); modules such as ``params`` and ``style`` are hashed whole elsewhere,
    and ``lib`` is hashed as files.
    """
    found = [function]
    for f in found:  # grows as it goes
        for name in sorted(_referenced_names(f.__code__)):
            value = f.__globals__.get(name)
            value = getattr(value, "__wrapped__", value)
            if isinstance(value, types.FunctionType) and value not in found:
                if value.__module__.partition(".")[0] in FOLLOWED:
                    found.append(value)
    return found


def code_fingerprint(function: types.FunctionType) -> str:
    """Source of ``function`` and of the figure helpers it uses (`followed_functions`), with
    the constants each refers to."""
    parts = []
    for f in followed_functions(function):
        parts.append(_source(f))
        for name in sorted(_referenced_names(f.__code__)):
            value = f.__globals__.get(name)
            if isinstance(value, dict) and value and set(value) <= set(LANGUAGES):
                continue  # a table by language (WORDS): each word drawn is in the stored key
            if isinstance(value, int | float | str | bytes | tuple | frozenset | list | dict):
                parts.append(f"{name} = {value!r}")
    return "\n".join(parts)


_cache = {}


def _shared_inputs():
    """Sources of the shared modules and of lib/, and package versions (read once)."""
    if "shared" not in _cache:
        sources = [(ROOT / name).read_bytes() for name in SHARED_MODULES]
        sources += [path.read_bytes() for path in sorted(LIB_DIR.glob("*.py"))]
        versions = [f"{p}=={importlib.metadata.version(p)}" for p in PACKAGES]
        _cache["shared"] = b"\0".join(sources) + "\0".join(versions).encode()
    return _cache["shared"]


def figure_key(name: str, lang: str) -> str:
    """Content hash of everything but its words that determines the files of ``name`` in
    ``lang``: the same in every language with the same fonts."""
    spec = _spec(name)
    digest = hashlib.sha256()
    for part in (
        KEY_VERSION,
        name,
        spec.kind,
        repr(LANGUAGES[lang].font),  # the fonts `_config.yml` declares for the language
        repr(spec.layouts),
        code_fingerprint(spec.draw),
    ):
        digest.update(part.encode() + b"\0")
    digest.update(_shared_inputs())
    return digest.hexdigest()


def stored_key(key: str, drawn: dict[str, str]) -> str:
    """What ``.<name>.key`` holds: the key, and each word the figure drew with its value."""
    return json.dumps({"key": key, "words": drawn}, indent=1, sort_keys=True, ensure_ascii=False)


def current_stored_key(path: Path, key: str, lang: str) -> str | None:
    """What the key file ``path`` holds (see `stored_key`) if it holds ``key`` and every word
    drawn still reads the same in ``lang``, else None."""
    try:
        record = path.read_text(encoding="utf-8")
        stored = json.loads(record)
        same_words = all(words.WORDS[lang].get(k) == v for k, v in stored["words"].items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return record if stored.get("key") == key and same_words else None


def is_current(name: str, lang: str, out: Path | None, key: str) -> bool:
    """True when the stored key matches, every word drawn still reads the same and every
    output exists."""
    if current_stored_key(key_path(name, lang, out), key, lang) is None:
        return False
    return all(p.exists() for p in output_paths(name, lang, out))


def drawn_alike(name: str, lang: str, out: Path | None, key: str) -> str | None:
    """Another language whose files of ``name`` are current for ``key`` and drew only words
    that read the same in ``lang`` (its files are then those ``lang`` would draw), or None."""
    for other in LANGUAGES:
        if other != lang and current_stored_key(key_path(name, other, out), key, lang):
            if all(p.exists() for p in output_paths(name, other, out)):
                return other
    return None


def copy_drawing(name: str, source: str, lang: str, out: Path | None) -> None:
    """Write the files of ``name`` in ``lang`` from those of ``source``, drawn alike: the same
    pictures, the manifest naming ``lang``, the key last."""
    paths = output_paths(name, lang, out)
    paths[0].parent.mkdir(parents=True, exist_ok=True)
    for theirs, ours in zip(output_paths(name, source, out), paths, strict=True):
        data = theirs.read_bytes()
        if ours.suffix == ".json":  # the manifest
            data = manifest_bytes({**json.loads(data), "lang": lang})
        _write_atomic(ours, data)
    _write_atomic(key_path(name, lang, out), key_path(name, source, out).read_bytes())


# --------------------------------------------------------------- drawing and writing


def _write_atomic(path, data):
    """Write ``data`` to a temporary file next to ``path``, then move it into place."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as error:  # a full disk or a read-only folder: no figure could be written
        raise cannot_write(path, error) from None
    finally:
        temporary.unlink(missing_ok=True)


def render_layout(
    name: str, lang: str, layout: str, theme: str = "light"
) -> tuple[list[bytes], dict]:
    """The bytes of the files of ``name`` in ``lang``, ``layout`` and ``theme`` (image first),
    drawn in memory, and their entry in the manifest."""
    from PIL import Image

    from . import anim, reads_alone, style

    spec = _spec(name)
    with style.drawing(lang, theme), style.recording_text() as drawn:
        result = spec.draw(lang, layout)
        _check_drawn(spec, result, f"{lang}/{name} ({layout}, {theme})")
        fig = result.fig if spec.kind == "gif" else result
        try:
            if spec.kind == "gif":
                data = list(anim.render(result, style.layout_of(layout).frame_step))
            else:
                data = [style.png_bytes(fig, style.layout_of(layout).dpi)]
            panels = [[round(v, 4) for v in ax.get_position().extents] for ax in fig.axes]
            unreadable = reads_alone.problems(fig)  # an animation: its last frame
        finally:
            style.close(fig)
    if unreadable:
        raise FigureError(
            f"figure {lang}/{name} ({layout}, {theme}) does not read on its own: "
            + "; ".join(unreadable)
            + " (label every axis with the chapter's symbols and put every marker in a legend)"
        )
    if not drawn:
        raise FigureError(f"figure {lang}/{name} ({layout}, {theme}) draws no text")
    cut = sorted({text.text for text in drawn if text.cut})
    if cut:
        raise FigureError(
            f"figure {lang}/{name} ({layout}, {theme}): text cut off at the edge: {cut}"
        )
    smallest = min(drawn, key=lambda text: text.pixels)
    with Image.open(io.BytesIO(data[0])) as image:
        width, height = image.size
    media = [m for m in (style.layout_of(layout).media, style.theme_media(theme)) if m]
    entry = {
        "layout": layout,
        "theme": theme,
        "media": " and ".join(media) or None,
        "files": spec.files(layout, theme),
        "width": width,
        "height": height,
        "min_text_px": round(smallest.pixels, 2),
        "smallest_text": smallest.text,
        "panels": panels,
    }
    return data, entry


def _check_drawn(spec: registry.FigureSpec, result, where: str) -> None:
    """Raise FigureError unless a figure function returned what its kind needs."""
    from matplotlib.figure import Figure

    from . import anim

    wanted = anim.Scene if spec.kind == "gif" else Figure
    if not isinstance(result, wanted):
        what = "an anim.Scene" if spec.kind == "gif" else "a matplotlib Figure"
        raise FigureError(
            f"figure {where}: {spec.draw.__module__}.{spec.name} returned "
            f"{type(result).__name__}, not {what}; end it with `return fig`"
            + (" (the Scene)" if spec.kind == "gif" else "")
        )


def render(name: str, lang: str) -> tuple[list[bytes], dict[str, str]]:
    """The bytes of every output of ``name`` in ``lang``, in the order of ``output_paths``,
    and the words it drew (key: value)."""
    spec = _spec(name)
    data, variants = [], []
    with words.recording() as used:
        for layout, theme in spec.variants:
            files, entry = render_layout(name, lang, layout, theme)
            data += files
            variants.append(entry)
    manifest = {"name": name, "lang": lang, "kind": spec.kind, "variants": variants}
    data.append(manifest_bytes(manifest))
    return data, {key: words.WORDS[lang][key] for key in sorted(used)}


def draw_and_write(name: str, lang: str, out: Path | None, key: str) -> None:
    """Render, then replace the outputs one by one (the manifest last), then write the key."""
    data, drawn = render(name, lang)
    paths = output_paths(name, lang, out)
    paths[0].parent.mkdir(parents=True, exist_ok=True)
    for path, content in zip(paths, data, strict=True):
        _write_atomic(path, content)
    _write_atomic(key_path(name, lang, out), stored_key(key, drawn).encode())


def _job(name, lang, out, key):
    """Build one figure; returns ``(name, lang, seconds, error text or None)``."""
    start = time.perf_counter()
    try:
        draw_and_write(name, lang, out, key)
        error = None
    except OutputFolderError:
        raise  # stops the build: the next figure could not be written either
    except (FigureError, MissingWordError) as exc:  # said in full by its message
        error = str(exc)
    except Exception as exc:  # one figure's failure must not stop the others
        error = "".join(traceback.format_exception(exc, limit=-TRACEBACK_FRAMES))
    return name, lang, time.perf_counter() - start, error


def clean_temporaries(out: Path, langs) -> None:
    """Remove temporary files left by builds that are no longer running."""
    for lang in langs:
        for path in (Path(out) / lang).glob(".*.tmp-*"):
            pid = path.name.rpartition(".tmp-")[2]
            if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
                continue
            path.unlink(missing_ok=True)


def check_writable(out: Path, langs) -> None:
    """Raise ``OutputFolderError`` unless a file can be created in each language's folder."""
    for lang in langs:
        folder = Path(out) / lang
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
                pass
        except OSError as exc:
            raise cannot_write(folder, exc) from None


def _alive(pid: int) -> bool:
    """True when a process with this id is running: not gone, and not a zombie (a killed
    build's worker stays one until the system reaps it, which a loaded machine may not have
    done when the next build starts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True  # no /proc here: the signal's answer stands
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


# --------------------------------------------------------------- the build


@dataclass
class Summary:
    """What a build did: ``(name, lang)`` pairs built, copied from another language that drew
    them alike, already up to date, or failed."""

    built: list = field(default_factory=list)
    copied: list = field(default_factory=list)
    up_to_date: list = field(default_factory=list)
    failed: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when no figure failed."""
        return not self.failed

    def line(self) -> str:
        """The closing summary line."""
        return (
            f"figures: {len(self.built)} built, {len(self.copied)} copied, "
            f"{len(self.up_to_date)} up to date, "
            f"{len(self.failed)} failed in {self.seconds:.1f} s"
        )


def _spec(name: str) -> registry.FigureSpec:
    """The registry entry of a figure, or UnknownFigureError."""
    try:
        return registry.FIGURES[name]
    except KeyError:
        raise UnknownFigureError([name]) from None


def _report(log, summary, name, lang, seconds, error):
    """Record one finished job in ``summary`` and print its line."""
    if error is None:
        summary.built.append((name, lang))
        log(f"  built  {lang}/{name:<28} {seconds:6.2f} s")
    else:
        summary.failed[name, lang] = error
        indented = "".join(f"         {line}\n" for line in error.rstrip().splitlines())
        log(f"  FAILED {lang}/{name}\n{indented.rstrip()}")


def build(
    names=None, langs=LANGS, jobs: int | None = None, force: bool = False, out=None, log=print
) -> Summary:
    """Build the stale figures (all of them with ``force``) and return a ``Summary``. A stale
    figure that another language has drawn alike (`drawn_alike`) is copied, not drawn.

    ``jobs`` processes draw in parallel (default: one per CPU); with ``jobs=1`` everything
    is drawn in this process. GIFs, the slowest, are started first. Raises
    ``OutputFolderError`` before drawing anything if the output folder is not writable, and at
    the first figure that cannot be written (a full disk), stopping the others.
    """
    start = time.perf_counter()
    names = list(registry.FIGURES) if names is None else list(names)
    unknown = [n for n in names if n not in registry.FIGURES]
    if unknown:
        raise UnknownFigureError(unknown)
    out = Path(out or default_out())
    clean_temporaries(out, langs)
    summary = Summary()
    todo = []
    for name in names:
        for lang in langs:
            key = figure_key(name, lang)
            if force:
                todo.append((name, lang, key))
            elif is_current(name, lang, out, key):
                summary.up_to_date.append((name, lang))
            elif source := drawn_alike(name, lang, out, key):
                copy_drawing(name, source, lang, out)
                summary.copied.append((name, lang))
                log(f"  copied {lang}/{name:<28} from {source}")
            else:
                todo.append((name, lang, key))
    todo.sort(key=lambda job: registry.FIGURES[job[0]].kind != "gif")
    if todo:
        check_writable(out, langs)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    if jobs == 1:
        for name, lang, key in todo:
            _report(log, summary, *_job(name, lang, out, key))
    else:
        pool = workers.pool(jobs)
        try:
            with workers.signals_held():  # the pool forks and starts its threads here
                futures = [pool.submit(_job, name, lang, out, key) for name, lang, key in todo]
            for future in as_completed(futures):
                workers.raise_if_stopped()
                _report(log, summary, *future.result())
        except BaseException:  # Ctrl-C, SIGTERM, a broken pool: no worker may outlive us
            workers.stop(pool)
            raise
        pool.shutdown()
    summary.seconds = time.perf_counter() - start
    return summary


def ensure(name: str, lang: str, out: Path | None = None) -> list[Path]:
    """Build figure ``name`` in ``lang`` here if it is stale (or copy it from a language that
    drew it alike); return its output paths (see ``output_paths``)."""
    check_lang(lang)
    _spec(name)
    key = figure_key(name, lang)
    if is_current(name, lang, out, key):
        return output_paths(name, lang, out)
    clean_temporaries(out or default_out(), [lang])
    if source := drawn_alike(name, lang, out, key):
        copy_drawing(name, source, lang, out)
    else:
        _, _, _, error = _job(name, lang, out, key)
        if error is not None:
            raise FigureError(f"figure {lang}/{name} failed:\n{error}")
    return output_paths(name, lang, out)
