from django_tasks import task

from insyn.notifications.services import email_deliver


@task()
def deliver_email(*, outgoing_id: int) -> bool:
    return email_deliver(outgoing_id=outgoing_id)
