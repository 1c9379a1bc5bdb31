from django_tasks import task

from insyn.contracts.importing import contract_import_run


@task()
def import_contracts(*, import_id: int) -> str:
    """Check and save one uploaded contract file (insyn/contracts/importing.py)."""
    return contract_import_run(import_id=import_id).status
