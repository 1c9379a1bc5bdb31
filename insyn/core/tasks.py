"""Background work shared by every module. Tasks run in the django-tasks worker
(`insyn db_worker`) after the transaction that asked for them has committed."""

from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str, reply_to: list[str] | None = None) -> int:
    message = EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to or None)
    return message.send()
