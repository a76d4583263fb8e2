"""The pages whose notebooks must run are run side by side, before Sphinx reads them one by one.

MyST-NB executes a page's notebook when Sphinx reads the page, so the pages run one after the other:
after an edit of `lib`, fourteen kernels in a row. Here, when a build is about to read pages, each
page's notebook is made exactly as MyST-NB will make it (the page's code key written in,
`book/extension/page_keys.py`); those that the notebook cache does not hold are executed at the same
time, one kernel per core, and put in the cache; MyST-NB then finds them there. A notebook whose
cell fails is not cached: its error is kept for the page's parser (`failed_ahead`), which reports it
as MyST-NB would have (`book/extension/cell_errors.py`) without running the notebook a second time.
So this changes how long a build takes, never what it makes.

Every kernel started here is stopped at once when its notebook is done (nbclient's
`shutdown_kernel="immediate"`): all its output is in by then, and the polite way, a shutdown
request, races in ipykernel 7 with the kernel's own flush of its output and can print a
`ZMQError: Socket operation on non-socket` traceback into the build's log (ipython/ipykernel#1518
fixed one path of that race, not this one). Since even a single notebook runs here, MyST-NB's own
kernels start only for a notebook whose kernel never started here.

A page with no code cell (a landing page) is read as a notebook too, and MyST-NB would start a
kernel to run its nothing: before a build reads pages, those without a code cell are left out of
execution (`skip_pages_without_code`; their text, and so the lines that warnings name, are
unchanged).

On a loaded machine a kernel can be slow to start, or two kernels started at the same moment
can be given the same port: a kernel is given `KERNEL_STARTUP_SECONDS` to answer, and a
notebook whose kernel did not start is tried again, alone, up to `KERNEL_TRIES` times in all.
"""

from __future__ import annotations

import copy
import glob
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from book.extension import page_keys

logger = logging.getLogger(__name__)

KERNEL_STARTUP_SECONDS = 180  # nbclient's default, 60 s, was seen to run out at a load of 15
KERNEL_TRIES = 3
CODE_CELL = re.compile(r"^ *(`{3,}|~{3,}) *\{code-cell\}", re.M)  # MyST-NB's code-cell fence


def skip_pages_without_code(env: BuildEnvironment, docnames: list[str]) -> None:
    """Add the pages to read that have no code cell to MyST-NB's execution exclusions, for
    this build only (its options are made anew each time a build starts)."""
    config = env.mystnb_config
    paths = (Path(env.doc2path(docname)) for docname in sorted(docnames))
    prose = [
        glob.escape(path.as_posix())  # as MyST-NB matches it
        for path in paths
        if path.suffix == ".md" and not CODE_CELL.search(path.read_text(encoding="utf-8"))
    ]
    if prose:
        env.mystnb_config = config.copy(
            execution_excludepatterns=(*config.execution_excludepatterns, *prose)
        )


def notebooks_to_run(env: BuildEnvironment, docnames: list[str]) -> list[tuple]:
    """(docname, notebook, reader, twins) for each page to read whose notebook is not cached;
    `twins` are the other pages to read with the same code, which that one run stands for."""
    from jupyter_cache import get_cache
    from myst_nb.core.read import create_nb_reader

    config = env.mystnb_config
    cache = get_cache(config.execution_cache_path or ".jupyter_cache")
    keys = page_keys.keys_module()
    todo, runs = [], {}
    lang = page_keys.book_lang(env)
    for docname in sorted(docnames):
        path = Path(env.doc2path(docname))
        text = path.read_text(encoding="utf-8")
        text = keys.with_key(text, lang)  # as `page_keys.write_key` will write it
        reader = create_nb_reader(str(path), env.myst_config, config, text)
        if reader is None:
            continue
        notebook = reader.read(text)
        if not executed_from_cache(path, notebook, config):
            continue
        # What the cache matches a notebook by: its kernel and its code cells. Pages with the
        # same code run once; the others find that run in the cache.
        code = (
            repr(notebook.metadata.get("kernelspec")),
            *(cell.source for cell in notebook.cells if cell.cell_type == "code"),
        )
        if code in runs:
            runs[code][3].append(docname)
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            runs[code] = (docname, notebook, reader, [])
            todo.append(runs[code])
    return todo


def executed_from_cache(path: Path, notebook, config) -> bool:
    """Whether MyST-NB would run this notebook through the cache: not excluded by a pattern
    (`execution_excludepatterns`), nor set to another execution mode by its own metadata."""
    posix = PurePosixPath(path.as_posix())
    if any(posix.match(pattern) for pattern in config.execution_excludepatterns):
        return False
    overrides = notebook.metadata.get(config.metadata_key, {})
    return overrides.get("execution_mode", config.execution_mode) == "cache"


class KernelFailure:
    """A notebook whose kernel did not start (or died): no result, to be tried again."""

    def __init__(self, error: Exception) -> None:
        self.error = error


def side_by_side(todo: list[tuple], execute, workers: int) -> list:
    """`execute(docname, notebook)` for each item of `todo`, `workers` at a time; an item whose
    kernel did not start is tried again alone, up to `KERNEL_TRIES` times in all, and stays a
    `KernelFailure` if it never starts. A cell's error is a result, not a failure."""

    def run(item):
        try:
            return execute(item[0], item[1])
        except Exception as error:
            return KernelFailure(error)

    with ThreadPoolExecutor(max_workers=max(1, min(len(todo), workers))) as pool:
        results = list(pool.map(run, todo))
    for index, item in enumerate(todo):
        for attempt in range(2, KERNEL_TRIES + 1):
            if not isinstance(results[index], KernelFailure):
                break
            logger.info(
                f"the kernel did not start ({results[index].error!r}); "
                f"trying again alone ({attempt} of {KERNEL_TRIES})",
                location=item[0],
            )
            results[index] = run(item)
    return results


def failed_ahead(app: Sphinx) -> dict[str, BaseException]:
    """The cell errors of this build's notebooks that failed here, by docname (for the parser)."""
    return app.__dict__.setdefault("book_failed_ahead", {})


def run_ahead(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Execute the uncached notebooks of the pages about to be read, side by side; cache those
    that ran through and keep the errors of those that did not (`env-before-read-docs`)."""
    failed = failed_ahead(app)
    failed.clear()  # a preview worker builds again in the same process
    skip_pages_without_code(env, docnames)
    config = env.mystnb_config
    if config.execution_mode != "cache":
        return
    todo = notebooks_to_run(env, docnames)
    if not todo:
        return
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.executors.utils import single_nb_execution

    def execute(docname: str, notebook):
        """Run a copy of `notebook` (a failed start leaves nothing half-run in the original)."""
        return single_nb_execution(
            copy.deepcopy(notebook),
            cwd=str(Path(env.doc2path(docname)).parent),
            allow_errors=config.execution_allow_errors,
            timeout=config.execution_timeout,
            meta_override=True,
            startup_timeout=KERNEL_STARTUP_SECONDS,
            shutdown_kernel="immediate",
        )

    results = side_by_side(todo, execute, workers=os.cpu_count() or 1)
    cache = get_cache(config.execution_cache_path or ".jupyter_cache")
    together = f"ahead, {len(todo)} pages side by side" if len(todo) > 1 else "ahead"
    for (docname, _, reader, twins), result in zip(todo, results, strict=True):
        if isinstance(result, KernelFailure):
            continue  # MyST-NB runs it in its turn, and reports what goes wrong
        if result.err is not None:
            failed.update(dict.fromkeys([docname, *twins], result.err))
            continue
        path = str(env.doc2path(docname))
        if reader.read_fmt is not None:
            stage = cache.add_nb_to_project(path, read_data=reader.read_fmt)
        else:
            stage = cache.add_nb_to_project(path)
        cache.cache_notebook_bundle(
            CacheBundleIn(result.nb, stage.uri, data={"execution_seconds": result.time}),
            check_validity=False,
            overwrite=True,
        )
        logger.info(
            f"Executed notebook in {result.time:.2f} seconds ({together})",
            location=docname,
        )


def setup(app: Sphinx) -> None:
    """Register the hook."""
    app.connect("env-before-read-docs", run_ahead)
