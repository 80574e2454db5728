"""Celery tasks: no arguments, a declared retry policy, a service call, a small dict back; every run is recorded."""

from celery import shared_task
from django.db import DatabaseError

from jobs.recorder import recorded_job

from . import services


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, retry_backoff_max=600, max_retries=3)
@recorded_job("send_reminders")
def send_reminders():
    result = services.send_reminders()
    return {"summary": result.summary, **result.as_dict()}


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, retry_backoff_max=600, max_retries=3)
@recorded_job("send_staff_digest")
def send_staff_digest():
    result = services.send_staff_digest()
    return {"summary": f"sent {result['sent']}, failed {result['failed']}", **result}


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, retry_backoff_max=600, max_retries=3)
def notify_report_reviewed(report_id):
    return {"sent": services.notify_report_reviewed(report_id)}
