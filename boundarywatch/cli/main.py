"""The ``boundarywatch`` command: scan, config, recognizers, train, eval, plus the workbench, records and Spark
commands from their own modules."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path

import click
import yaml

from boundarywatch._version import __version__
from boundarywatch.errors import BoundarywatchError, ConfigError

__all__ = ["cli", "main"]

log = logging.getLogger("boundarywatch")
EXIT_CLEAN, EXIT_FLAGS, EXIT_ERROR = 0, 1, 2


def _config(path: str | None, **overrides: object):  # type: ignore[no-untyped-def]
    from boundarywatch.config import load_config

    return load_config(path, **overrides)


_LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    # name -> (module, attribute); imported only when the command runs, to keep `scan` start-up fast
    "conflicts": ("boundarywatch.cli.conflicts", "conflicts"),
    "serve": ("boundarywatch.web.cli", "serve"),
    "migrate": ("boundarywatch.web.cli", "migrate_cmd"),
    "audit": ("boundarywatch.web.cli", "audit"),
    "users": ("boundarywatch.web.cli", "users"),
    "spark-scan": ("boundarywatch.scale.spark", "spark_scan_command"),
}
_LAZY_HELP = {
    "conflicts": "Conflict check over practice records: the same person in two roles.",
    "serve": "Run the review workbench (web app).",
    "migrate": "Create or upgrade the review database schema.",
    "audit": "Verify the hash-chained audit trail.",
    "users": "Manage workbench accounts.",
    "spark-scan": "Screen a Parquet or JSON Lines message store on Spark.",
}


class _LazyGroup(click.Group):
    """A group whose optional commands are imported on first use; a missing extra gives a one-line error."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *_LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in _LAZY_COMMANDS:
            return super().get_command(ctx, name)
        module, attr = _LAZY_COMMANDS[name]
        if ctx.resilient_parsing or "--help" in sys.argv and len(sys.argv) <= 2:
            return click.Command(name, help=_LAZY_HELP[name])
        try:
            import importlib

            cmd: click.Command = getattr(importlib.import_module(module), attr)
        except ImportError as exc:
            missing = exc.name or str(exc)

            def _missing() -> None:
                _fail(f"{name} needs an optional extra that is not installed ({missing}); run scripts/setup")

            return click.Command(name, callback=_missing, help=_LAZY_HELP[name])
        return cmd


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="boundarywatch")
@click.option("-v", "--verbose", count=True, help="More log detail on stderr (never transcript text).")
def cli(verbose: int) -> None:
    """Screen therapy transcripts and messages for dual relationships and boundary violations.

    Everything runs offline. Exit codes: 0 nothing flagged, 1 flags found, 2 usage or input errors.
    """
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("boundarywatch: %(levelname)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(level)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default="table",
              show_default=True, help="Output format (jsonl is the stable per-flag contract, docs/output.md).")
@click.option("--input-format", type=click.Choice(["vtt", "srt", "text", "narrative", "json", "jsonl", "csv",
                                                   "eml", "mbox"]),
              help="Force the input format instead of detecting it from extension and content.")
@click.option("--roles", help='Speaker names to roles: "Dr. Lee=therapist,Sam=client", or @FILE '
              "(YAML or NAME=ROLE lines).")
@click.option("--csv-columns", help='CSV column mapping: "text=Body,sender=From,timestamp=Sent,thread=Thread".')
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="YAML config (default: ./boundarywatch.yaml if present, else built-in defaults).")
@click.option("--code", type=click.Choice(["APA", "ACA", "NASW", "AAMFT"], case_sensitive=False),
              help="Professional code to cite (overrides the config).")
@click.option("--setting", type=click.Choice(["standard", "rural", "military", "small_community"]),
              help="Practice setting (overrides the config).")
@click.option("--encoder", type=click.Choice(["auto", "onnx", "torch"]), help="Sentence encoder (overrides config).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write results to FILE (atomically) instead of stdout.")
@click.option("--store", is_flag=True, help="Also import documents and flags into the review database.")
@click.option("--db", "db_url", envvar="BOUNDARYWATCH_DB", help="Database URL or SQLite path for --store "
              "(default: boundarywatch.db).")
@click.option("--no-progress", is_flag=True, help="Never show the progress bar.")
def scan(paths: tuple[str, ...], fmt: str, input_format: str | None, roles: str | None, csv_columns: str | None,
         config_path: str | None, code: str | None, setting: str | None, encoder: str | None, output: str | None,
         store: bool, db_url: str | None, no_progress: bool) -> None:
    """Screen files and directories (recursively) for boundary events.

    Formats: WebVTT (Zoom, Teams), SRT, plain-text "Speaker: text" transcripts, JSON/JSONL/CSV message exports,
    .eml/.mbox e-mail, and narrative prose (report mode). A bad input is reported on one line and skipped.
    """
    from boundarywatch.cli.progress import Progress
    from boundarywatch.detect import Screener
    from boundarywatch.ingest import ReadOptions, RoleMap, iter_input_files, parse_roles_option
    from boundarywatch.output.formats import count_kinds, summary_line, write_results
    from boundarywatch.pipeline import scan_paths

    started = time.monotonic()
    try:
        cfg = _config(config_path, code=code, practice_setting=setting, encoder=encoder)
        role_map = {**cfg.roles, **parse_roles_option(roles)}
        columns = _parse_columns(csv_columns)
        options = ReadOptions(roles=RoleMap(role_map), csv_columns=columns)
        screener = Screener(cfg)
        screener.load()
    except BoundarywatchError as exc:
        _fail(str(exc))
    total = sum(1 for _ in iter_input_files(list(paths)))
    progress = Progress(total, enabled=not no_progress)
    out_fh, tmp_path = _open_output(output)
    n_docs = n_flags = n_err = 0
    kinds: dict[str, int] = {}
    stored: list[object] = []
    try:
        results = scan_paths(list(paths), screener, input_format=input_format, options=options)
        for res in write_results(results, fmt, out_fh):
            progress.advance()
            if res.error is not None:
                n_err += 1
                click.echo(f"boundarywatch: error: {res.error}", err=True)
                continue
            n_docs += 1
            n_flags += len(res.findings)
            count_kinds(res.findings, kinds)
            if res.document is not None:
                for w in res.document.warnings:
                    click.echo(f"boundarywatch: warning: {res.document.path}: {w}", err=True)
            if store:
                stored.append(res)
    except BoundarywatchError as exc:
        _discard(out_fh, tmp_path)
        _fail(str(exc))
    progress.close()
    _close_output(out_fh, tmp_path, output)
    if store and stored:
        _store(stored, screener, db_url)
    click.echo(summary_line(n_docs, n_flags, n_err, kinds, time.monotonic() - started), err=True)
    sys.exit(EXIT_ERROR if n_err else EXIT_FLAGS if n_flags else EXIT_CLEAN)


def _store(results: list[object], screener: object, db_url: str | None) -> None:
    try:
        from boundarywatch.store.importer import import_to_database
    except ImportError:
        _fail("--store needs the [web] extra (run scripts/setup)")
    summary = import_to_database(
        db_url, results, config_hash=screener.config_hash,  # type: ignore[attr-defined]
        recognizer_versions=screener.recognizer_versions, actor="cli",  # type: ignore[attr-defined]
    )
    click.echo(f"boundarywatch: stored: {summary.documents_new} new document(s), {summary.documents_skipped} already "
               f"stored, {summary.flags_new} new flag(s) (import {summary.import_id})", err=True)


def _parse_columns(value: str | None) -> dict[str, str]:
    if not value:
        return {}
    out = {}
    for part in value.split(","):
        if "=" not in part:
            raise ConfigError(f"bad --csv-columns entry {part!r}; expected FIELD=COLUMN")
        k, v = part.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def _open_output(output: str | None):  # type: ignore[no-untyped-def]
    if not output:
        return sys.stdout, None
    target = Path(output)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        return open(tmp, "w", encoding="utf-8", newline=""), tmp
    except OSError as exc:
        _fail(f"{output}: cannot write ({exc.strerror})")


def _close_output(fh, tmp: Path | None, output: str | None) -> None:  # type: ignore[no-untyped-def]
    if tmp is None:
        fh.flush()
        return
    fh.close()
    os.replace(tmp, output)  # type: ignore[arg-type]


def _discard(fh, tmp: Path | None) -> None:  # type: ignore[no-untyped-def]
    if tmp is not None:
        fh.close()
        tmp.unlink(missing_ok=True)


def _fail(message: str) -> None:
    click.echo(f"boundarywatch: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@cli.group()
def config() -> None:
    """Show or create the configuration."""


@config.command("show")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="YAML config to resolve.")
@click.option("--defaults", is_flag=True, help="Print the packaged, commented default file instead.")
def config_show(config_path: str | None, defaults: bool) -> None:
    """Print the resolved settings (defaults merged with your file) as YAML."""
    from boundarywatch.config import default_config_text

    if defaults:
        click.echo(default_config_text(), nl=False)
        return
    try:
        cfg = _config(config_path)
    except BoundarywatchError as exc:
        _fail(str(exc))
    click.echo(f"# resolved configuration (hash {cfg.hash()})")
    click.echo(yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False), nl=False)


@config.command("init")
@click.argument("path", default="boundarywatch.yaml", type=click.Path(dir_okay=False))
def config_init(path: str) -> None:
    """Write the commented default configuration to PATH (refuses to overwrite)."""
    from boundarywatch.config import default_config_text

    if Path(path).exists():
        _fail(f"{path}: already exists")
    Path(path).write_text(default_config_text(), encoding="utf-8")
    click.echo(f"wrote {path}")


@cli.group()
def recognizers() -> None:
    """Inspect the registered recognizers."""


@recognizers.command("list")
def recognizers_list() -> None:
    """List registered recognizers with their categories."""
    from boundarywatch.detect.registry import registry

    for name, factory in sorted(registry.get_all().items()):
        rec = factory()
        click.echo(f"{name:28s} {', '.join(rec.categories)}")


@cli.command()
@click.option("--finetune/--no-finetune", default=True, show_default=True,
              help="Train the encoder adapter first (slow: about 70 minutes on 2 cores), or fit only the heads on "
                   "the current encoder (the packaged adapter, if any).")
@click.option("--encoder", type=click.Choice(["torch", "onnx", "auto"]), default="torch", show_default=True,
              help="With --no-finetune: the encoder that embeds the corpus (torch is the reference).")
@click.option("--splits", default="train,dev", show_default=True,
              help="Corpus splits to fit on (never test).")
@click.option("--seed", default=13, show_default=True, type=int)
@click.option("--corpus", type=click.Path(file_okay=False), help="Corpus directory (default: data/corpus).")
@click.option("--out", type=click.Path(dir_okay=False),
              help="Where to write the model (default: packaged path); the adapter goes next to it.")
def train(finetune: bool, encoder: str, splits: str, seed: int, corpus: str | None, out: str | None) -> None:
    """Rebuild the learned recognizer (encoder adapter and heads) from the labelled corpus, seeded.

    After a new adapter, rebuild the fast encoder with `python scripts/build_onnx.py` (scripts/setup does it).
    """
    from boundarywatch.corpus.load import DEFAULT_CORPUS
    from boundarywatch.detect.encoders import load_encoder
    from boundarywatch.training.train import train_model

    chosen = tuple(s.strip() for s in splits.split(",") if s.strip())
    if "test" in chosen:
        _fail("training on the test split is not allowed")
    started = time.monotonic()
    model = train_model(None if finetune else load_encoder(encoder),
                        corpus=Path(corpus) if corpus else DEFAULT_CORPUS, splits=chosen, seed=seed,
                        finetune_encoder=finetune, out=Path(out) if out else None)
    click.echo(json.dumps(model.manifest, sort_keys=True))
    click.echo(f"trained in {time.monotonic() - started:.1f}s", err=True)
    if finetune:
        click.echo("new encoder adapter: rebuild the fast encoder with `python scripts/build_onnx.py`", err=True)


@cli.command("eval")
@click.option("--split", type=click.Choice(["dev", "test", "holdout"]), default="dev", show_default=True,
              help="A corpus split, or holdout: every conversation of data/holdout (writers never trained on).")
@click.option("--encoder", type=click.Choice(["auto", "onnx", "torch"]), help="Encoder (default: from config).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--corpus", type=click.Path(file_okay=False),
              help="Corpus directory (default: data/corpus; with --split holdout, data/holdout).")
def eval_cmd(split: str, encoder: str | None, config_path: str | None, as_json: bool, corpus: str | None) -> None:
    """Evaluate the detector on a corpus split and print precision/recall/F1, kind accuracy and error rates."""
    from boundarywatch.corpus import load_corpus, load_holdout
    from boundarywatch.corpus.load import DEFAULT_CORPUS, DEFAULT_HOLDOUT
    from boundarywatch.detect import Screener
    from boundarywatch.training.evaluate import evaluate, format_report

    cfg = _config(config_path, encoder=encoder)
    if split == "holdout":
        convs = load_holdout(Path(corpus) if corpus else DEFAULT_HOLDOUT)
    else:
        convs = load_corpus(Path(corpus) if corpus else DEFAULT_CORPUS, (split,), allow_test=split == "test")
    rep = evaluate(Screener(cfg), convs, split)
    click.echo(json.dumps(rep.as_dict(), indent=2) if as_json else format_report(rep))


@cli.command("agreement")
@click.option("--labels", type=click.Path(file_okay=False, exists=True),
              help="Second annotator's files, corpus format (default: data/agreement).")
@click.option("--corpus", type=click.Path(file_okay=False), help="Reference corpus directory (default: data/corpus).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def agreement_cmd(labels: str | None, corpus: str | None, as_json: bool) -> None:
    """Score a second annotator's labels of corpus conversations against the corpus labels.

    The eval command's measures, applied to a person instead of the detector: how far a detector can be
    expected to agree with these labels. Only train and dev conversations are compared.
    """
    from boundarywatch.corpus import load_corpus
    from boundarywatch.corpus.load import DEFAULT_CORPUS
    from boundarywatch.training.agreement import compare, format_agreement

    second_dir = Path(labels) if labels else DEFAULT_CORPUS.parent / "agreement"
    second = load_corpus(second_dir, ("train", "dev"))
    if not second:
        raise BoundarywatchError(f"{second_dir}: no train or dev conversations to compare")
    reference = load_corpus(Path(corpus) if corpus else DEFAULT_CORPUS, ("train", "dev"))
    rep = compare(reference, second)
    click.echo(json.dumps(rep.as_dict(), indent=2) if as_json else format_agreement(rep))


def main() -> None:
    """Console entry point: never show a traceback for expected errors."""
    try:
        cli(standalone_mode=True)
    except BoundarywatchError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        click.echo("boundarywatch: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
