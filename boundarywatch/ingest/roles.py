"""Map speaker labels (``Therapist``, ``T``, ``Dr. Lee``, an e-mail address) to roles."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from boundarywatch.domain import Role
from boundarywatch.errors import ConfigError

__all__ = ["RoleMap", "parse_roles_option"]

_BUILTIN: dict[str, Role] = {
    **{k: Role.THERAPIST for k in (
        "therapist", "t", "th", "counselor", "counsellor", "clinician", "psychologist", "psychotherapist",
        "social worker", "provider", "dr", "doctor", "mft", "lpc", "lcsw", "psychiatrist", "coach",
    )},
    **{k: Role.CLIENT for k in ("client", "c", "cl", "patient", "pt", "p", "member", "consumer")},
}


def _key(label: str) -> str:
    return re.sub(r"\s+", " ", label.strip().strip(":").casefold())


class RoleMap:
    """Resolve a speaker label to a role: explicit mapping first, then built-in role words."""

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        self._explicit: dict[str, Role] = {}
        for name, role in (mapping or {}).items():
            try:
                self._explicit[_key(name)] = Role(role.strip().lower())
            except ValueError as exc:
                raise ConfigError(f"unknown role {role!r} for {name!r} (use therapist or client)") from exc

    def resolve(self, label: str) -> Role:
        """Return the role for ``label``; :attr:`Role.UNKNOWN` when nothing matches."""
        k = _key(label)
        if k in self._explicit:
            return self._explicit[k]
        # e-mail style "Name <addr>" or bare address: try both parts
        m = re.match(r"^(.*?)\s*<([^>]+)>$", k)
        if m:
            for part in (m.group(2), m.group(1).strip('" ')):
                if part in self._explicit:
                    return self._explicit[part]
        if k in _BUILTIN:
            return _BUILTIN[k]
        # "Therapist (Dr. Lee)", "Client - Sam": a role word of 3+ letters leads the label. A lone initial
        # ("T. Nguyen", "P Smith") and "Dr." in front of a name say nothing about the role.
        first = re.split(r"[\s(\-–:]", k, maxsplit=1)[0].rstrip(".")
        if len(first) >= 3 and first in _BUILTIN and first not in ("dr", "doctor"):
            return _BUILTIN[first]
        return Role.UNKNOWN

    def __bool__(self) -> bool:
        return bool(self._explicit)

    def items(self) -> list[tuple[str, Role]]:
        """The explicit mappings."""
        return list(self._explicit.items())


def parse_roles_option(value: str | None) -> dict[str, str]:
    """Parse ``--roles "Dr. Lee=therapist,Sam=client"`` or ``@path`` to a YAML/``name=role`` lines file."""
    if not value:
        return {}
    if value.startswith("@") or Path(value).is_file():
        path = Path(value.lstrip("@"))
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read roles file ({exc.strerror})") from exc
        mapping = _yaml_mapping(text)
        if mapping is not None:
            return mapping
        pairs = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        sep_pairs = [re.split(r"\s*[=:]\s*", ln.strip(), maxsplit=1) for ln in pairs]
    else:
        sep_pairs = [p.split("=", 1) for p in value.split(",") if p.strip()]
    out: dict[str, str] = {}
    for pair in sep_pairs:
        if len(pair) != 2 or not pair[0].strip() or not pair[1].strip():
            raise ConfigError(f"bad role mapping {'='.join(pair)!r}; expected NAME=therapist or NAME=client")
        out[_unquote(pair[0])] = _unquote(pair[1].split(" #", 1)[0])
    return out


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1].strip()
    return value


def _yaml_mapping(text: str) -> dict[str, str] | None:
    """A YAML ``name: role`` mapping (quoted keys, comments); None if ``text`` is not one."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    if isinstance(data, dict) and data and all(isinstance(v, str) for v in data.values()):
        return {str(k).strip(): v.strip() for k, v in data.items()}
    return None
