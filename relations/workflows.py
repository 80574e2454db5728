"""The MoU workflow (registered from RelationsConfig.ready()).

agreement  under negotiation --sign--> signed --enter into force--> in force --renew--> in force
           signed | in force --expire--> expired --renew--> in force;  signed | in force --terminate--> terminated
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.workflows import Transition, Workflow, register

from .choices import AgreementStatus
from .models import Agreement


def _signing_date(agreement, data):
    """The signing date."""
    if not (data.get("signed_on") or agreement.signed_on):
        raise ValidationError({"signed_on": _("Give the date the agreement was signed.")})


def _stamp_signature(agreement, user, data):
    """Where and when it was signed."""
    agreement.signed_on = data.get("signed_on") or agreement.signed_on
    agreement.signed_at = data.get("signed_at") or agreement.signed_at
    return ["signed_on", "signed_at"]


def _stamp_entry_into_force(agreement, user, data):
    """The date of entry into force (the signing date unless given)."""
    agreement.entry_into_force_on = data.get("entry_into_force_on") or agreement.signed_on or timezone.localdate()
    return ["entry_into_force_on"]


def _new_term(agreement, data):
    """A new expiry date after today."""
    expires = data.get("expires_on")
    if expires is None or expires <= timezone.localdate():
        raise ValidationError({"expires_on": _("Give the new expiry date, after today.")})


def _stamp_renewal(agreement, user, data):
    """The new expiry and renewal dates."""
    agreement.expires_on = data["expires_on"]
    agreement.renewal_on = data.get("renewal_on")
    return ["expires_on", "renewal_on"]


A = AgreementStatus
AGREEMENT_WORKFLOW = register(
    Agreement,
    Workflow(
        states=A,
        initial=[A.UNDER_NEGOTIATION],
        noun=gettext_lazy("agreement"),
        transitions=[
            Transition(
                "sign",
                (A.UNDER_NEGOTIATION,),
                A.SIGNED,
                gettext_lazy("Sign"),
                "signed",
                check=_signing_date,
                apply=_stamp_signature,
                inputs=("signed_on", "signed_at"),
            ),
            Transition(
                "enter_into_force",
                (A.SIGNED,),
                A.IN_FORCE,
                gettext_lazy("Enter into force"),
                "entered_into_force",
                apply=_stamp_entry_into_force,
                inputs=("entry_into_force_on",),
            ),
            Transition(
                "renew",
                (A.IN_FORCE, A.EXPIRED),
                A.IN_FORCE,
                gettext_lazy("Renew"),
                "renewed",
                check=_new_term,
                apply=_stamp_renewal,
                inputs=("expires_on", "renewal_on"),
            ),
            Transition("expire", (A.SIGNED, A.IN_FORCE), A.EXPIRED, gettext_lazy("Mark expired"), "expired"),
            Transition(
                "terminate",
                (A.SIGNED, A.IN_FORCE),
                A.TERMINATED,
                gettext_lazy("Terminate"),
                "terminated",
                destructive=True,
            ),
        ],
    ),
)
