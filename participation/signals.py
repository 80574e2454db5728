"""Printing lives a floor above (printouts): participation asks for the list of participants through this signal,
whose one receiver (printouts.services.issue_list_of_participants) renders it and keeps it as a Document."""

from django.dispatch import Signal

# sender=Registration, registration=..., user=...; the receiver returns the issued Document (or None: unchanged)
list_of_participants_requested = Signal()
