"""Every config section checked when the config loads, not when a stage first reads it.

config.py checks what it turns into dataclasses; the other sections belong to the
modules that read them and are validated there. Run together here, a mistake such as
`[grading.follow_up_days] A = "weekly"` fails `mailcrm status` with file, line and
reason, instead of failing a sync after the mail has been downloaded.
"""

from __future__ import annotations

from ..config import Config


def check_sections(config: Config) -> Config:
    """Raise ConfigError (file:line: key: reason) for the first bad setting in any section."""
    from ..drafts import settings as draft_settings
    from ..mail import addresses as freemail
    from ..engine import grading, horizon
    from ..night import settings as management_settings
    from ..engine.loader import rule_settings
    from ..money import money_settings

    freemail.customer_settings(config)  # [customers]
    rule_settings(config)  # [rules]
    grading.grading_settings(config)  # [grading]
    horizon.agenda_settings(config)  # [agenda]
    money_settings(config)  # [money]
    draft_settings.load_settings(config)  # [drafts], [content], [holidays]
    management_settings.digest_settings(config)  # [digest]
    management_settings.pool_settings(config)  # [pool]
    management_settings.nightly_settings(config)  # [nightly]
    return config
