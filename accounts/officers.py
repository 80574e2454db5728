"""What a Secretariat officer may do in the admin: the "Secretariat officers" group, kept current after every migrate.

Staff are ordinary users with `role=secretariat`, `is_staff` and this group; nobody needs to be a superuser for the
Secretariat's work. The group holds every permission of the portal's own apps (a new model is covered by the next
migrate) and of the operational records staff look after: lockouts (django-axes, to lift one), second-factor
devices (to reset a lost one), the job schedule (django-celery-beat). It never holds the permissions to edit groups
or permissions themselves, and the user admin keeps `is_superuser`, `groups` and `user_permissions` read-only for
anyone who is not a superuser (accounts.admin), so an officer cannot grant themselves more.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.models import Q

SECRETARIAT_OFFICERS = "Secretariat officers"

# The apps besides the portal's own whose records staff work with, and which of their actions they may take.
OPERATIONAL = {
    "axes": ("view", "delete"),
    "otp_totp": ("view", "delete"),
    "otp_static": ("view", "delete"),
    "django_celery_beat": ("view", "add", "change", "delete"),
}


def own_app_labels():
    """The labels of the portal's own apps (the folders at the project's top: installed packages live elsewhere)."""
    root = Path(settings.BASE_DIR).resolve()
    return [config.label for config in apps.get_app_configs() if Path(config.path).resolve().parent == root]


def officer_permissions():
    from django.contrib.auth.models import Permission

    operational = Q()
    for label, actions in OPERATIONAL.items():
        operational |= Q(content_type__app_label=label, codename__regex=rf"^({'|'.join(actions)})_")
    return Permission.objects.filter(Q(content_type__app_label__in=own_app_labels()) | operational)


def ensure_officers_group(**kwargs):
    """Create or update the group (a post_migrate receiver; also called by the demo seeder and the tests)."""
    from django.contrib.auth.models import Group

    group, _created = Group.objects.get_or_create(name=SECRETARIAT_OFFICERS)
    group.permissions.set(officer_permissions())
    return group


def officers_group():
    """The group as it stands (set up by the last migrate), created now if it is missing."""
    from django.contrib.auth.models import Group

    return Group.objects.filter(name=SECRETARIAT_OFFICERS).first() or ensure_officers_group()
