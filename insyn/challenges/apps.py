from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "insyn.challenges"
    label = "challenges"
    verbose_name = _("Right to challenge (utmanarrätt)")

    def ready(self) -> None:
        # The default wording of the process's e-mails (insyn/challenges/emails.py).
        from insyn.challenges import emails  # noqa: F401
