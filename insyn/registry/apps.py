from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "insyn.registry"
    label = "registry"
    verbose_name = _("Registry (diarium)")

    def ready(self) -> None:
        from insyn.core.services import party_changed

        party_changed.connect(_party_changed, sender=None, dispatch_uid="registry_party_changed")


def _party_changed(*, party, changed_by, reason, **kwargs) -> None:
    from insyn.registry.services import documents_follow_party

    documents_follow_party(party=party, changed_by=changed_by, reason=reason)
