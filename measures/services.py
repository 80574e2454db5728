"""The Catalogue's write path for implementation reports: save a report with its new attachments and, when asked,
submit it, in one transaction. The portal's report form, the API's attachment upload and the admin call it; the
permission rule (core.permissions) and the report's workflow (measures.workflows) decide, nobody checks by hand.
"""

from django.db import transaction

from core.permissions import require_kept

from .models import ReportAttachment
from .workflows import REPORT_WORKFLOW


def attach(report, user, upload, title=""):
    """Attach an uploaded file to `report` as `user` (who must be allowed to keep the attachment)."""
    with transaction.atomic():
        attachment = ReportAttachment(report=report, title=title or upload.name, file=upload)
        attachment._history_user = user
        attachment.save()
        require_kept(user, attachment)
    return attachment


def save_report(report, user, *, attachments=(), submit=False, save=None):
    """Save `report` (through `save`, e.g. a form's save, else the row's own) and attach `attachments`; with
    `submit`, take the workflow's Submit step. All or nothing: a refused submission keeps neither the changes nor
    the files (core.storage removes files written by a rolled-back transaction). Returns the saved report."""
    with transaction.atomic():
        report._history_user = user
        report = save() if save else (report.save() or report)
        require_kept(user, report)
        for upload in attachments:
            attach(report, user, upload)
        if submit:
            report = REPORT_WORKFLOW.take(report, user, "submit")
    return report
