from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "insyn.contracts"
    label = "contracts"
    verbose_name = _("Contract register")
