"""Configuration: a commented YAML file validated by pydantic, merged over the packaged defaults."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from boundarywatch.domain import CATEGORIES
from boundarywatch.errors import ConfigError

__all__ = ["CODE_WINDOWS_YEARS", "Config", "Thresholds", "default_config_text", "load_config"]

ProfessionalCode = Literal["APA", "ACA", "NASW", "AAMFT"]
PracticeSetting = Literal["standard", "rural", "military", "small_community"]

#: Years after termination during which romantic/sexual contact with a former client is barred (None: never).
CODE_WINDOWS_YEARS: dict[str, int | None] = {"APA": 2, "ACA": 5, "NASW": None, "AAMFT": None}

DEFAULT_CONFIG_NAMES = ("boundarywatch.yaml", "boundarywatch.yml")


class Thresholds(BaseModel):
    """Minimum score per kind for a finding to be reported."""

    model_config = ConfigDict(extra="forbid")
    crossing: float = Field(0.5, ge=0, le=1)
    invitation: float = Field(0.5, ge=0, le=1)
    held: float = Field(0.5, ge=0, le=1)


class Config(BaseModel):
    """Resolved settings (see ``boundarywatch/conf/default.yaml`` for what each key does)."""

    model_config = ConfigDict(extra="forbid")
    code: ProfessionalCode = "APA"
    practice_setting: PracticeSetting = "standard"
    categories: list[str] = Field(default_factory=lambda: list(CATEGORIES))
    thresholds: Thresholds = Field(default_factory=Thresholds)
    report_held: bool = True
    report_answered_invitations: bool = True
    roles: dict[str, str] = Field(default_factory=dict)
    encoder: Literal["auto", "onnx", "torch"] = "auto"
    first_stage: bool = False
    gift_value_threshold: float = Field(50, ge=0)
    vulnerable_client: bool = False

    @field_validator("code", mode="before")
    @classmethod
    def _upper_code(cls, v: Any) -> Any:
        return v.upper() if isinstance(v, str) else v

    @field_validator("categories")
    @classmethod
    def _known_categories(cls, v: list[str]) -> list[str]:
        unknown = [c for c in v if c not in CATEGORIES]
        if unknown:
            raise ValueError(f"unknown categories {unknown}; known: {', '.join(CATEGORIES)}")
        return v

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, v: dict[str, str]) -> dict[str, str]:
        bad = {k: r for k, r in v.items() if r.lower() not in ("therapist", "client")}
        if bad:
            raise ValueError(f"roles must be therapist or client: {bad}")
        return v

    @property
    def former_client_window_years(self) -> int | None:
        """Post-termination window for romantic/sexual contact under :attr:`code` (None: no time limit)."""
        return CODE_WINDOWS_YEARS[self.code]

    def hash(self) -> str:
        """Stable short hash of the resolved settings; stored with every flag."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:12]


def default_config_text() -> str:
    """The packaged, commented default YAML."""
    return resources.files("boundarywatch.conf").joinpath("default.yaml").read_text(encoding="utf-8")


def load_config(path: str | Path | None = None, **overrides: Any) -> Config:
    """Load ``path`` (or ./boundarywatch.yaml if present) over the defaults, then apply ``overrides``."""
    data: dict[str, Any] = yaml.safe_load(default_config_text()) or {}
    if path is None:
        path = next((Path(n) for n in DEFAULT_CONFIG_NAMES if Path(n).is_file()), None)
    if path is not None:
        p = Path(path)
        try:
            user = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise ConfigError(f"{p}: cannot read config ({exc.strerror})") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark else ""
            raise ConfigError(f"{p}: invalid YAML{where}") from None
        if not isinstance(user, dict):
            raise ConfigError(f"{p}: the config must be a mapping of keys to values")
        data.update(user)
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        src = f"{path}: " if path else ""
        raise ConfigError(f"{src}invalid setting {loc}: {first['msg']}") from None
