"""The lower bounds in pyproject.toml stay at or above the first release with what we use.

Each floor below was found by running the suite with every dependency at its lowest
allowed version (scripts/test-lowest); lowering a bound under it brings the failure back.
"""

import tomllib
from pathlib import Path

import aiosmtplib
import pytest
from packaging.requirements import Requirement
from packaging.version import Version

import mailcrm.drafts.smtp

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"

FLOORS = {
    "aiosmtplib": "5.1",  # SMTP.auth_xoauth2 (smtp.deliver_async); 5.0 has none: AttributeError
    "imapclient": "4.0",  # unselect_folder leaves imaplib in SELECTED before 4.0 (imap.append)
    "click": "8.3.1",  # sqlite-utils 4.0 requires it
    "pytest": "8.1.1",  # module-level setup() helpers in the tests run as nose setup before 8.1
    "aiosmtpd": "1.4.3",  # an SMTPS (ssl_context) Controller cannot start before 1.4.3
    "simplemma": "2.0",  # engine/lemmas.py reads the front-coded dictionaries 2.0 introduced
}


def requirements() -> dict[str, Requirement]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    reqs += [Requirement(r) for extra in project["optional-dependencies"].values() for r in extra]
    return {r.name.lower(): r for r in reqs}


def lower_bound(req: Requirement) -> Version | None:
    bounds = [Version(s.version) for s in req.specifier if s.operator == ">="]
    return max(bounds) if bounds else None


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_lower_bound_is_not_below_the_first_working_release(name):
    req = requirements()[name]
    assert lower_bound(req) is not None, f"{req}: no >= bound"
    assert lower_bound(req) >= Version(FLOORS[name]), f"{req}: needs >= {FLOORS[name]} ({PYPROJECT.name})"


def test_the_xoauth2_call_exists_in_the_installed_aiosmtplib():
    # The reason for aiosmtplib's floor: if smtp.py stops using auth_xoauth2, the floor may drop.
    assert "auth_xoauth2" in Path(mailcrm.drafts.smtp.__file__).read_text(encoding="utf-8")
    assert hasattr(aiosmtplib.SMTP, "auth_xoauth2")
