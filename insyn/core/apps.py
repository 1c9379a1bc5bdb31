from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "insyn.core"
    label = "core"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from insyn.core import lookups

        post_migrate.connect(create_cache_table, sender=self)
        lookups.register()


def create_cache_table(sender, using: str = "default", verbosity: int = 1, **kwargs) -> None:
    """`insyn migrate` also makes the table of the database cache (CACHES, where the rate
    limits count when no REDIS_URL is set). Does nothing for other cache backends, and
    nothing if the table is there."""
    from django.conf import settings
    from django.core.management import call_command

    if any(
        cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
        for cache in settings.CACHES.values()
    ):
        call_command("createcachetable", database=using, verbosity=verbosity)
